import { Household, type HouseholdDoc } from '../db/models/household';
import { Person, type PersonDoc } from '../db/models/person';
import { Pilar, type PilarDoc } from '../db/models/pilar';
import { Enrollment, Programme, type EnrollmentDoc, type ProgrammeDoc } from '../db/models/programme';
import { Training, TrainingParticipation, type TrainingDoc, type TrainingParticipationDoc } from '../db/models/training';
import { byIdLoader, groupLoader } from './batch';
import { desaLoader, desasByKecamatanLoader, kecamatanLoader } from './region';

/** Fresh loaders for one request: their caches never outlive it. */
export function createLoaders() {
  return {
    kecamatan: kecamatanLoader(),
    desa: desaLoader(),
    desasByKecamatan: desasByKecamatanLoader(),
    person: byIdLoader<PersonDoc>(Person),
    membersByHousehold: groupLoader<PersonDoc>(Person, 'householdId'),
    household: byIdLoader<HouseholdDoc>(Household),
    programme: byIdLoader<ProgrammeDoc>(Programme),
    enrollmentsByHousehold: groupLoader<EnrollmentDoc>(Enrollment, 'householdId'),
    enrollmentsByPerson: groupLoader<EnrollmentDoc>(Enrollment, 'personId'),
    training: byIdLoader<TrainingDoc>(Training),
    participationsByTraining: groupLoader<TrainingParticipationDoc>(TrainingParticipation, 'trainingId'),
    participationsByPerson: groupLoader<TrainingParticipationDoc>(TrainingParticipation, 'personId'),
    pilar: byIdLoader<PilarDoc>(Pilar),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
