import type { QueryResolvers } from '../../../src/generated/graphql';
import { dataChangeRequestOf } from '../../../src/services/verval';

export const dataChangeRequest: QueryResolvers['dataChangeRequest'] = (_p, { id }, ctx) => dataChangeRequestOf(ctx, id);
