import type { QueryResolvers } from '../../../src/generated/graphql';
import { trainingById } from '../../../src/services/training';

export const training: QueryResolvers['training'] = (_p, { id }, ctx) => trainingById(ctx, id);
