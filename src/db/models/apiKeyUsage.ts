import { Schema, model } from 'mongoose';

/** One partner key's requests on one day (WIB): what the daily quota counts, and what an ADMIN sees (Query.apiKeys). */
export interface ApiKeyUsageDoc {
  /** `<key id>:<YYYY-MM-DD>`. */
  _id: string;
  keyId: string;
  /** The day in WIB (UTC+7), `YYYY-MM-DD`. */
  day: string;
  /** Requests admitted (counted against the quota). */
  requests: number;
  /** Requests refused with 429 (rate limit or daily quota). */
  denied: number;
  /** The last request of the day, admitted or refused. */
  lastUsedAt: Date | null;
}

const apiKeyUsageSchema = new Schema<ApiKeyUsageDoc>(
  {
    _id: { type: String, required: true },
    keyId: { type: String, required: true },
    day: { type: String, required: true, match: /^\d{4}-\d{2}-\d{2}$/ },
    requests: { type: Number, required: true, default: 0 },
    denied: { type: Number, required: true, default: 0 },
    lastUsedAt: { type: Date, default: null },
  },
  { collection: 'apiKeyUsage', versionKey: false },
);
apiKeyUsageSchema.index({ keyId: 1, day: -1 });

export const ApiKeyUsage = model<ApiKeyUsageDoc>('ApiKeyUsage', apiKeyUsageSchema);
