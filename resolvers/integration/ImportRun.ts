import type { ImportRunResolvers, RejectedRowResolvers } from '../../src/generated/graphql';
import { rejectedRowsOf } from '../../src/services/integration';

export const ImportRun: ImportRunResolvers = {
  id: (r) => r._id,
  startedAt: (r) => r.startedAt.toISOString(),
  finishedAt: (r) => r.finishedAt?.toISOString() ?? null,
  resumedAt: (r) => r.resumedAt.map((d) => d.toISOString()),
  rejectedRows: (r, { first, after }, ctx) => rejectedRowsOf(ctx, r, { first, after }),
};

export const RejectedRow: RejectedRowResolvers = {
  id: (r) => r._id,
};
