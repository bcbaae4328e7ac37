import { Desa } from './Desa';
import { Kecamatan } from './Kecamatan';
import { desa } from './Query/desa';
import { kecamatan } from './Query/kecamatan';
import { kecamatans } from './Query/kecamatans';

export const regionResolvers = {
  Query: { kecamatans, kecamatan, desa },
  Kecamatan,
  Desa,
};
