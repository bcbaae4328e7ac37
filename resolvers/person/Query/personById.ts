import type { QueryResolvers } from '../../../src/generated/graphql';
import * as persons from '../../../src/services/person';

export const personById: QueryResolvers['personById'] = (_p, { id }, ctx) => persons.personById(ctx, id);
