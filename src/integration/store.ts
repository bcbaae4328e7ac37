import type { AnyBulkWriteOperation, Collection, Document } from 'mongodb';
import mongoose from 'mongoose';

/**
 * How the importer reads and writes whole records by `_id`, per engine.
 *
 * - `mongodb`: `_id` is indexed; reads are `$in` batches, writes are replaceOne
 *   upserts.
 * - `ferretdb-scan`: FerretDB v1.24.2 on SQLite as the hub builds it. Its `_id`
 *   index is created on `_ferretdb_sjson->"_id"` but queried as
 *   `_ferretdb_sjson->'$._id'`, so SQLite never uses it: every `_id` equality,
 *   update and delete scans the table, and any other filter (`$in` included)
 *   also decodes every document. Inserts are cheap. So a chunk reads each
 *   collection with one `$in` (one scan, whatever the number of ids) and
 *   replaces records by one `deleteMany` `$in` plus one `insertMany`; the chunk
 *   journal (journal.ts) makes that pair safe against a crash in between.
 *
 * - `ferretdb-indexed`: the embedded engine with the project's patch
 *   (src/db/engine-patches/), whose `_id` equality and `$in` are index lookups.
 *   Reads are `$in` batches, as on MongoDB. Writes stay a `deleteMany` `$in`
 *   (now an index lookup too) plus one `insertMany`: FerretDB runs an update
 *   as a read and a write in a transaction of its own per statement, so one
 *   replaceOne per record costs several times the pair per chunk, which the
 *   chunk journal makes safe.
 *
 * All profiles write the same documents; only the commands differ. The tests
 * run each against the embedded engine (`--engine-profile P` forces one).
 */
export type EngineProfile = 'mongodb' | 'ferretdb-indexed' | 'ferretdb-scan';

export const ENGINE_PROFILES: readonly EngineProfile[] = ['mongodb', 'ferretdb-indexed', 'ferretdb-scan'];

/**
 * The embedded engine answers buildInfo with its own version, and the patched
 * build also with `simpulPushdown`; MongoDB with neither.
 */
export async function detectEngineProfile(): Promise<EngineProfile> {
  const info = (await mongoose.connection.db!.admin().command({ buildInfo: 1 })) as { ferretdbVersion?: string; simpulPushdown?: unknown };
  if (!info.ferretdbVersion) return 'mongodb';
  return info.simpulPushdown ? 'ferretdb-indexed' : 'ferretdb-scan';
}

type Doc = Document & { _id: string };

/** Below these, single-document equality reads and replaceOne writes beat one scan of the whole collection. */
const SCAN_ENGINE_FEW_READS = 24;
const SCAN_ENGINE_FEW_WRITES = 8;
/**
 * Above this, reading the whole collection and keeping the wanted records beats an `$in`: the
 * engine tests every document against every listed id (about 25 ns a pair), which for 5,000 ids
 * costs more than sending the document.
 */
const SCAN_ENGINE_MANY_READS = 200;

function collection(name: string): Collection<Doc> {
  return mongoose.connection.db!.collection<Doc>(name);
}

async function inParallel<T>(items: readonly T[], concurrency: number, fn: (item: T) => Promise<void>): Promise<void> {
  let at = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (at < items.length) await fn(items[at++]!);
    }),
  );
}

function slices<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** What a store asked of the engine, per collection (for the benchmarks and the tests of what an import costs). */
export interface StoreTally {
  /** Ids asked for by fetch(), per collection. */
  idsRead: Record<string, number>;
  /** Documents handed to replace() (inserted or replaced), per collection. */
  docsWritten: Record<string, number>;
}

export class RecordStore {
  readonly tally: StoreTally = { idsRead: {}, docsWritten: {} };

  constructor(readonly profile: EngineProfile) {}

  /** The documents with these ids that exist. */
  async fetch(name: string, ids: readonly string[]): Promise<Doc[]> {
    if (ids.length === 0) return [];
    this.tally.idsRead[name] = (this.tally.idsRead[name] ?? 0) + ids.length;
    const c = collection(name);
    // On the scan engine an equality scans without decoding, about fifteen times cheaper
    // per document than the decoding scan of one `$in`: a few ids are read one by one.
    if (this.profile === 'ferretdb-scan' && ids.length <= SCAN_ENGINE_FEW_READS) {
      const out: Doc[] = [];
      await inParallel(ids, 16, async (id) => {
        const d = await c.findOne({ _id: id });
        if (d) out.push(d);
      });
      return out;
    }
    if (this.profile === 'ferretdb-scan' && ids.length > SCAN_ENGINE_MANY_READS) {
      const wanted = new Set(ids);
      const out: Doc[] = [];
      for await (const d of c.find({}).batchSize(5000)) if (wanted.has(d._id)) out.push(d);
      return out;
    }
    // One scan for all ids on the scan engine; index lookups in batches elsewhere.
    const size = this.profile === 'ferretdb-scan' ? ids.length : 1000;
    const out: Doc[] = [];
    await inParallel(slices(ids, size), 4, async (batch) => {
      out.push(
        ...(await c
          .find({ _id: { $in: batch } })
          .batchSize(batch.length + 1)
          .toArray()),
      );
    });
    return out;
  }

  /** Whether the collection holds no document (one indexed read of at most one `_id`). */
  async isEmpty(name: string): Promise<boolean> {
    return (await collection(name).findOne({}, { projection: { _id: 1 } })) === null;
  }

  /**
   * Writes whole documents, replacing those that exist. `maybeExisting` lists
   * the ids that may already be stored (a replay passes every id).
   */
  async replace(name: string, docs: readonly Doc[], maybeExisting: readonly string[]): Promise<void> {
    if (docs.length === 0) return;
    this.tally.docsWritten[name] = (this.tally.docsWritten[name] ?? 0) + docs.length;
    const c = collection(name);
    const existing = new Set(maybeExisting);
    const old = docs.filter((d) => existing.has(d._id));
    // Records known to be new are inserted: cheaper than upserts everywhere, and a clash is an error, not an overwrite.
    const fresh = docs.filter((d) => !existing.has(d._id));
    if ((this.profile === 'ferretdb-scan' && old.length > SCAN_ENGINE_FEW_WRITES) || (this.profile === 'ferretdb-indexed' && old.length > 0)) {
      for (const batch of slices(old, this.profile === 'ferretdb-scan' ? old.length : 1000)) await c.deleteMany({ _id: { $in: batch.map((d) => d._id) } });
      fresh.push(...old);
    } else if (this.profile === 'ferretdb-scan') {
      for (const d of old) await c.replaceOne({ _id: d._id }, d, { upsert: true });
    } else {
      const ops: AnyBulkWriteOperation<Doc>[] = old.map((d) => ({ replaceOne: { filter: { _id: d._id }, replacement: d, upsert: true } }));
      // FerretDB v1.24.2 holds one connection per statement of an update command and deadlocks at
      // 100 (its SQLite pool), which matters when the MongoDB profile is forced onto it.
      for (const batch of slices(ops, 50)) await c.bulkWrite(batch, { ordered: false });
    }
    for (const batch of slices(fresh, 5000)) await c.insertMany(batch, { ordered: false });
  }

  async remove(name: string, ids: readonly string[]): Promise<void> {
    for (const batch of slices(ids, this.profile === 'ferretdb-scan' ? Math.max(1, ids.length) : 1000)) await collection(name).deleteMany({ _id: { $in: batch } });
  }
}
