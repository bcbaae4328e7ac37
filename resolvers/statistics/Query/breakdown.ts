import type { QueryResolvers } from '../../../src/generated/graphql';
import { breakdown as breakdownOf } from '../../../src/services/breakdown';

export const breakdown: QueryResolvers['breakdown'] = (_p, { subject, by, filter }, ctx) => breakdownOf(ctx, subject, by, filter);
