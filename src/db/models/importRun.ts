import { Schema, model } from 'mongoose';
import { DATA_SOURCES, type DataSource } from '../../domain/provenance';

export const IMPORT_RUN_STATUSES = ['RUNNING', 'COMPLETED', 'REFUSED', 'FAILED', 'ABANDONED'] as const;
export type ImportRunStatus = (typeof IMPORT_RUN_STATUSES)[number];

export interface ImportCounts {
  read: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
}
/** The parent of the GraphQL type ImportCounts (codegen.ts mappers). */
export type ImportCountsShape = ImportCounts;

/** A chunk whose writes are journaled but not yet known to be applied (replayed on resume). */
export interface PendingChunk {
  chunk: number;
  parts: number;
  /** Last line of the chunk, and the counts once it is applied. */
  line: number;
  counts: ImportCounts;
  /**
   * The journal holds what undoes the chunk (the ids it inserts, the records it replaces as they
   * were, the id counters before it) rather than its writes: a resumed run undoes the chunk and
   * imports its rows again (src/integration/journal.ts). Absent: the journal holds the writes.
   */
  undo?: true;
}

/** One import of one source file (docs/domain.md section 3, ImportRun). */
export interface ImportRunDoc {
  _id: string; // 'IR' + 6 digits
  source: DataSource;
  /** The command-line name of the source (dtsen, senopati, pkh, ...). */
  sourceName: string;
  file: string;
  /** sha256 of the file: the same file imported again is recognised, an interrupted one resumed. */
  contentHash: string;
  sizeBytes: number;
  status: ImportRunStatus;
  message: string | null;
  startedAt: Date;
  finishedAt: Date | null;
  /** Moments an interrupted run was picked up again. */
  resumedAt: Date[];
  counts: ImportCounts;
  /** Last line whose chunk is fully applied. */
  checkpointLine: number;
  chunks: number;
  pending: PendingChunk | null;
}

/** A row the importer could not take, kept with its line and why. */
export interface ImportRejectDoc {
  _id: string; // 'RJ' + 8 digits
  runId: string;
  line: number;
  reason: string;
  /** The row as it was written (truncated), for the data owner to fix. */
  raw: string;
}

const counts = {
  read: { type: Number, required: true, min: 0 },
  inserted: { type: Number, required: true, min: 0 },
  updated: { type: Number, required: true, min: 0 },
  unchanged: { type: Number, required: true, min: 0 },
  rejected: { type: Number, required: true, min: 0 },
};

const importRunSchema = new Schema<ImportRunDoc>(
  {
    _id: { type: String, required: true, match: /^IR\d{6}$/ },
    source: { type: String, required: true, enum: DATA_SOURCES },
    sourceName: { type: String, required: true },
    file: { type: String, required: true },
    contentHash: { type: String, required: true, match: /^[0-9a-f]{64}$/ },
    sizeBytes: { type: Number, required: true, min: 0 },
    status: { type: String, required: true, enum: IMPORT_RUN_STATUSES },
    message: { type: String, default: null },
    startedAt: { type: Date, required: true },
    finishedAt: { type: Date, default: null },
    resumedAt: { type: [Date], default: [] },
    counts: { type: new Schema(counts, { _id: false }), required: true },
    checkpointLine: { type: Number, required: true, min: 0 },
    chunks: { type: Number, required: true, min: 0 },
    pending: { type: Schema.Types.Mixed, default: null },
  },
  { collection: 'importRuns', versionKey: false },
);
importRunSchema.index({ source: 1, _id: 1 });
importRunSchema.index({ status: 1, _id: 1 });

const importRejectSchema = new Schema<ImportRejectDoc>(
  {
    _id: { type: String, required: true, match: /^RJ\d{8}$/ },
    runId: { type: String, required: true, match: /^IR\d{6}$/ },
    line: { type: Number, required: true, min: 1 },
    reason: { type: String, required: true },
    raw: { type: String, required: true },
  },
  { collection: 'importRejects', versionKey: false },
);
importRejectSchema.index({ runId: 1, _id: 1 });

/** The writes of one chunk, saved before they are applied so that a killed import can finish them. */
export interface ImportJournalDoc {
  _id: string; // runId:chunk:part
  runId: string;
  chunk: number;
  part: number;
  ops: unknown[];
}

const importJournalSchema = new Schema<ImportJournalDoc>(
  {
    _id: { type: String, required: true },
    runId: { type: String, required: true },
    chunk: { type: Number, required: true },
    part: { type: Number, required: true },
    ops: { type: [Schema.Types.Mixed], default: [] },
  },
  { collection: 'importJournal', versionKey: false },
);

export const ImportRun = model<ImportRunDoc>('ImportRun', importRunSchema);
export const ImportReject = model<ImportRejectDoc>('ImportReject', importRejectSchema);
export const ImportJournal = model<ImportJournalDoc>('ImportJournal', importJournalSchema);

export { DATA_SOURCES };
export type { DataSource };
