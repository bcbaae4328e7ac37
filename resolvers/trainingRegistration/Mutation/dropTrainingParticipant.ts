import type { TrainingParticipationDoc } from '../../../src/db/models/training';
import type { MutationResolvers } from '../../../src/generated/graphql';
import { stepTrainingParticipation } from '../../../src/workflows/trainingRegistration';

export const dropTrainingParticipant: MutationResolvers['dropTrainingParticipant'] = async (_p, { input }, ctx) =>
  (await stepTrainingParticipation(ctx, 'DROP', input)) as unknown as TrainingParticipationDoc;
