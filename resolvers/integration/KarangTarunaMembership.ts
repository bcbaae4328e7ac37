import type { KarangTarunaMembershipResolvers } from '../../src/generated/graphql';
import { desaOf } from '../../src/services/region';

export const KarangTarunaMembership: KarangTarunaMembershipResolvers = {
  desa: (m, _a, ctx) => desaOf(ctx, m.desaCode),
};
