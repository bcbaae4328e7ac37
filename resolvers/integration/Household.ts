import type { HouseholdResolvers } from '../../src/generated/graphql';
import { discrepanciesOfHousehold } from '../../src/services/integration';
import { provenanceOf } from '../../src/services/provenance';

/** The fields of Household this domain owns (schema/integration.graphql extends Household); resolvers/household owns the others. */
export const Household: Required<Pick<HouseholdResolvers, 'provenance' | 'discrepancies'>> = {
  provenance: (h, { field }, ctx) => provenanceOf(ctx.viewer, 'Household', h, field),
  discrepancies: (h, { kind, status, includeMembers }, ctx) => discrepanciesOfHousehold(ctx, h, { kind, status, includeMembers }),
};
