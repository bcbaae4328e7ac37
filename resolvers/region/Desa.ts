import type { DesaResolvers } from '../../src/generated/graphql';
import { kecamatanOfDesa } from '../../src/services/region';

export const Desa: DesaResolvers = {
  code: (d) => d._id,
  kecamatan: (d, _args, { loaders }) => kecamatanOfDesa(loaders, d),
};
