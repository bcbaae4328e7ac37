import { Schema, model } from 'mongoose';

/**
 * A referral to Dukcapil (rujukan perbaikan data kependudukan): an approved data change request about an identity
 * fact (NIK, name, sex, birth, family membership, death, moving out), which the hub never changes itself
 * (docs/domain.md section 9). Exported by `npm run export -- referrals` (docs/formats/referrals.md).
 */
export interface ReferralDoc {
  _id: string; // 'RF' + time and random
  personId: string;
  householdId: string | null;
  /** The person's NIK as the golden record holds it, for Dukcapil to find the record. */
  nik: string | null;
  /** The identity field, as the schema names it (`fullName`, `sex`, `birthDate`, `birthPlace`, `isDeceased`, `deathDate`). */
  field: string;
  /** The value the golden record holds (from Senopati). */
  recordedValue: string | null;
  /** The value the visit observed, approved by Dinsos. */
  observedValue: string;
  changeRequestId: string;
  visitId: string;
  visitDate: Date;
  proposedBy: string;
  approvedBy: string;
  approvedAt: Date;
  desaCode: string;
  kecamatanCode: string;
  /** Set once a referrals file listing it was complete. */
  exportedAt: Date | null;
}

const referralSchema = new Schema<ReferralDoc>(
  {
    _id: { type: String, required: true },
    personId: { type: String, required: true },
    householdId: { type: String, default: null },
    nik: { type: String, default: null },
    field: { type: String, required: true },
    recordedValue: { type: String, default: null },
    observedValue: { type: String, required: true },
    changeRequestId: { type: String, required: true },
    visitId: { type: String, required: true },
    visitDate: { type: Date, required: true },
    proposedBy: { type: String, required: true },
    approvedBy: { type: String, required: true },
    approvedAt: { type: Date, required: true },
    desaCode: { type: String, required: true },
    kecamatanCode: { type: String, required: true },
    exportedAt: { type: Date, default: null },
  },
  { collection: 'referrals', versionKey: false },
);
referralSchema.index({ exportedAt: 1, _id: 1 });
referralSchema.index({ personId: 1 });

export const Referral = model<ReferralDoc>('Referral', referralSchema);
