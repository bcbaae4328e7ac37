import { Schema, model } from 'mongoose';

/**
 * One mutation a viewer sent under one idempotency key (src/writes/run.ts). `_id` is a hash of the viewer and the key,
 * so the second request with the same key collides on `_id` instead of running again.
 */
export interface WriteReceiptDoc {
  _id: string;
  /** The viewer (`user:...`, `pilar:...`): keys are the viewer's own, two viewers may use the same key. */
  viewer: string;
  mutation: string;
  /** A hash of the input without its key: the same key with a different input is refused. */
  inputHash: string;
  status: 'PENDING' | 'DONE';
  /** What the mutation returned: the collection and id of the object its payload reads. */
  result: { collection: string; id: string } | null;
  at: Date;
}

const receiptSchema = new Schema<WriteReceiptDoc>(
  {
    _id: { type: String, required: true },
    viewer: { type: String, required: true },
    mutation: { type: String, required: true },
    inputHash: { type: String, required: true },
    status: { type: String, required: true, enum: ['PENDING', 'DONE'] },
    result: {
      type: new Schema({ collection: { type: String, required: true }, id: { type: String, required: true } }, { _id: false, suppressReservedKeysWarning: true }),
      default: null,
    },
    at: { type: Date, required: true },
  },
  { collection: 'writeReceipts', versionKey: false },
);

/**
 * The effects of one mutation, written before any of them is applied (src/writes/journal.ts): every step is idempotent,
 * `next` is the first step not known to be applied, and an interrupted journal is applied again from there (at start and
 * before the next write touching one of its subjects). `_id` is the receipt's.
 */
export interface WriteJournalDoc {
  _id: string;
  status: 'PENDING' | 'DONE' | 'ABORTED';
  /** Ids of the records the steps touch (persons, households, discrepancies, requests...). */
  subjects: string[];
  /** The steps as Extended JSON (operators and dates kept exactly; a stored document may not hold `$` keys). */
  steps: string;
  next: number;
  result: { collection: string; id: string };
  createdAt: Date;
  finishedAt: Date | null;
}

const journalSchema = new Schema<WriteJournalDoc>(
  {
    _id: { type: String, required: true },
    status: { type: String, required: true, enum: ['PENDING', 'DONE', 'ABORTED'] },
    subjects: { type: [String], default: [] },
    steps: { type: String, required: true },
    next: { type: Number, required: true },
    result: {
      type: new Schema({ collection: { type: String, required: true }, id: { type: String, required: true } }, { _id: false, suppressReservedKeysWarning: true }),
      required: true,
    },
    createdAt: { type: Date, required: true },
    finishedAt: { type: Date, default: null },
  },
  { collection: 'writeJournal', versionKey: false },
);
journalSchema.index({ status: 1, subjects: 1 });

/** One change a mutation made (docs/domain.md section 9: who, role, when, purpose, old and new values). */
export interface WriteAuditDoc {
  _id: string; // journal id + ':' + index
  at: Date;
  /** The viewer who acted. */
  viewer: string;
  role: string;
  purpose: string | null;
  requestId: string;
  mutation: string;
  action: string;
  /** The record changed: its collection and id (a discrepancy, a request, a person...). */
  subjectType: string;
  subjectId: string;
  /** The residents the change is about, for "who changed my data". */
  personIds: string[];
  householdIds: string[];
  /** Old and new values of the fields changed, as JSON text (null for a record created). */
  oldValues: string | null;
  newValues: string | null;
}

const writeAuditSchema = new Schema<WriteAuditDoc>(
  {
    _id: { type: String, required: true },
    at: { type: Date, required: true },
    viewer: { type: String, required: true },
    role: { type: String, required: true },
    purpose: { type: String, default: null },
    requestId: { type: String, required: true },
    mutation: { type: String, required: true },
    action: { type: String, required: true },
    subjectType: { type: String, required: true },
    subjectId: { type: String, required: true },
    personIds: { type: [String], default: [] },
    householdIds: { type: [String], default: [] },
    oldValues: { type: String, default: null },
    newValues: { type: String, default: null },
  },
  { collection: 'writeAudit', versionKey: false },
);
writeAuditSchema.index({ subjectId: 1, _id: -1 });
writeAuditSchema.index({ personIds: 1, _id: -1 });
writeAuditSchema.index({ householdIds: 1, _id: -1 });
writeAuditSchema.index({ viewer: 1, _id: -1 });

export const WriteReceipt = model<WriteReceiptDoc>('WriteReceipt', receiptSchema);
export const WriteJournal = model<WriteJournalDoc>('WriteJournal', journalSchema);
export const WriteAudit = model<WriteAuditDoc>('WriteAudit', writeAuditSchema);
