import type { QueryResolvers } from '../../../src/generated/graphql';
import { listHouseholds } from '../../../src/services/household';

export const households: QueryResolvers['households'] = (_p, { filter, first, after, last, before, orderBy }, ctx) =>
  listHouseholds(ctx, filter, { first, after, last, before }, orderBy);
