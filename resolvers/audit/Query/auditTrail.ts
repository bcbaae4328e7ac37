import type { QueryResolvers } from '../../../src/generated/graphql';
import { auditTrailOfNik } from '../../../src/services/audit';

export const auditTrail: QueryResolvers['auditTrail'] = (_p, { nik, first, after }, ctx) => auditTrailOfNik(ctx, nik, { first, after });
