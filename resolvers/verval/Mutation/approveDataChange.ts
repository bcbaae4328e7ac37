import type { DataChangeRequestDoc } from '../../../src/db/models/verval';
import type { MutationResolvers } from '../../../src/generated/graphql';
import { approveDataChange as run } from '../../../src/workflows/dataChanges';

export const approveDataChange: MutationResolvers['approveDataChange'] = async (_p, { input }, ctx) => (await run(ctx, input)) as unknown as DataChangeRequestDoc;
