import type { QueryResolvers } from '../../../src/generated/graphql';
import { listPersons } from '../../../src/services/person';

export const persons: QueryResolvers['persons'] = (_p, { filter, first, after }, ctx) => listPersons(ctx, filter, { first, after });
