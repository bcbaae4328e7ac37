import type { HouseholdDoc } from '../db/models/household';
import type { HouseholdLineage, PersonLineage, RecordLineage } from '../db/models/lineage';
import type { PersonDoc } from '../db/models/person';
import type { PilarDoc } from '../db/models/pilar';
import type { EnrollmentDoc } from '../db/models/programme';
import type { TrainingDoc, TrainingParticipationDoc } from '../db/models/training';

/* Records as the importer works on them: the stored lineage text unpacked into fields (changeTracking.ts). */
export type PersonWork = PersonDoc & PersonLineage;
export type HouseholdWork = HouseholdDoc & HouseholdLineage;
export type EnrollmentWork = EnrollmentDoc & RecordLineage;
export type TrainingWork = TrainingDoc & RecordLineage;
export type ParticipationWork = TrainingParticipationDoc & RecordLineage;
export type PilarWork = PilarDoc & RecordLineage;

/** The fields each collection keeps in its `lineage` text. */
export const LINEAGE_FIELDS: Record<string, readonly string[]> = {
  persons: ['sources', 'provenance', 'enrollmentIds', 'discrepancyIds', 'openDiscrepancies', 'discrepancyScope'],
  households: ['sources', 'provenance', 'memberIds', 'enrollmentIds', 'discrepancyIds', 'openDiscrepancies', 'discrepancyScope'],
  enrollments: ['source'],
  trainings: ['source'],
  trainingParticipations: ['source'],
  pilar: ['source'],
};
