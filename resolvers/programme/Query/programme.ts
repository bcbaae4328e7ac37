import type { QueryResolvers } from '../../../src/generated/graphql';
import { programmeByCode } from '../../../src/services/programme';

export const programme: QueryResolvers['programme'] = (_p, { code }, ctx) => programmeByCode(ctx, code);
