import type { FieldProvenanceResolvers } from '../../src/generated/graphql';
import { importRunOf } from '../../src/services/integration';

export const FieldProvenance: FieldProvenanceResolvers = {
  importRun: (f, _a, ctx) => importRunOf(ctx, f.runId),
};
