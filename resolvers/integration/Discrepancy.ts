import type { ConflictingValueResolvers, DiscrepancyResolutionResolvers, DiscrepancyResolvers } from '../../src/generated/graphql';
import { discrepancyValuesFor, importRunOf, relatedPersonsOf, subjectHouseholdOf, subjectPersonOf } from '../../src/services/integration';
import { desaOf } from '../../src/services/region';

export const Discrepancy: DiscrepancyResolvers = {
  id: (d) => d._id,
  person: (d, _a, ctx) => subjectPersonOf(ctx, d),
  household: (d, _a, ctx) => subjectHouseholdOf(ctx, d),
  relatedPersons: (d, _a, ctx) => relatedPersonsOf(ctx, d),
  values: (d, _a, ctx) => discrepancyValuesFor(ctx, d),
  desa: (d, _a, ctx) => desaOf(ctx, d.desaCode),
  openedAt: (d) => d.openedAt.toISOString(),
  openedBy: (d, _a, ctx) => importRunOf(ctx, d.openedRunId),
  updatedBy: (d, _a, ctx) => importRunOf(ctx, d.updatedRunId),
  closedAt: (d) => d.closedAt?.toISOString() ?? null,
};

export const ConflictingValue: ConflictingValueResolvers = {
  importRun: (v, _a, ctx) => importRunOf(ctx, v.runId),
};

export const DiscrepancyResolution: DiscrepancyResolutionResolvers = {
  at: (r) => r.at.toISOString(),
  importRun: (r, _a, ctx) => importRunOf(ctx, r.runId),
};
