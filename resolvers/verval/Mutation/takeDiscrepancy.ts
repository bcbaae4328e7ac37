import type { DiscrepancyDoc } from '../../../src/db/models/discrepancy';
import type { MutationResolvers } from '../../../src/generated/graphql';
import { takeDiscrepancy as take } from '../../../src/workflows/discrepancies';

export const takeDiscrepancy: MutationResolvers['takeDiscrepancy'] = async (_p, { input }, ctx) => (await take(ctx, input)) as unknown as DiscrepancyDoc;
