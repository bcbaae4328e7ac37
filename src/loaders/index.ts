import { desaLoader, desasByKecamatanLoader, kecamatanLoader } from './region';

/** Fresh loaders for one request: their caches never outlive it. */
export function createLoaders() {
  return {
    kecamatan: kecamatanLoader(),
    desa: desaLoader(),
    desasByKecamatan: desasByKecamatanLoader(),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
