import { completeTrainingParticipation } from './Mutation/completeTrainingParticipation';
import { dropTrainingParticipant } from './Mutation/dropTrainingParticipant';
import { markTrainingAttendance } from './Mutation/markTrainingAttendance';
import { registerTrainingParticipant } from './Mutation/registerTrainingParticipant';

/** Training registration: places, attendance, completion, drops (schema/training-registration.graphql). */
export const trainingRegistrationResolvers = {
  Mutation: { registerTrainingParticipant, markTrainingAttendance, completeTrainingParticipation, dropTrainingParticipant },
};
