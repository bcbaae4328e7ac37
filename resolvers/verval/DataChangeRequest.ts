import type { DataChangeRequestResolvers } from '../../src/generated/graphql';
import { discrepanciesOf, householdOf, personOf, visitOf } from '../../src/services/verval';

export const DataChangeRequest: DataChangeRequestResolvers = {
  id: (r) => r._id,
  person: (r, _a, ctx) => personOf(ctx, r.personId),
  household: (r, _a, ctx) => householdOf(ctx, r.householdId),
  changes: (r) => r.changes as never,
  visit: (r, _a, ctx) => visitOf(ctx, r.visitId),
  discrepancy: async (r, _a, ctx) => (r.discrepancyId ? ((await discrepanciesOf(ctx, [r.discrepancyId]))[0] ?? null) : null),
  proposedAt: (r) => r.proposedAt.toISOString(),
  decidedAt: (r) => r.decidedAt?.toISOString() ?? null,
};
