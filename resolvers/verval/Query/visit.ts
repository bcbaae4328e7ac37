import type { QueryResolvers } from '../../../src/generated/graphql';
import { visitOf } from '../../../src/services/verval';

export const visit: QueryResolvers['visit'] = (_p, { id }, ctx) => visitOf(ctx, id);
