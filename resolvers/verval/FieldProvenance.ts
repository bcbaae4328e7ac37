import type { FieldProvenanceResolvers } from '../../src/generated/graphql';
import { dataChangeRequestOf } from '../../src/services/verval';

/** A value verified in the field: the approved request is its provenance (proposer, approver, visit). */
export const FieldProvenance: FieldProvenanceResolvers = {
  changeRequest: (p, _a, ctx) => (p.source === 'VERVAL' ? dataChangeRequestOf(ctx, p.runId) : null),
};
