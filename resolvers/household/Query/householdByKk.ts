import type { QueryResolvers } from '../../../src/generated/graphql';
import * as households from '../../../src/services/household';

export const householdByKk: QueryResolvers['householdByKk'] = (_p, { kkNumber }, ctx) => households.householdByKk(ctx, kkNumber);
