import { Schema, model } from 'mongoose';
import { existingDesas, existingKecamatans } from './validators';

/** A partner agency's API key. Only a hash of its secret is stored. */
export interface ApiKeyDoc {
  _id: string;
  name: string;
  purpose: string;
  secretHash: string;
  kecamatanCodes: string[];
  desaCodes: string[];
  /** `Type.field` or `Type.field:masked` entries the key may read. */
  fields: string[];
  createdAt: Date;
  createdBy: string;
  revokedAt: Date | null;
}

const apiKeySchema = new Schema<ApiKeyDoc>(
  {
    _id: { type: String, required: true, match: /^ak_[0-9a-f]{16}$/ },
    name: { type: String, required: true, trim: true, minlength: 2, maxlength: 120 },
    purpose: { type: String, required: true, trim: true, minlength: 5, maxlength: 500 },
    secretHash: { type: String, required: true, match: /^[0-9a-f]{64}$/ },
    kecamatanCodes: { type: [String], default: [], validate: existingKecamatans },
    desaCodes: { type: [String], default: [], validate: existingDesas },
    fields: { type: [String], required: true },
    createdAt: { type: Date, required: true },
    createdBy: { type: String, required: true },
    revokedAt: { type: Date, default: null },
  },
  { collection: 'apiKeys', versionKey: false },
);

export const ApiKey = model<ApiKeyDoc>('ApiKey', apiKeySchema);
