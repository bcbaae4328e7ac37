import type { TrainingResolvers } from '../../src/generated/graphql';
import { placesLeftLoader } from '../../src/services/places';
import { completeTrainingParticipation } from './Mutation/completeTrainingParticipation';
import { dropTrainingParticipant } from './Mutation/dropTrainingParticipant';
import { markTrainingAttendance } from './Mutation/markTrainingAttendance';
import { registerTrainingParticipant } from './Mutation/registerTrainingParticipant';

const Training: Pick<TrainingResolvers, 'placesLeft'> = {
  placesLeft: (t, _a, ctx) => placesLeftLoader(ctx).load(t),
};

/** Training registration: places, attendance, completion, drops (schema/training-registration.graphql). */
export const trainingRegistrationResolvers = {
  Mutation: { registerTrainingParticipant, markTrainingAttendance, completeTrainingParticipation, dropTrainingParticipant },
  Training,
};
