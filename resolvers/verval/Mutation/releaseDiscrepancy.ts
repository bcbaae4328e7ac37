import type { DiscrepancyDoc } from '../../../src/db/models/discrepancy';
import type { MutationResolvers } from '../../../src/generated/graphql';
import { releaseDiscrepancy as release } from '../../../src/workflows/discrepancies';

export const releaseDiscrepancy: MutationResolvers['releaseDiscrepancy'] = async (_p, { input }, ctx) => (await release(ctx, input)) as unknown as DiscrepancyDoc;
