import type { EnrollmentResolvers } from '../../src/generated/graphql';
import { enrollmentExceedsMax, enrollmentYears, householdOfEnrollment, personOfEnrollment, programmeOf } from '../../src/services/programme';

export const Enrollment: EnrollmentResolvers = {
  id: (e) => e._id,
  programme: (e, _a, ctx) => programmeOf(ctx, e),
  household: (e, _a, ctx) => householdOfEnrollment(ctx, e),
  person: (e, _a, ctx) => personOfEnrollment(ctx, e),
  yearsReceived: (e, _a, ctx) => enrollmentYears(ctx, e),
  exceedsMaxDuration: (e, _a, ctx) => enrollmentExceedsMax(ctx, e),
};
