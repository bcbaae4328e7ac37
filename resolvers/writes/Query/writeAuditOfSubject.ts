import type { QueryResolvers } from '../../../src/generated/graphql';
import { writeAuditOfSubject as ofSubject } from '../../../src/services/writeAudit';

export const writeAuditOfSubject: QueryResolvers['writeAuditOfSubject'] = (_p, { id, first, after }, ctx) => ofSubject(ctx, id, { first, after });
