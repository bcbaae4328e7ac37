import type { QueryResolvers } from '../../../src/generated/graphql';
import { listEnrollments } from '../../../src/services/programme';

export const enrollments: QueryResolvers['enrollments'] = (_p, { filter, first, after, last, before, orderBy }, ctx) =>
  listEnrollments(ctx, filter, { first, after, last, before }, orderBy);
