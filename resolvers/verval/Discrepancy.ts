import type { DiscrepancyResolvers } from '../../src/generated/graphql';

/** The portals' fields of a discrepancy (schema/discrepancy-workflow.graphql). */
export const Discrepancy: DiscrepancyResolvers = {
  version: (d) => d.version ?? 0,
  takenBy: (d) => d.takenBy ?? null,
  takenAt: (d) => d.takenAt?.toISOString() ?? null,
};
