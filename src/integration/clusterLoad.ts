import { appendFileSync, createReadStream, mkdirSync, rmSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { createInterface } from 'node:readline';
import mongoose from 'mongoose';
import type { ImportCounts, ImportRunDoc } from '../db/models/importRun';
import type { Logger } from '../log';
import { applyCounterDeltas, beginCounters, refreshDirtyCounters, type CounterDeltas } from '../db/statisticsCounters';
import { RecordCache } from './cache';
import type { RunContext } from './chunk';
import { ChunkImporter, PhaseClock } from './chunkImport';
import { Fields } from './fields';
import { collectionIsEmpty, FIRST_LOAD_MARKER as MARKER_ID, IMPORTED_COLLECTIONS, isFirstLoad, withIndexesAfterLoad } from './firstLoad';

export { firstLoadInterrupted } from './firstLoad';
import { IdAllocator, loadCounters } from './ids';
import { parseRecord, readRecords, formatProblem, type SourceRecord } from './reader';
import { programmeRules } from './reference';
import { sourceNamed } from './registry';
import { acquireLock, createRun, fileHash, holdingLock, refreshLock, releaseLock, updateRun, zeroCounts } from './runs';
import { DEFAULT_CHUNK_SIZE, type ImportProgress, type ImportResult } from './runner';
import type { SourceSpec } from './source';
import { detectEngineProfile, RecordStore, type EngineProfile } from './store';
import { WriteBehindStore } from './writeBehind';

/*
 * A first load by clusters of families (docs/importing.md, "A first load").
 *
 * File after file, a first load wrote each person about three times (Senopati inserts it, DT-SEN
 * replaces it, the rosters replace the household and its members again), journaled each replaced
 * record whole first, and recomputed each family once per file. Into an empty database the files
 * are instead read once to group their rows into clusters (rows sharing any link key: the keys
 * each source's `clusterKeys` gives, which its `prefetch` reads), the clusters are cut into
 * buckets of about `familiesPerBucket`, and each bucket is imported file after file in the usual
 * order, through each file's own run and the usual chunks, into a write-behind buffer
 * (writeBehind.ts) written once at the bucket's end. No family spans two buckets, so no bucket
 * reads what another wrote, except the global rosters (trainings, pilar), imported first.
 *
 * All or nothing: a marker in `importState` is written before anything and removed once the
 * indexes are built; a load that finds it (a load killed midway) empties what the load writes
 * and starts again (`resetInterruptedFirstLoad`).
 */

export interface ClusterLoadFile {
  /** Command-line name of the source: senopati, dtsen, pkh, ... */
  source: string;
  path: string;
}

/** What a caller may do between the files of a bucket (the seed applies its approvals after Senopati). */
export interface BucketStep {
  /** 0 for the global rosters, then 1, 2, ... */
  bucket: number;
  /** Whether a link key belongs to this bucket's families (false for keys no row of the files gives). */
  holds(key: string): boolean;
  /** The record a link key points at as the load holds it now (buffer or database), or undefined. */
  linked(key: string): Promise<string | undefined>;
  /** A record the load holds unwritten (do not change it), or undefined. */
  held(collection: string, id: string): Readonly<Record<string, unknown>> | undefined;
  /**
   * Writes these held records now, so that a workflow may read and change them in the database;
   * later writes of them replace what is stored.
   */
  writeNow(collection: string, ids: readonly string[]): Promise<void>;
  /** Forgets records another writer changed: the next file reads them from the database again. */
  forget(collection: string, ids: readonly string[]): void;
}

export interface ClusterLoadOptions {
  /** In the order a full load imports them (`npm run seed`). */
  files: readonly ClusterLoadFile[];
  /** Where the bucket files go (a directory of its own is made in it and removed at the end). */
  workDir: string;
  /** Clusters (about families) per bucket. */
  familiesPerBucket?: number;
  chunkSize?: number;
  profile?: EngineProfile;
  log?: Logger;
  onProgress?: (source: string, p: ImportProgress) => void;
  onImported?: (source: string, r: ImportResult) => void;
  /** Called in each bucket after each file's rows of the bucket are imported (before the next file's). */
  afterFile?: (source: string, step: BucketStep) => Promise<void>;
  /** Called after each bucket is written (the tests stop a load there, as a kill would). */
  afterBucket?: (bucket: number) => Promise<void>;
}

export interface ClusterLoadReport {
  results: ImportResult[];
  buckets: number;
  clusters: number;
  keys: number;
  /** Milliseconds of the load's phases: cluster pass, bucket files, import, flush writes, counters. */
  phases: Record<string, number>;
  /** Documents the flushes inserted and replaced. */
  written: { inserted: number; replaced: number };
  /** Heap in use after the cluster pass less before it (its key map and arrays, and garbage not yet collected), for the benchmarks. */
  clusterHeapBytes: number;
}

/** What workflows write (the seed's approvals run through them during a first load). */
const WORKFLOW_COLLECTIONS = ['visits', 'dataChangeRequests', 'referrals', 'auditEvents', 'writeAudit', 'writeJournal', 'writeReceipts', 'writeCounters'];
/** Besides IMPORTED_COLLECTIONS, what a first load writes and a reset empties. */
const LOAD_COLLECTIONS = ['importRuns', 'importJournal', 'statisticsCounters'];

const db = () => mongoose.connection.db!;
const stateCollection = () => db().collection<{ _id: string; [k: string]: unknown }>('importState');

/**
 * After a first load killed midway: empties what it wrote (the imported collections, runs,
 * journals, counters and id series, and the workflow collections that were empty when it began)
 * and removes its marker. Says whether there was one.
 */
export async function resetInterruptedFirstLoad(log?: Logger): Promise<boolean> {
  const marker = await stateCollection().findOne({ _id: MARKER_ID });
  if (!marker) return false;
  const workflows = (marker.emptyWorkflowCollections as string[] | undefined) ?? [];
  log?.warn({ startedAt: marker.startedAt }, 'first load: an interrupted first load is emptied and loaded again');
  for (const c of [...IMPORTED_COLLECTIONS, ...LOAD_COLLECTIONS, ...workflows]) await db().collection(c).deleteMany({});
  // The lock stays (a live load holds it), and so does the count of hub writes (runs.ts); the id series, counter state and marker go.
  await stateCollection().deleteMany({ _id: { $nin: ['lock', 'hubWrites'] } });
  return true;
}

async function writeMarker(files: readonly ClusterLoadFile[]): Promise<void> {
  const empty: string[] = [];
  for (const c of WORKFLOW_COLLECTIONS) if (await collectionIsEmpty(c)) empty.push(c);
  await stateCollection().replaceOne(
    { _id: MARKER_ID },
    { _id: MARKER_ID, startedAt: new Date(), files: files.map((f) => f.source), emptyWorkflowCollections: empty },
    { upsert: true },
  );
}

// ---------------------------------------------------------------------------------------------
// Clusters

/** Union-find over link keys: a Map of key -> int and an Int32Array of parents. */
class Clusters {
  readonly ids = new Map<string, number>();
  private parent = new Int32Array(1 << 16);

  private id(key: string): number {
    let n = this.ids.get(key);
    if (n !== undefined) return n;
    n = this.ids.size;
    this.ids.set(key, n);
    if (n >= this.parent.length) {
      const grown = new Int32Array(this.parent.length * 2);
      grown.set(this.parent);
      this.parent = grown;
    }
    this.parent[n] = n;
    return n;
  }

  find(n: number): number {
    let root = n;
    while (this.parent[root] !== root) root = this.parent[root]!;
    while (this.parent[n] !== root) {
      const next = this.parent[n]!;
      this.parent[n] = root;
      n = next;
    }
    return root;
  }

  /** Joins the keys of one row; answers the id of its first key (-1 for none). */
  join(keys: readonly string[]): number {
    if (keys.length === 0) return -1;
    const first = this.id(keys[0]!);
    let a = this.find(first);
    for (let i = 1; i < keys.length; i++) {
      const b = this.find(this.id(keys[i]!));
      if (a === b) continue;
      // The smaller id is the root: a cluster's root is its key seen first.
      if (a < b) this.parent[b] = a;
      else {
        this.parent[a] = b;
        a = b;
      }
    }
    return first;
  }

  /** The cluster of a key, -1 when no row gave it. */
  clusterOf(key: string): number {
    const n = this.ids.get(key);
    return n === undefined ? -1 : this.find(n);
  }
}

/** Per cluster file: each row's first key (an id of Clusters), -1 for a row without keys. */
type RowKeys = Int32Array;

function push(rows: { a: Int32Array; n: number }, v: number): void {
  if (rows.n === rows.a.length) {
    const grown = new Int32Array(rows.a.length * 2);
    grown.set(rows.a);
    rows.a = grown;
  }
  rows.a[rows.n++] = v;
}

/** A record as spilled to a bucket file: one JSON array per line. */
type Spilled = [line: number, bytes: number, hash: string, error: string | null, raw: string, values: unknown];

function spill(r: SourceRecord): string {
  const values = r.values && 'json' in r.values ? r.values.json : r.values?.fields;
  return JSON.stringify([r.line, r.bytes, r.hash, r.error, r.raw, values ?? null] satisfies Spilled);
}

function unspill(text: string, header: readonly string[] | null): SourceRecord {
  const [line, bytes, hash, error, raw, values] = JSON.parse(text) as Spilled;
  const fields = error || values === null ? null : header ? Fields.csv(header, values as string[]) : Fields.json(values as Record<string, unknown>);
  return { line, bytes, hash, error, raw, fields };
}

/** Appends lines to one file per bucket, a few megabytes at a time. */
class BucketWriter {
  private readonly pending = new Map<number, string[]>();
  private readonly sizes = new Map<number, number>();
  readonly rowsPer = new Map<number, number>();

  constructor(private readonly pathOf: (bucket: number) => string) {}

  add(bucket: number, line: string): void {
    let list = this.pending.get(bucket);
    if (!list) this.pending.set(bucket, (list = []));
    list.push(line);
    this.rowsPer.set(bucket, (this.rowsPer.get(bucket) ?? 0) + 1);
    const size = (this.sizes.get(bucket) ?? 0) + line.length;
    this.sizes.set(bucket, size);
    if (size > 4 * 1024 * 1024) this.write(bucket);
  }

  private write(bucket: number): void {
    const list = this.pending.get(bucket);
    if (!list || list.length === 0) return;
    appendFileSync(this.pathOf(bucket), `${list.join('\n')}\n`);
    this.pending.set(bucket, []);
    this.sizes.set(bucket, 0);
  }

  close(): void {
    for (const bucket of this.pending.keys()) this.write(bucket);
  }
}

async function* readSpilled(path: string, header: readonly string[] | null): AsyncGenerator<SourceRecord> {
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  for await (const text of lines) if (text.length > 0) yield unspill(text, header);
}

// ---------------------------------------------------------------------------------------------
// The load

interface FileState {
  file: ClusterLoadFile;
  spec: SourceSpec<unknown>;
  run: ImportRunDoc;
  ctx: RunContext;
  counts: ImportCounts;
  clock: PhaseClock;
  chunks: number;
  header: readonly string[] | null;
  bytesTotal: number;
  bytesRead: number;
  lastLine: number;
  ms: number;
  /** Rows per bucket (cluster files), from the bucket pass. */
  rowsPer: Map<number, number>;
}

/**
 * Loads the files into an empty database by clusters (see above), with the secondary indexes
 * built after the data and the marker removed after them. Answers null, writing nothing, when
 * the database is not empty or a file would be refused: the caller imports file after file then.
 */
export async function loadByClusters(opts: ClusterLoadOptions): Promise<ClusterLoadReport | null> {
  if (!(await isFirstLoad())) return null;
  for (const f of opts.files) {
    const spec = sourceNamed(f.source);
    if (!spec || (await formatProblem(spec, f.path)) !== null) return null;
  }
  await writeMarker(opts.files);
  const report = await withIndexesAfterLoad(() => load(opts), opts.log);
  await stateCollection().deleteOne({ _id: MARKER_ID });
  return report;
}

async function load(opts: ClusterLoadOptions): Promise<ClusterLoadReport> {
  const log = opts.log;
  const phases: Record<string, number> = {};
  let mark = performance.now();
  const lap = (phase: string) => {
    const now = performance.now();
    phases[phase] = (phases[phase] ?? 0) + now - mark;
    mark = now;
  };
  const perBucket = opts.familiesPerBucket ?? 5000;
  const chunkSize = opts.chunkSize ?? DEFAULT_CHUNK_SIZE;
  const dir = join(opts.workDir, `first-load-${process.pid}-${Date.now()}`);
  mkdirSync(dir, { recursive: true });
  const lock = await acquireLock('a first load by clusters');
  try {
    const programmes = await programmeRules();
    const states: FileState[] = [];
    for (const file of opts.files) {
      const spec = sourceNamed(file.source) as SourceSpec<unknown>;
      const size = (await stat(file.path)).size;
      const run = await createRun({
        source: spec.dataSource,
        sourceName: spec.name,
        file: basename(file.path),
        contentHash: await fileHash(file.path),
        sizeBytes: size,
        resumedAt: [],
        chunks: 0,
        pending: null,
        status: 'RUNNING',
        message: null,
        startedAt: new Date(),
        finishedAt: null,
        counts: zeroCounts(),
        checkpointLine: 0,
      });
      states.push({
        file,
        spec,
        run,
        ctx: { runId: run._id, startedAt: run.startedAt, source: spec.dataSource, programmes },
        counts: zeroCounts(),
        clock: new PhaseClock(),
        chunks: 0,
        header: null,
        bytesTotal: size,
        bytesRead: 0,
        lastLine: 0,
        ms: 0,
        rowsPer: new Map(),
      });
    }
    lap('setup');

    // 1. The cluster pass: every row's keys joined; each row's first key kept, and the row spilled as read (in file order).
    const heapBefore = process.memoryUsage().heapUsed;
    const clusters = new Clusters();
    const rowKeys = new Map<FileState, RowKeys>();
    const wholePath = (s: FileState) => join(dir, `all-${s.spec.name}.jsonl`);
    for (const s of states) {
      if (!s.spec.clusterKeys) continue;
      const rows = { a: new Int32Array(1024), n: 0 };
      const whole = new BucketWriter(() => wholePath(s));
      for await (const r of readRecords(s.spec, s.file.path)) {
        if (!s.header && r.values && 'header' in r.values) s.header = r.values.header;
        const parsed = parseRecord(s.spec, r);
        push(rows, 'row' in parsed ? clusters.join(s.spec.clusterKeys(parsed.row)) : -1);
        whole.add(0, spill(r));
      }
      whole.close();
      rowKeys.set(s, rows.a.subarray(0, rows.n));
    }
    const clusterHeapBytes = process.memoryUsage().heapUsed - heapBefore;
    lap('cluster pass');

    // 2. Buckets: clusters in order of first appearance, `perBucket` to a bucket; rows spilled per bucket and file.
    const bucketOfRoot = new Map<number, number>();
    let clusterCount = 0;
    const bucketOf = (firstKey: number): number => {
      const root = clusters.find(firstKey);
      let b = bucketOfRoot.get(root);
      if (b === undefined) bucketOfRoot.set(root, (b = 1 + Math.floor(clusterCount++ / perBucket)));
      return b;
    };
    const spillPath = (s: FileState, bucket: number) => join(dir, `${bucket}-${s.spec.name}.jsonl`);
    for (const s of states) {
      const keys = rowKeys.get(s);
      // A file with no row (a header alone) has nothing to route.
      if (!keys || keys.length === 0) continue;
      const writer = new BucketWriter((b) => spillPath(s, b));
      let i = 0;
      let previous = 1;
      // The spilled rows, routed as they are (not read nor parsed again).
      for await (const text of createInterface({ input: createReadStream(wholePath(s), { encoding: 'utf8' }), crlfDelay: Infinity })) {
        if (text.length === 0) continue;
        const k = keys[i++]!;
        // A row without keys (it does not parse) is rejected wherever it goes: beside the row before it.
        const b = k < 0 ? previous : bucketOf(k);
        previous = b;
        writer.add(b, text);
      }
      writer.close();
      rmSync(wholePath(s), { force: true });
      s.rowsPer = writer.rowsPer;
      rowKeys.delete(s);
    }
    // Not Math.max(...values): a regency has more clusters than a call has room for arguments.
    let buckets = 0;
    for (const s of states) for (const b of s.rowsPer.keys()) buckets = Math.max(buckets, b);
    log?.info({ clusters: clusterCount, keys: clusters.ids.size, buckets }, 'first load: families grouped into buckets');
    lap('bucket files');

    // 3. The global rosters (bucket 0), then each bucket, every file in order, into the buffer; written at the bucket's end.
    const engine = new RecordStore(opts.profile ?? (await detectEngineProfile()));
    const store = new WriteBehindStore(engine);
    const cache = new RecordCache();
    await cache.noteEmpty((c) => engine.isEmpty(c));
    await beginCounters();
    const ids = new IdAllocator(await loadCounters());
    const written = { inserted: 0, replaced: 0 };
    const started = Date.now();
    let deltas: CounterDeltas = new Map();
    const addDeltas = (more: CounterDeltas) => {
      for (const [desa, d] of more) {
        const sum = deltas.get(desa);
        if (!sum) deltas.set(desa, { ...d });
        else {
          sum.households += d.households;
          sum.persons += d.persons;
          sum.householdsReceivingAid += d.householdsReceivingAid;
        }
      }
    };
    const importRows = async (s: FileState, records: AsyncIterable<SourceRecord>) => {
      const t = performance.now();
      s.clock.restart();
      store.setLabel(s.spec.name);
      const importer = new ChunkImporter(s.spec, s.ctx, store, ids, cache, lock, s.clock, s.counts, s.chunks, undefined, true, addDeltas);
      let batch: SourceRecord[] = [];
      for await (const r of records) {
        s.bytesRead += r.bytes;
        s.lastLine = Math.max(s.lastLine, r.line);
        batch.push(r);
        if (batch.length >= chunkSize) {
          await importer.process(batch);
          batch = [];
        }
      }
      await importer.process(batch);
      await importer.drain();
      s.clock.lap('wait');
      s.chunks += 1;
      s.ms += performance.now() - t;
    };
    const step = (bucket: number): BucketStep => ({
      bucket,
      holds: (key) => {
        const c = clusters.clusterOf(key);
        return c >= 0 && bucketOfRoot.get(c) === bucket;
      },
      linked: async (key) => {
        const held = store.peekHeld('linkKeys', key);
        if (held) return String(held.id);
        return String((await engine.fetch('linkKeys', [key]))[0]?.id ?? '') || undefined;
      },
      held: (collection, id) => store.peekHeld(collection, id),
      writeNow: (collection, list) => store.writeNow(collection, list),
      forget: (collection, list) => {
        for (const id of list) cache.forget(collection, id);
      },
    });
    // A bucket's writes run while the next bucket is imported (no family spans two buckets); one bucket is written at a time.
    let writing: Promise<void> = Promise.resolve();
    const finishBucket = async (bucket: number) => {
      // The previous bucket's write and its bookkeeping, which may have failed.
      await writing;
      const t = performance.now();
      const flushing = await store.startFlush();
      const bucketDeltas = deltas;
      deltas = new Map();
      const snapshot = states.map((s) => ({ s, counts: { ...s.counts }, bytesRead: s.bytesRead, chunks: s.chunks }));
      writing = (async () => {
        const w = await flushing;
        written.inserted += w.inserted;
        written.replaced += w.replaced;
        phases['flush writes'] = (phases['flush writes'] ?? 0) + performance.now() - t;
        await applyCounterDeltas(bucketDeltas);
        for (const { s, counts, chunks } of snapshot) await updateRun(s.run._id, { counts, chunks });
        await refreshLock(lock);
        const seconds = (Date.now() - started) / 1000;
        for (const { s, counts, bytesRead } of snapshot) opts.onProgress?.(s.spec.name, { runId: s.run._id, bytesRead, bytesTotal: s.bytesTotal, counts, seconds });
        log?.info(
          { bucket, of: buckets, seconds, rows: Object.fromEntries(snapshot.map(({ s, counts }) => [s.spec.name, counts.read])), written: w },
          'first load: bucket written',
        );
        // Part of this load: a write it makes (a seeded approval) runs under the load's lock (runs.ts holdingLock).
        if (opts.afterBucket) await holdingLock(lock, () => opts.afterBucket!(bucket));
      })();
      // Handled here, thrown by the next finishBucket or at the end.
      writing.catch(() => undefined);
    };

    for (const s of states) if (!s.spec.clusterKeys) await importRows(s, readRecords(s.spec, s.file.path));
    await finishBucket(0);
    for (let b = 1; b <= buckets; b++) {
      for (const s of states) {
        if (!s.spec.clusterKeys) continue;
        if ((s.rowsPer.get(b) ?? 0) > 0) await importRows(s, readSpilled(spillPath(s, b), s.header));
        if (opts.afterFile) await holdingLock(lock, () => opts.afterFile!(s.spec.name, step(b)));
      }
      await finishBucket(b);
      for (const s of states) rmSync(spillPath(s, b), { force: true });
    }
    await writing;
    lap('buckets');
    await refreshDirtyCounters();
    const results: ImportResult[] = [];
    for (const s of states) {
      const finished = { status: 'COMPLETED' as const, finishedAt: new Date(), counts: { ...s.counts }, message: null, checkpointLine: s.lastLine, chunks: s.chunks };
      await updateRun(s.run._id, finished);
      const result: ImportResult = {
        runId: s.run._id,
        status: 'COMPLETED',
        message: null,
        counts: { ...s.counts },
        resumed: false,
        seconds: s.ms / 1000,
        phases: s.clock.phases,
        profile: engine.profile,
        tally: store.tallyOf(s.spec.name),
      };
      results.push(result);
      opts.onImported?.(s.spec.name, result);
    }
    lap('finish');
    return { results, buckets, clusters: clusterCount, keys: clusters.ids.size, phases, written, clusterHeapBytes };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await releaseLock(lock).catch(() => undefined);
  }
}
