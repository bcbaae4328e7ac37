import type { QueryResolvers } from '../../../src/generated/graphql';
import { importRunById } from '../../../src/services/integration';

export const importRun: QueryResolvers['importRun'] = (_p, { id }, ctx) => importRunById(ctx, id);
