import type { QueryResolvers } from '../../../src/generated/graphql';
import { listPersons } from '../../../src/services/person';

export const persons: QueryResolvers['persons'] = (_p, { filter, first, after, last, before, orderBy }, ctx) => listPersons(ctx, filter, { first, after, last, before }, orderBy);
