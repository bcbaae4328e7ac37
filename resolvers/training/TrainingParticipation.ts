import type { TrainingParticipationResolvers } from '../../src/generated/graphql';
import { personOfParticipation, trainingOfParticipation } from '../../src/services/training';

export const TrainingParticipation: TrainingParticipationResolvers = {
  id: (tp) => tp._id,
  training: (tp, _a, ctx) => trainingOfParticipation(ctx, tp),
  person: (tp, _a, ctx) => personOfParticipation(ctx, tp),
};
