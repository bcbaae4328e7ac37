import type { TrainingParticipationDoc } from '../../../src/db/models/training';
import type { MutationResolvers } from '../../../src/generated/graphql';
import { stepTrainingParticipation } from '../../../src/workflows/trainingRegistration';

export const markTrainingAttendance: MutationResolvers['markTrainingAttendance'] = async (_p, { input }, ctx) =>
  (await stepTrainingParticipation(ctx, 'ATTEND', input)) as unknown as TrainingParticipationDoc;
