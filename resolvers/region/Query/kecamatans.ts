import type { QueryResolvers } from '../../../src/generated/graphql';
import { listKecamatans } from '../../../src/services/region';

export const kecamatans: QueryResolvers['kecamatans'] = () => listKecamatans();
