import type { DataChangeRequestDoc } from '../../../src/db/models/verval';
import type { MutationResolvers } from '../../../src/generated/graphql';
import { rejectDataChange as run } from '../../../src/workflows/dataChanges';

export const rejectDataChange: MutationResolvers['rejectDataChange'] = async (_p, { input }, ctx) => (await run(ctx, input)) as unknown as DataChangeRequestDoc;
