import { household } from './Query/household';
import { householdByKk } from './Query/householdByKk';
import { households } from './Query/households';
import { Household } from './Household';

export const householdResolvers = {
  Query: { household, householdByKk, households },
  Household,
};
