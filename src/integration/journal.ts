import { promisify } from 'node:util';
import { deflateRaw, inflateRawSync } from 'node:zlib';
import { Binary } from 'mongodb';
import mongoose from 'mongoose';
import type { RecordStore } from './store';
import type { WriteOp } from './changeTracking';

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

/** Saves a chunk's writes in parts under the 16 MB document limit; returns the number of parts. */
export async function saveJournal(runId: string, chunk: number, ops: readonly WriteOp[]): Promise<number> {
  const parts: string[] = [];
  let texts: string[] = [];
  let size = 0;
  const close = () => {
    parts.push(`[${texts.join(',')}]`);
    texts = [];
    size = 0;
  };
  for (const op of ops) {
    const existed = new Set(op.existed);
    for (const doc of op.docs) {
      const text = JSON.stringify({ collection: op.collection, docs: [doc], existed: existed.has(String(doc._id)) ? [String(doc._id)] : [] });
      if (size + text.length > PART_BYTES && texts.length > 0) close();
      texts.push(text);
      size += text.length;
    }
  }
  if (texts.length > 0 || parts.length === 0) close();
  const packed = await Promise.all(parts.map((text) => deflate(Buffer.from(text), { level: 1 })));
  await journal().insertMany(packed.map((z, i) => ({ _id: `${runId}:${chunk}:${i}`, runId, chunk, part: i, z: new Binary(z) })));
  return parts.length;
}

// Parts are read and removed one `_id` equality at a time: any other filter makes the
// embedded engine decode every part, megabytes each.
export async function readJournal(runId: string, chunk: number, parts: number): Promise<WriteOp[]> {
  const ops: WriteOp[] = [];
  for (let i = 0; i < parts; i++) {
    const part = await journal().findOne({ _id: `${runId}:${chunk}:${i}` });
    if (!part) throw new Error(`journal of run ${runId} chunk ${chunk} lacks part ${i} of ${parts}`);
    const text = part.z ? inflateRawSync(part.z.buffer).toString() : part.ops!;
    for (const op of JSON.parse(text, revive) as WriteOp[]) {
      const last = ops[ops.length - 1];
      if (last?.collection === op.collection) {
        last.docs.push(...op.docs);
        last.existed.push(...op.existed);
      } else ops.push(op);
    }
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
