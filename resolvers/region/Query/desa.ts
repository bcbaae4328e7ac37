import type { QueryResolvers } from '../../../src/generated/graphql';
import { desaByCode } from '../../../src/services/region';

export const desa: QueryResolvers['desa'] = (_parent, { code }, { loaders }) => desaByCode(loaders, code);
