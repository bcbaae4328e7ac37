import type { WriteAuditDoc } from '../db/models/writes';
import type { AuditEventDoc } from '../db/models/auditEvent';
import type { DiscrepancyDoc } from '../db/models/discrepancy';
import type { ImportCounts, ImportRejectDoc, ImportRunDoc } from '../db/models/importRun';
import type { KarangTarunaMembership, MoveOut } from '../domain/provenance';
import type { HouseholdDoc } from '../db/models/household';
import type { PersonDoc } from '../db/models/person';
import type { PilarDoc } from '../db/models/pilar';
import type { EnrollmentDoc } from '../db/models/programme';
import type { TrainingDoc, TrainingParticipationDoc } from '../db/models/training';
import type { Connection } from './pagination';

/* Parent shapes of the connection types, named for codegen's `mappers` (codegen.ts). */
export type PersonConnectionShape = Connection<PersonDoc>;
export type HouseholdConnectionShape = Connection<HouseholdDoc>;
export type EnrollmentConnectionShape = Connection<EnrollmentDoc>;
export type TrainingConnectionShape = Connection<TrainingDoc>;
export type TrainingParticipationConnectionShape = Connection<TrainingParticipationDoc>;
export type PilarConnectionShape = Connection<PilarDoc>;
export type AuditEventConnectionShape = Connection<AuditEventDoc>;
export type WriteAuditConnectionShape = Connection<WriteAuditDoc>;
export type ImportRunConnectionShape = Connection<ImportRunDoc>;
export type RejectedRowConnectionShape = Connection<ImportRejectDoc>;
export type DiscrepancyConnectionShape = Connection<DiscrepancyDoc>;
export type ImportCountsShape = ImportCounts;
export type MoveOutShape = MoveOut;
export type KarangTarunaMembershipShape = KarangTarunaMembership;
