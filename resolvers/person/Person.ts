import type { PersonResolvers } from '../../src/generated/graphql';
import { enrollmentsOfPerson, householdOfPerson, personAge, personAgeGroup, personReceivesAid, trainingsOfPerson } from '../../src/services/person';
import { desaOf } from '../../src/services/region';

export const Person: PersonResolvers = {
  id: (p) => p._id,
  age: (p, _a, ctx) => personAge(p, ctx.now),
  ageGroup: (p, _a, ctx) => personAgeGroup(p, ctx.now),
  hasDisability: (p) => p.disability !== null && p.disability !== undefined,
  receivesAid: (p) => personReceivesAid(p),
  desa: (p, _a, ctx) => desaOf(ctx, p.desaCode),
  household: (p, _a, ctx) => householdOfPerson(ctx, p),
  enrollments: (p, _a, ctx) => enrollmentsOfPerson(ctx, p),
  trainings: (p, _a, ctx) => trainingsOfPerson(ctx, p),
};
