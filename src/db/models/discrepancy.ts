import { Schema, model } from 'mongoose';
import type { AidToken } from '../../domain/aid';
import { aidField } from './person';
import { DATA_SOURCES, DISCREPANCY_KINDS, DISCREPANCY_STATUSES, type ConflictValue, type DiscrepancyKind, type DiscrepancyStatus, type SubjectType } from '../../domain/provenance';

/** How a discrepancy ended: closed by an import that removed the conflict, or by a person after verification. */
export interface Resolution {
  reason: string;
  by: 'IMPORT' | 'VERIFICATION';
  /** Who closed it through the portals (`pilar:<id>`, `user:<sub>`); absent when an import did. */
  viewer?: string;
  /** The visit it cites (a dismissal needs one). */
  visitId?: string;
  runId: string | null;
  at: Date;
}

/**
 * A disagreement between sources (docs/domain.md section 4). One record owns it (a
 * person or a household) and the importer re-evaluates it whenever that record
 * changes: it stays one document while the conflict lasts, closes itself when
 * a later import removes the conflict, and a conflict that comes back opens a
 * new document (the closed one is history).
 */
export interface DiscrepancyDoc {
  _id: string; // 'DQ' + 8 digits
  /** kind:ownerId:aspect; at most one open discrepancy per key. */
  key: string;
  kind: DiscrepancyKind;
  subjectType: SubjectType;
  personId: string | null;
  householdId: string | null;
  /** Other people the conflict involves (DUPLICATE_NIK: the NIK's owner in the civil registry). */
  relatedPersonIds: string[];
  /** The field, source or programme in conflict (e.g. fullName, DTSEN, PKH); null when the kind says it all. */
  aspect: string | null;
  values: ConflictValue[];
  desaCode: string;
  kecamatanCode: string;
  /*
   * What the row scope of the subject tests (src/auth/scope.ts), copied from the person or family it is
   * about and kept current by the importer, so that a discrepancy exists for exactly the viewers its
   * subject exists for, in lists and counts alike, without reading the subject. Never served.
   */
  /** The subject's aid tokens (PKH companions see PKH families). */
  subjectAid: AidToken[];
  /** The person's birth date (youth); null for a family. */
  subjectBirthDate: Date | null;
  /** Whether the person has a disability (rehabilitation companions); false for a family. */
  subjectHasDisability: boolean;
  status: DiscrepancyStatus;
  openedAt: Date;
  openedRunId: string;
  updatedRunId: string;
  closedAt: Date | null;
  resolution: Resolution | null;
  /*
   * The portals' work on it (src/workflows/discrepancies.ts); absent on a discrepancy no one has touched. The importer
   * carries these over when it rewrites the discrepancy (src/integration/discrepancies.ts).
   */
  /** Every change through the portals adds one; a transition states the version it read. Absent: 0. */
  version?: number;
  /** Who took it for verification, while IN_VERIFICATION. */
  takenBy?: string | null;
  takenAt?: Date | null;
  /** The visits that verified it. */
  visitIds?: string[];
  /** The conflicting values a pilar dismissed it for: a later import reopens it only when they change. */
  dismissedValuesHash?: string | null;
}

const valueSchema = new Schema<ConflictValue>(
  {
    source: { type: String, required: true, enum: DATA_SOURCES },
    value: { type: String, required: true, maxlength: 500 },
    asOf: { type: Date, default: null },
    runId: { type: String, default: null },
    personId: { type: String, default: undefined, match: /^P\d{7}$/ },
    maskedValue: { type: String, default: undefined, maxlength: 500 },
  },
  { _id: false },
);

const discrepancySchema = new Schema<DiscrepancyDoc>(
  {
    _id: { type: String, required: true, match: /^DQ\d{8}$/ },
    key: { type: String, required: true },
    kind: { type: String, required: true, enum: DISCREPANCY_KINDS },
    subjectType: { type: String, required: true, enum: ['PERSON', 'HOUSEHOLD'] },
    personId: { type: String, default: null, match: /^P\d{7}$/ },
    householdId: { type: String, default: null, match: /^H\d{7}$/ },
    relatedPersonIds: { type: [String], default: [] },
    aspect: { type: String, default: null },
    values: { type: [valueSchema], default: [] },
    desaCode: { type: String, required: true },
    kecamatanCode: { type: String, required: true },
    subjectAid: aidField,
    subjectBirthDate: { type: Date, default: null },
    subjectHasDisability: { type: Boolean, default: false },
    status: { type: String, required: true, enum: DISCREPANCY_STATUSES },
    openedAt: { type: Date, required: true },
    openedRunId: { type: String, required: true },
    updatedRunId: { type: String, required: true },
    closedAt: { type: Date, default: null },
    resolution: {
      type: new Schema<Resolution>(
        {
          reason: { type: String, required: true },
          by: { type: String, required: true, enum: ['IMPORT', 'VERIFICATION'] },
          runId: { type: String, default: null },
          at: { type: Date, required: true },
          viewer: { type: String, default: undefined },
          visitId: { type: String, default: undefined },
        },
        { _id: false },
      ),
      default: null,
    },
    version: { type: Number, default: undefined },
    takenBy: { type: String, default: undefined },
    takenAt: { type: Date, default: undefined },
    visitIds: { type: [String], default: undefined },
    dismissedValuesHash: { type: String, default: undefined },
  },
  { collection: 'discrepancies', versionKey: false },
);

// Query paths: the list filtered by kind, status and area, paged by _id; a
// record's discrepancies are reached through the ids it keeps.
discrepancySchema.index({ kind: 1, status: 1, _id: 1 });
discrepancySchema.index({ status: 1, _id: 1 });
discrepancySchema.index({ kecamatanCode: 1, _id: 1 });
discrepancySchema.index({ desaCode: 1, _id: 1 });
discrepancySchema.index({ key: 1 });
discrepancySchema.index({ subjectAid: 1 });
// The orders of `discrepancies(orderBy:)`, `_id` breaking ties.
discrepancySchema.index({ openedAt: 1, _id: 1 });
discrepancySchema.index({ closedAt: 1, _id: 1 });

export const Discrepancy = model<DiscrepancyDoc>('Discrepancy', discrepancySchema);
