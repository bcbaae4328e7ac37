import { AuditEvent } from './AuditEvent';
import { auditByViewer } from './Query/auditByViewer';
import { auditTrail } from './Query/auditTrail';

export const auditResolvers = {
  Query: { auditTrail, auditByViewer },
  AuditEvent,
};
