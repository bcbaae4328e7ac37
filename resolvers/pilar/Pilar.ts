import type { PilarResolvers } from '../../src/generated/graphql';
import { desasOfPilar, kecamatansOfPilar } from '../../src/services/pilar';

export const Pilar: PilarResolvers = {
  id: (p) => p._id,
  kecamatans: (p, _a, ctx) => kecamatansOfPilar(ctx, p),
  desas: (p, _a, ctx) => desasOfPilar(ctx, p),
};
