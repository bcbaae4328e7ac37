import { childRowFilter, rowFilter } from '../auth/scope';
import type { Viewer } from '../auth/viewer';
import { Household, type HouseholdDoc } from '../db/models/household';
import { Person, type PersonDoc } from '../db/models/person';
import { Pilar, type PilarDoc } from '../db/models/pilar';
import { Enrollment, Programme, type EnrollmentDoc, type ProgrammeDoc } from '../db/models/programme';
import { Training, TrainingParticipation, type TrainingDoc, type TrainingParticipationDoc } from '../db/models/training';
import { byIdLoader, groupLoader } from './batch';
import type { RowReads } from './projection';
import { discrepancyLoader, importRunLoader } from './integration';
import { desaLoader, desasByKecamatanLoader, kecamatanLoader } from './region';

/**
 * Fresh loaders for one request: their caches never outlive it, and every
 * loader of personal data reads only rows in the viewer's scope.
 */
export function createLoaders(viewer: Viewer, now: Date) {
  const persons = rowFilter(viewer, 'persons', now);
  const households = rowFilter(viewer, 'households', now);
  // Children of a row already in scope: the area applies, the population rule was the parent's.
  const children = childRowFilter(viewer);
  // Whole rows unless the request's query says less (src/server/row-reads.ts sets it before execution).
  const reads: RowReads = { person: null, household: null };
  const person = byIdLoader<PersonDoc>(Person, persons, () => reads.person);
  return {
    reads,
    kecamatan: kecamatanLoader(),
    desa: desaLoader(),
    desasByKecamatan: desasByKecamatanLoader(),
    person,
    // The members read are the people of the same scope by id: a later `person` of one of them (a head, a
    // participant) reads nothing.
    membersByHousehold: groupLoader<PersonDoc>(
      Person,
      'householdId',
      persons,
      (m) => person.prime(m._id, m),
      () => reads.person,
    ),
    household: byIdLoader<HouseholdDoc>(Household, households, () => reads.household),
    programme: byIdLoader<ProgrammeDoc>(Programme),
    enrollmentsByHousehold: groupLoader<EnrollmentDoc>(Enrollment, 'householdId', children),
    enrollmentsByPerson: groupLoader<EnrollmentDoc>(Enrollment, 'personId', children),
    training: byIdLoader<TrainingDoc>(Training),
    participationsByTraining: groupLoader<TrainingParticipationDoc>(TrainingParticipation, 'trainingId'),
    participationsByPerson: groupLoader<TrainingParticipationDoc>(TrainingParticipation, 'personId'),
    pilar: byIdLoader<PilarDoc>(Pilar, rowFilter(viewer, 'pilar', now)),
    importRun: importRunLoader(viewer),
    discrepancy: discrepancyLoader(viewer, now),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
