import { Schema, model } from 'mongoose';
import { PILAR_ROLES } from '../../domain/codes';
import type { PilarRecord } from '../../domain/records';
import { recordSourceField, type Stored } from './lineage';
import { existingDesas, existingKecamatans } from './validators';

export type PilarDoc = PilarRecord & Stored;

const pilarSchema = new Schema<PilarDoc>(
  {
    _id: { type: String, required: true, match: /^PL\d{4}$/ },
    fullName: { type: String, required: true, trim: true, maxlength: 120 },
    role: { type: String, required: true, enum: PILAR_ROLES },
    kecamatanCodes: { type: [String], default: [], validate: existingKecamatans },
    desaCodes: { type: [String], default: [], validate: existingDesas },
    active: { type: Boolean, required: true, default: true },
    ...recordSourceField,
  },
  { collection: 'pilar', versionKey: false },
);
pilarSchema.index({ role: 1, _id: 1 });
pilarSchema.index({ kecamatanCodes: 1 });
pilarSchema.index({ desaCodes: 1 });

export const Pilar = model<PilarDoc>('Pilar', pilarSchema);
