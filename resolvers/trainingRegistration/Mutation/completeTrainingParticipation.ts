import type { TrainingParticipationDoc } from '../../../src/db/models/training';
import type { MutationResolvers } from '../../../src/generated/graphql';
import { stepTrainingParticipation } from '../../../src/workflows/trainingRegistration';

export const completeTrainingParticipation: MutationResolvers['completeTrainingParticipation'] = async (_p, { input }, ctx) =>
  (await stepTrainingParticipation(ctx, 'COMPLETE', input)) as unknown as TrainingParticipationDoc;
