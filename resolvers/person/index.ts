import { person } from './Query/person';
import { personById } from './Query/personById';
import { persons } from './Query/persons';
import { Person } from './Person';

export const personResolvers = {
  Query: { person, personById, persons },
  Person,
};
