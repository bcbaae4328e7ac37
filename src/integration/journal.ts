import { promisify } from 'node:util';
import { deflateRaw, inflateRawSync } from 'node:zlib';
import { Binary } from 'mongodb';
import mongoose from 'mongoose';
import type { RecordStore } from './store';
import { COUNTERS_ID } from './ids';
import { markCountersDirty } from '../db/statisticsCounters';
import { jsonText, type WriteOp } from './changeTracking';

/*
 * The redo journal of the importer. MongoDB without a replica set and the
 * embedded engine offer no multi-document transaction, and the embedded
 * engine replaces a record as a delete plus an insert. So a chunk's writes are
 * first saved whole in `importJournal`, then the run records them as pending
 * (the commit point), then they are applied. A process killed while applying
 * leaves a pending chunk that the next run of the import applies again before
 * doing anything else; applying twice gives the same records, because every
 * write is the whole final record.
 */

const PART_BYTES = 4 * 1024 * 1024;

const deflate = promisify(deflateRaw);

// Each part is one JSON text, compressed (`z`; zlib level 1, in the thread pool): the embedded
// engine stores and reads a binary far faster than the nested documents it holds, and the text
// is the size of the chunk's records, which the engine then writes a second time. Parts of an
// earlier version hold the text itself (`ops`), and are read as such.
const journal = () => mongoose.connection.db!.collection<{ _id: string; runId: string; chunk: number; part: number; ops?: string; z?: Binary }>('importJournal');

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const revive = (_k: string, v: unknown) => (typeof v === 'string' && ISO_DATE_TIME.test(v) ? new Date(v) : v);

/** Saves JSON texts in compressed parts under the 16 MB document limit; returns the number of parts. */
async function saveParts(runId: string, chunk: number, items: Iterable<string>): Promise<number> {
  const parts: string[] = [];
  let texts: string[] = [];
  let size = 0;
  const close = () => {
    parts.push(`[${texts.join(',')}]`);
    texts = [];
    size = 0;
  };
  for (const text of items) {
    if (size + text.length > PART_BYTES && texts.length > 0) close();
    texts.push(text);
    size += text.length;
  }
  if (texts.length > 0 || parts.length === 0) close();
  const packed = await Promise.all(parts.map((text) => deflate(Buffer.from(text), { level: 1 })));
  await journal().insertMany(packed.map((z, i) => ({ _id: `${runId}:${chunk}:${i}`, runId, chunk, part: i, z: new Binary(z) })));
  return parts.length;
}

/** Saves a chunk's writes in parts under the 16 MB document limit; returns the number of parts. */
export async function saveJournal(runId: string, chunk: number, ops: readonly WriteOp[]): Promise<number> {
  return saveParts(
    runId,
    chunk,
    (function* () {
      for (const op of ops) {
        const existed = new Set(op.existed);
        for (const doc of op.docs) yield jsonText({ collection: op.collection, docs: [doc], existed: existed.has(String(doc._id)) ? [String(doc._id)] : [] });
      }
    })(),
  );
}

/*
 * The undo journal. A chunk that mostly inserts records (a first load: Senopati into an empty
 * database) would journal every new record whole, only for a crash that almost never comes. It
 * journals instead what takes the database back to where the chunk found it: the ids it inserts,
 * the records it replaces as they were stored, the id counters before it, and the desas whose
 * statistics counters it changes. A resumed run deletes those ids, puts the old records back,
 * restores the counters, marks the desas for a recount, and imports the chunk's rows again from
 * the last checkpoint: the same rows from the same state hand out the same ids and write the
 * same records as an uninterrupted run.
 */

/** What undoes a chunk; its writes are in `ops`, each with `before` for the records it replaces. */
export interface UndoJournal {
  /** The id counters document before the chunk (ids.ts). */
  counters: Record<string, unknown>;
  /** The desas whose statistics counters the chunk changes (src/db/statisticsCounters.ts). */
  desas: readonly string[];
}

type UndoItem = { counters: Record<string, unknown>; desas: string[] } | { collection: string; inserted: string[] } | { collection: string; before: Record<string, unknown> };

/**
 * Whether an undo journal is the smaller one for these writes: records replaced are journaled
 * whole either way (as they were, or as they will be), inserted ones only by id in an undo.
 */
export function undoIsSmaller(ops: readonly WriteOp[]): boolean {
  let inserted = 0;
  let replaced = 0;
  for (const op of ops) {
    if (op.collection === 'importState') continue;
    replaced += op.existed.length;
    inserted += op.docs.length - op.existed.length;
  }
  return inserted > replaced;
}

/** Saves what undoes a chunk (see above); returns the number of parts. */
export async function saveUndoJournal(runId: string, chunk: number, ops: readonly WriteOp[], undo: UndoJournal): Promise<number> {
  return saveParts(
    runId,
    chunk,
    (function* () {
      yield jsonText({ counters: undo.counters, desas: [...undo.desas] } satisfies UndoItem);
      for (const op of ops) {
        if (op.collection === 'importState') continue;
        const existed = new Set(op.existed);
        const inserted = op.docs.map((d) => String(d._id)).filter((id) => !existed.has(id));
        if (inserted.length > 0) yield jsonText({ collection: op.collection, inserted } satisfies UndoItem);
        for (const id of op.existed) {
          const before = op.before?.get(id);
          if (!before) throw new Error(`undo journal: ${op.collection} ${id} is replaced but its stored form is unknown`);
          yield jsonText({ collection: op.collection, before } satisfies UndoItem);
        }
      }
    })(),
  );
}

/**
 * Takes the database back to where a chunk with an undo journal found it (a crash may have come
 * before, during or after its writes; undoing twice gives the same state).
 */
export async function undoChunk(store: RecordStore, runId: string, chunk: number, parts: number): Promise<void> {
  const items = (await readParts(runId, chunk, parts)) as UndoItem[];
  const head = items[0];
  if (!head || !('counters' in head)) throw new Error(`undo journal of run ${runId} chunk ${chunk} lacks its head`);
  const inserted = new Map<string, string[]>();
  const before = new Map<string, Record<string, unknown>[]>();
  const listOf = <T>(lists: Map<string, T[]>, collection: string): T[] => lists.get(collection) ?? lists.set(collection, []).get(collection)!;
  // Appended in place: a copy per item made undoing a chunk of a few thousand replaced records quadratic.
  for (const item of items.slice(1)) {
    if ('inserted' in item) {
      const ids = listOf(inserted, item.collection);
      for (const id of item.inserted) ids.push(id);
    } else if ('before' in item) listOf(before, item.collection).push(item.before);
  }
  for (const [collection, ids] of inserted) await store.remove(collection, ids);
  for (const [collection, docs] of before)
    await store.replace(
      collection,
      docs as never,
      docs.map((d) => String(d._id)),
    );
  await store.replace('importState', [{ ...head.counters, _id: COUNTERS_ID }], [COUNTERS_ID]);
  // Their counters may hold the chunk's changes: recounted before the run goes on (beginCounters).
  await markCountersDirty(head.desas);
}

// Parts are read and removed one `_id` equality at a time: any other filter makes the
// embedded engine decode every part, megabytes each.
async function readParts(runId: string, chunk: number, parts: number): Promise<unknown[]> {
  const items: unknown[] = [];
  for (let i = 0; i < parts; i++) {
    const part = await journal().findOne({ _id: `${runId}:${chunk}:${i}` });
    if (!part) throw new Error(`journal of run ${runId} chunk ${chunk} lacks part ${i} of ${parts}`);
    const text = part.z ? inflateRawSync(part.z.buffer).toString() : part.ops!;
    for (const item of JSON.parse(text, revive) as unknown[]) items.push(item);
  }
  return items;
}

export async function readJournal(runId: string, chunk: number, parts: number): Promise<WriteOp[]> {
  const ops: WriteOp[] = [];
  for (const op of (await readParts(runId, chunk, parts)) as WriteOp[]) {
    const last = ops[ops.length - 1];
    if (last?.collection === op.collection) {
      last.docs.push(...op.docs);
      last.existed.push(...op.existed);
    } else ops.push(op);
  }
  return ops;
}

export async function clearJournal(runId: string, chunk: number, parts: number): Promise<void> {
  for (let i = 0; i < parts; i++) await journal().deleteOne({ _id: `${runId}:${chunk}:${i}` });
}

/** Parts a process may have saved before dying, with no commit naming them. */
export async function clearStrayJournal(runId: string): Promise<void> {
  const ids = await journal()
    .find({ runId }, { projection: { _id: 1 } })
    .toArray();
  for (const { _id } of ids) await journal().deleteOne({ _id });
}

/** Applies a chunk's writes. On replay every record may exist already, whatever the journal said. */
export async function applyOps(store: RecordStore, ops: readonly WriteOp[], replay: boolean): Promise<void> {
  for (const op of ops) {
    await store.replace(op.collection, op.docs as never, replay ? op.docs.map((d) => String(d._id)) : op.existed);
  }
}
