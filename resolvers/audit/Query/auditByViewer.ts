import type { QueryResolvers } from '../../../src/generated/graphql';
import { auditOfViewer } from '../../../src/services/audit';

export const auditByViewer: QueryResolvers['auditByViewer'] = (_p, { subject, first, after }, ctx) => auditOfViewer(ctx, subject, { first, after });
