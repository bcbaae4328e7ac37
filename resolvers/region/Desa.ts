import type { DesaResolvers } from '../../src/generated/graphql';
import { householdsOfDesa } from '../../src/services/household';
import { kecamatanOfDesa } from '../../src/services/region';

export const Desa: DesaResolvers = {
  code: (d) => d._id,
  kecamatan: (d, _args, { loaders }) => kecamatanOfDesa(loaders, d),
  households: (d, { first, after }, ctx) => householdsOfDesa(ctx, d._id, { first, after }),
};
