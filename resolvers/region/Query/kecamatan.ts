import type { QueryResolvers } from '../../../src/generated/graphql';
import { kecamatanByCode } from '../../../src/services/region';

export const kecamatan: QueryResolvers['kecamatan'] = (_parent, { code }, { loaders }) => kecamatanByCode(loaders, code);
