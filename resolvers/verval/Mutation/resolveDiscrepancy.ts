import type { DiscrepancyDoc } from '../../../src/db/models/discrepancy';
import type { MutationResolvers } from '../../../src/generated/graphql';
import { resolveDiscrepancy as run } from '../../../src/workflows/discrepancies';

export const resolveDiscrepancy: MutationResolvers['resolveDiscrepancy'] = async (_p, { input }, ctx) => (await run(ctx, input)) as unknown as DiscrepancyDoc;
