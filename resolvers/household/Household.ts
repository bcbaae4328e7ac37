import type { HouseholdResolvers } from '../../src/generated/graphql';
import { enrollmentsOfHousehold, headOf, householdReceivesAid, kkHistoryOf, membersOf } from '../../src/services/household';
import { desaOf } from '../../src/services/region';

export const Household: HouseholdResolvers = {
  id: (h) => h._id,
  kkHistory: (h) => kkHistoryOf(h),
  head: (h, _a, ctx) => headOf(ctx, h),
  members: (h, _a, ctx) => membersOf(ctx, h),
  desa: (h, _a, ctx) => desaOf(ctx, h.desaCode),
  receivesAid: (h) => householdReceivesAid(h),
  enrollments: (h, _a, ctx) => enrollmentsOfHousehold(ctx, h),
};
