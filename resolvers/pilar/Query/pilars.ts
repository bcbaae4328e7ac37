import type { QueryResolvers } from '../../../src/generated/graphql';
import { listPilars } from '../../../src/services/pilar';

export const pilars: QueryResolvers['pilars'] = (_p, { filter, first, after }, ctx) => listPilars(ctx, filter, { first, after });
