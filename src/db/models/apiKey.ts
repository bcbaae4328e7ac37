import { Schema, model } from 'mongoose';
import { PROGRAMME_CODES } from '../../domain/codes';
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
  /** When the key stops working (401 API_KEY_EXPIRED); null: never. */
  expiresAt?: Date | null;
  /** Requests per minute, held in the hub's process; null: unlimited. */
  ratePerMinute?: number | null;
  /** Requests per day (WIB), counted in apiKeyUsage; null: unlimited. */
  dailyQuota?: number | null;
  /** Rows limited to the recipients of these programmes (any enrolment status); empty: not limited by programme. */
  programmeCodes?: string[];
  /** The secret before the last rotation, accepted until `previousSecretValidUntil` (a grace period), then refused. */
  previousSecretHash?: string | null;
  previousSecretValidUntil?: Date | null;
  rotatedAt?: Date | null;
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
    expiresAt: { type: Date, default: null },
    ratePerMinute: { type: Number, default: null, min: 1, max: 100_000 },
    dailyQuota: { type: Number, default: null, min: 1, max: 100_000_000 },
    programmeCodes: { type: [String], default: [], enum: PROGRAMME_CODES },
    previousSecretHash: { type: String, default: null, match: /^[0-9a-f]{64}$/ },
    previousSecretValidUntil: { type: Date, default: null },
    rotatedAt: { type: Date, default: null },
  },
  { collection: 'apiKeys', versionKey: false },
);

export const ApiKey = model<ApiKeyDoc>('ApiKey', apiKeySchema);
