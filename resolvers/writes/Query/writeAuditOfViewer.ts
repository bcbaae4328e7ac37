import type { QueryResolvers } from '../../../src/generated/graphql';
import { writeAuditOfViewer as ofViewer } from '../../../src/services/writeAudit';

export const writeAuditOfViewer: QueryResolvers['writeAuditOfViewer'] = (_p, { subject, first, after }, ctx) => ofViewer(ctx, subject, { first, after });
