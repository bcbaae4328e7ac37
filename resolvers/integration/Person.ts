import type { PersonResolvers } from '../../src/generated/graphql';
import { discrepanciesOfPerson } from '../../src/services/integration';
import { provenanceOf } from '../../src/services/provenance';

/** The fields of Person this domain owns (schema/integration.graphql extends Person); resolvers/person owns the others. */
export const Person: Required<Pick<PersonResolvers, 'provenance' | 'discrepancies'>> = {
  provenance: (p, { field }, ctx) => provenanceOf(ctx.viewer, 'Person', p, field),
  discrepancies: (p, { kind, status }, ctx) => discrepanciesOfPerson(ctx, p, { kind, status }),
};
