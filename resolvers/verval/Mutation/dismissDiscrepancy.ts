import type { DiscrepancyDoc } from '../../../src/db/models/discrepancy';
import type { MutationResolvers } from '../../../src/generated/graphql';
import { dismissDiscrepancy as run } from '../../../src/workflows/discrepancies';

export const dismissDiscrepancy: MutationResolvers['dismissDiscrepancy'] = async (_p, { input }, ctx) => (await run(ctx, input)) as unknown as DiscrepancyDoc;
