import type { QueryResolvers } from '../../../src/generated/graphql';
import { pilarById } from '../../../src/services/pilar';

export const pilar: QueryResolvers['pilar'] = (_p, { id }, ctx) => pilarById(ctx, id);
