import type { TrainingParticipationDoc } from '../../../src/db/models/training';
import type { MutationResolvers } from '../../../src/generated/graphql';
import { registerTrainingParticipant as register } from '../../../src/workflows/trainingRegistration';

export const registerTrainingParticipant: MutationResolvers['registerTrainingParticipant'] = async (_p, { input }, ctx) =>
  (await register(ctx, input)) as unknown as TrainingParticipationDoc;
