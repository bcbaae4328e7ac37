import { training } from './Query/training';
import { trainings } from './Query/trainings';
import { Training } from './Training';
import { TrainingParticipation } from './TrainingParticipation';

export const trainingResolvers = {
  Query: { training, trainings },
  Training,
  TrainingParticipation,
};
