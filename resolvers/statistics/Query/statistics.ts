import type { QueryResolvers } from '../../../src/generated/graphql';
import * as stats from '../../../src/services/statistics';

export const statistics: QueryResolvers['statistics'] = (_p, { level, kecamatanCode }, ctx) => stats.statistics(ctx, level ?? 'KECAMATAN', kecamatanCode);
