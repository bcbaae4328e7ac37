import { Schema, model } from 'mongoose';

export type { ObservedValues } from '../../domain/observed';
import type { ObservedValues } from '../../domain/observed';

/** What the row scope of a visit's or request's subject tests, copied from it when written (src/auth/scope.ts). */
interface SubjectArea {
  personId: string | null;
  householdId: string | null;
  desaCode: string;
  kecamatanCode: string;
}

/** A verification visit (kunjungan verval); append-only. */
export interface VisitDoc extends SubjectArea {
  _id: string; // 'VS' + time and random
  date: Date;
  outcome: 'FOUND' | 'NOT_FOUND' | 'MOVED' | 'DECEASED' | 'REFUSED';
  observed: ObservedValues;
  notes: string | null;
  discrepancyIds: string[];
  recordedBy: string;
  role: string;
  recordedAt: Date;
}

/** A data change request (usulan perbaikan data), maker-checker. */
export interface DataChangeRequestDoc extends SubjectArea {
  _id: string; // 'DC' + time and random
  status: 'PROPOSED' | 'APPROVED' | 'REJECTED';
  version: number;
  changes: ObservedValues;
  visitId: string;
  discrepancyId: string | null;
  note: string | null;
  proposedBy: string;
  proposedRole: string;
  proposedAt: Date;
  decidedBy: string | null;
  decidedAt: Date | null;
  decisionReason: string | null;
  referralIds: string[];
}

const area = {
  personId: { type: String, default: null },
  householdId: { type: String, default: null },
  desaCode: { type: String, required: true },
  kecamatanCode: { type: String, required: true },
};

const visitSchema = new Schema<VisitDoc>(
  {
    _id: { type: String, required: true },
    ...area,
    date: { type: Date, required: true },
    outcome: { type: String, required: true, enum: ['FOUND', 'NOT_FOUND', 'MOVED', 'DECEASED', 'REFUSED'] },
    observed: { type: Schema.Types.Mixed, default: {} },
    notes: { type: String, default: null },
    discrepancyIds: { type: [String], default: [] },
    recordedBy: { type: String, required: true },
    role: { type: String, required: true },
    recordedAt: { type: Date, required: true },
  },
  { collection: 'visits', versionKey: false, minimize: false },
);
visitSchema.index({ personId: 1 });
visitSchema.index({ householdId: 1 });

const requestSchema = new Schema<DataChangeRequestDoc>(
  {
    _id: { type: String, required: true },
    ...area,
    status: { type: String, required: true, enum: ['PROPOSED', 'APPROVED', 'REJECTED'] },
    version: { type: Number, required: true },
    changes: { type: Schema.Types.Mixed, default: {} },
    visitId: { type: String, required: true },
    discrepancyId: { type: String, default: null },
    note: { type: String, default: null },
    proposedBy: { type: String, required: true },
    proposedRole: { type: String, required: true },
    proposedAt: { type: Date, required: true },
    decidedBy: { type: String, default: null },
    decidedAt: { type: Date, default: null },
    decisionReason: { type: String, default: null },
    referralIds: { type: [String], default: [] },
  },
  { collection: 'dataChangeRequests', versionKey: false, minimize: false },
);
// The approvers' queue: PROPOSED requests, oldest first.
requestSchema.index({ status: 1, _id: 1 });
requestSchema.index({ personId: 1 });
requestSchema.index({ householdId: 1 });

export const Visit = model<VisitDoc>('Visit', visitSchema);
export const DataChangeRequest = model<DataChangeRequestDoc>('DataChangeRequest', requestSchema);
