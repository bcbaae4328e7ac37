import type { QueryResolvers } from '../../../src/generated/graphql';
import { listDiscrepancies } from '../../../src/services/integration';

export const discrepancies: QueryResolvers['discrepancies'] = (_p, { filter, first, after, last, before, orderBy }, ctx) =>
  listDiscrepancies(ctx, filter, { first, after, last, before }, orderBy);
