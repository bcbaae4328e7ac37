import { Schema, model } from 'mongoose';

/** One response that carried residents' personal data (UU PDP accountability). */
export interface AuditEventDoc {
  _id: string;
  at: Date;
  subject: string;
  role: string;
  operation: string;
  /** Why: a partner key's granted purpose, or what a user stated in `x-purpose`. */
  purpose: string | null;
  /** What a partner added in `x-purpose` beside its key's purpose. */
  purposeDetail: string | null;
  requestId: string;
  personIds: string[];
  householdIds: string[];
  /** `Type.field` paths that were returned. */
  fields: string[];
}

const auditEventSchema = new Schema<AuditEventDoc>(
  {
    _id: { type: String, required: true },
    at: { type: Date, required: true },
    subject: { type: String, required: true },
    role: { type: String, required: true },
    operation: { type: String, required: true },
    purpose: { type: String, default: null },
    purposeDetail: { type: String, default: null },
    requestId: { type: String, required: true },
    personIds: { type: [String], default: [] },
    householdIds: { type: [String], default: [] },
    fields: { type: [String], default: [] },
  },
  { collection: 'auditEvents', versionKey: false },
);
// "Who looked at this person" and "what did this viewer look at", newest first.
auditEventSchema.index({ personIds: 1, at: -1 });
auditEventSchema.index({ householdIds: 1, at: -1 });
auditEventSchema.index({ subject: 1, at: -1 });

export const AuditEvent = model<AuditEventDoc>('AuditEvent', auditEventSchema);
