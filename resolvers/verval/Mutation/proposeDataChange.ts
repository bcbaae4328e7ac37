import type { DataChangeRequestDoc } from '../../../src/db/models/verval';
import type { MutationResolvers } from '../../../src/generated/graphql';
import { proposeDataChange as run } from '../../../src/workflows/dataChanges';

export const proposeDataChange: MutationResolvers['proposeDataChange'] = async (_p, { input }, ctx) => (await run(ctx, input)) as unknown as DataChangeRequestDoc;
