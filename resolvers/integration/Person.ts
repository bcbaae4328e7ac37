import type { FieldProvenanceResolvers, HouseholdResolvers, KarangTarunaMembershipResolvers, PersonResolvers } from '../../src/generated/graphql';
import { discrepanciesOfHousehold, discrepanciesOfPerson, importRunOf } from '../../src/services/integration';
import { provenanceOf } from '../../src/services/provenance';
import { desaOf } from '../../src/services/region';

export const Person: PersonResolvers = {
  provenance: (p, { field }, ctx) => provenanceOf(ctx.viewer, 'Person', p, field),
  discrepancies: (p, { kind, status }, ctx) => discrepanciesOfPerson(ctx, p, { kind, status }),
};

export const Household: HouseholdResolvers = {
  provenance: (h, { field }, ctx) => provenanceOf(ctx.viewer, 'Household', h, field),
  discrepancies: (h, { kind, status, includeMembers }, ctx) => discrepanciesOfHousehold(ctx, h, { kind, status, includeMembers }),
};

export const FieldProvenance: FieldProvenanceResolvers = {
  importRun: (f, _a, ctx) => importRunOf(ctx, f.runId),
};

export const KarangTarunaMembership: KarangTarunaMembershipResolvers = {
  desa: (m, _a, ctx) => desaOf(ctx, m.desaCode),
};
