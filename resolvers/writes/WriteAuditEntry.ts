import type { WriteAuditEntryResolvers } from '../../src/generated/graphql';

export const WriteAuditEntry: WriteAuditEntryResolvers = {
  id: (e) => e._id,
  at: (e) => e.at.toISOString(),
};
