import type { QueryResolvers } from '../../../src/generated/graphql';
import { personByNik } from '../../../src/services/person';

export const person: QueryResolvers['person'] = (_p, { nik }, ctx) => personByNik(ctx, nik);
