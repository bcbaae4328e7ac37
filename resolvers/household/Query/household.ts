import type { QueryResolvers } from '../../../src/generated/graphql';
import { householdById } from '../../../src/services/household';

export const household: QueryResolvers['household'] = (_p, { id }, ctx) => householdById(ctx, id);
