import type { VisitResolvers } from '../../src/generated/graphql';
import { discrepanciesOf, householdOf, personOf } from '../../src/services/verval';

export const Visit: VisitResolvers = {
  id: (v) => v._id,
  person: (v, _a, ctx) => personOf(ctx, v.personId),
  household: (v, _a, ctx) => householdOf(ctx, v.householdId),
  observed: (v) => v.observed as never,
  discrepancies: (v, _a, ctx) => discrepanciesOf(ctx, v.discrepancyIds),
};
