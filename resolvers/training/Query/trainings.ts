import type { QueryResolvers } from '../../../src/generated/graphql';
import { listTrainings } from '../../../src/services/training';

export const trainings: QueryResolvers['trainings'] = (_p, { filter, first, after }, ctx) => listTrainings(ctx, filter, { first, after });
