import type { VisitDoc } from '../../../src/db/models/verval';
import type { MutationResolvers } from '../../../src/generated/graphql';
import { recordVisit as run } from '../../../src/workflows/visits';

export const recordVisit: MutationResolvers['recordVisit'] = async (_p, { input }, ctx) => (await run(ctx, input)) as unknown as VisitDoc;
