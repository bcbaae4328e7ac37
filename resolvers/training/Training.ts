import type { TrainingResolvers } from '../../src/generated/graphql';
import { desaOf } from '../../src/services/region';
import { participantCountOf, participantsOf } from '../../src/services/training';
import { placesLeft } from '../../src/services/training-places';

export const Training: TrainingResolvers = {
  id: (t) => t._id,
  desa: (t, _a, ctx) => desaOf(ctx, t.desaCode),
  participantCount: (t, _a, ctx) => participantCountOf(ctx, t),
  placesLeft: (t, _a, ctx) => placesLeft(ctx, t),
  participants: (t, { first, after }, ctx) => participantsOf(ctx, t, { first, after }),
};
