import { ConflictingValue, Discrepancy, DiscrepancyResolution } from './Discrepancy';
import { ImportRun, RejectedRow } from './ImportRun';
import { FieldProvenance } from './FieldProvenance';
import { Household } from './Household';
import { KarangTarunaMembership } from './KarangTarunaMembership';
import { Person } from './Person';
import { discrepancies } from './Query/discrepancies';
import { discrepancy } from './Query/discrepancy';
import { importRun } from './Query/importRun';
import { importRuns } from './Query/importRuns';

/** Import runs, provenance and discrepancies (DATA_QUALITY): schema/integration.graphql and schema/discrepancy.graphql. */
export const integrationResolvers = {
  Query: { importRuns, importRun, discrepancies, discrepancy },
  ImportRun,
  RejectedRow,
  Discrepancy,
  ConflictingValue,
  DiscrepancyResolution,
  FieldProvenance,
  KarangTarunaMembership,
  Person,
  Household,
};
