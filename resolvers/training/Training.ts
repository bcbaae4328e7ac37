import type { TrainingResolvers } from '../../src/generated/graphql';
import { desaOf } from '../../src/services/region';
import { participantCountOf, participantsOf } from '../../src/services/training';
import { placesLeftLoader } from '../../src/services/places';

export const Training: TrainingResolvers = {
  id: (t) => t._id,
  desa: (t, _a, ctx) => desaOf(ctx, t.desaCode),
  participantCount: (t, _a, ctx) => participantCountOf(ctx, t),
  // Registrars only (matrix.ts ACTION_FIELDS); seats of the hub's registrations, else the imported participations.
  placesLeft: (t, _a, ctx) => placesLeftLoader(ctx).load(t),
  participants: (t, { first, after }, ctx) => participantsOf(ctx, t, { first, after }),
};
