import type { AuditEventResolvers } from '../../src/generated/graphql';

export const AuditEvent: AuditEventResolvers = {
  id: (e) => e._id,
  at: (e) => e.at.toISOString(),
};
