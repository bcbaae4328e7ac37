import type { ProgrammeResolvers } from '../../src/generated/graphql';
import { enrollmentsOfProgramme } from '../../src/services/programme';

export const Programme: ProgrammeResolvers = {
  code: (p) => p._id,
  enrollments: (p, { status, first, after }, ctx) => enrollmentsOfProgramme(ctx, p, status, { first, after }),
};
