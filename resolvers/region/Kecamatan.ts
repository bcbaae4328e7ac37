import type { KecamatanResolvers } from '../../src/generated/graphql';

export const Kecamatan: KecamatanResolvers = {
  code: (k) => k._id,
  desas: (k, _args, { loaders }) => loaders.desasByKecamatan.load(k._id),
};
