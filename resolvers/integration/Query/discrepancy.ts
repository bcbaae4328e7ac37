import type { QueryResolvers } from '../../../src/generated/graphql';
import { discrepancyById } from '../../../src/services/integration';

export const discrepancy: QueryResolvers['discrepancy'] = (_p, { id }, ctx) => discrepancyById(ctx, id);
