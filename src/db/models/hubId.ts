import { Schema, model } from 'mongoose';

/** An id the hub handed out to a record it wrote itself (src/services/hubIds.ts): the unique `_id` makes a claim win once. */
export interface HubIdDoc {
  _id: string;
  at: Date;
}

const hubIdSchema = new Schema<HubIdDoc>({ _id: { type: String, required: true }, at: { type: Date, required: true } }, { collection: 'hubIds', versionKey: false });

export const HubId = model<HubIdDoc>('HubId', hubIdSchema);

/** Where each series of hub ids was last seen: a hint of where to claim the next one, never the authority. */
export interface WriteCounterDoc {
  _id: string;
  next: number;
}

const writeCounterSchema = new Schema<WriteCounterDoc>(
  { _id: { type: String, required: true }, next: { type: Number, required: true } },
  { collection: 'writeCounters', versionKey: false },
);

export const WriteCounter = model<WriteCounterDoc>('WriteCounter', writeCounterSchema);
