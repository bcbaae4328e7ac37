import type { QueryResolvers } from '../../../src/generated/graphql';
import { listImportRuns } from '../../../src/services/integration';

export const importRuns: QueryResolvers['importRuns'] = (_p, { filter, first, after }, ctx) => listImportRuns(ctx, filter, { first, after });
