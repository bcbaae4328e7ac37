import { Schema, model } from 'mongoose';
import type { EnrollmentRecord, ProgrammeRecord } from '../../domain/records';
import { ENROLLMENT_STATUSES, PROGRAMME_CODES } from '../../domain/codes';
import { recordSourceField, type Stored } from './lineage';
import { dateOrder, existingDesa, existingKecamatan } from './validators';

export type ProgrammeDoc = ProgrammeRecord;
export type EnrollmentDoc = EnrollmentRecord & Stored;

export const PKH_COMPONENTS = ['IBU_HAMIL', 'ANAK_USIA_DINI', 'SD', 'SMP', 'SMA', 'DISABILITAS_BERAT', 'LANSIA'] as const;

const programmeSchema = new Schema<ProgrammeDoc>(
  {
    _id: { type: String, required: true, enum: PROGRAMME_CODES },
    name: { type: String, required: true, trim: true },
    level: { type: String, required: true, enum: ['HOUSEHOLD', 'PERSON'] },
    maxYears: { type: Number, default: null, min: 1, max: 50 },
    eligibility: {
      desilMin: { type: Number, required: true, min: 1, max: 10 },
      desilMax: { type: Number, required: true, min: 1, max: 10 },
      conditions: { type: [String], default: [] },
    },
  },
  { collection: 'programmes', versionKey: false },
);

const enrollmentSchema = new Schema<EnrollmentDoc>(
  {
    _id: { type: String, required: true, match: /^E\d{8}$/ },
    programmeCode: { type: String, required: true, enum: PROGRAMME_CODES },
    householdId: { type: String, required: true, match: /^H\d{7}$/ },
    personId: { type: String, default: null, match: /^P\d{7}$/ },
    startDate: { type: Date, required: true },
    endDate: { type: Date, default: null },
    status: { type: String, required: true, enum: ENROLLMENT_STATUSES },
    components: { type: [String], enum: PKH_COMPONENTS, default: [] },
    desaCode: { type: String, required: true, validate: existingDesa },
    kecamatanCode: { type: String, required: true, validate: existingKecamatan },
    recipientId: { type: String, default: undefined, match: /^P\d{7}$/ },
    ...recordSourceField,
  },
  { collection: 'enrollments', versionKey: false },
);

// Query paths: a household's and a person's enrolments (loaders); lists by
// programme, status, start date and area, paged by _id.
dateOrder(enrollmentSchema, 'endDate', 'startDate');

enrollmentSchema.index({ householdId: 1 });
enrollmentSchema.index({ personId: 1 });
enrollmentSchema.index({ programmeCode: 1, status: 1, _id: 1 });
enrollmentSchema.index({ startDate: 1 });
enrollmentSchema.index({ desaCode: 1, _id: 1 });
enrollmentSchema.index({ kecamatanCode: 1, _id: 1 });
// The orders of `enrollments(orderBy:)`, `_id` breaking ties.
enrollmentSchema.index({ startDate: 1, _id: 1 });
enrollmentSchema.index({ endDate: 1, _id: 1 });

export const Programme = model<ProgrammeDoc>('Programme', programmeSchema);
export const Enrollment = model<EnrollmentDoc>('Enrollment', enrollmentSchema);
