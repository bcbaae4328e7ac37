import { programmes } from './Query/programmes';
import { programme } from './Query/programme';
import { enrollments } from './Query/enrollments';
import { Programme } from './Programme';
import { Enrollment } from './Enrollment';

export const programmeResolvers = {
  Query: { programmes, programme, enrollments },
  Programme,
  Enrollment,
};
