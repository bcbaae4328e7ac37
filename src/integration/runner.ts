import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { ImportCounts, ImportRejectDoc, ImportRunDoc } from '../db/models/importRun';
import type { Logger } from '../log';
import { Chunk, type RunContext } from './chunk';
import { recomputeFamilies } from './family';
import { RowRejected } from './fields';
import { IdAllocator, loadCounters } from './ids';
import { RecordCache, UNCACHED_COLLECTIONS } from './cache';
import { applyOps, clearJournal, clearStrayJournal, readJournal, saveJournal } from './journal';
import { formatProblem, parseRecord, readRecords, type SourceRecord } from './reader';
import { programmeRules } from './reference';
import { sourceNamed, SOURCE_NAMES } from './registry';
import { acquireLock, createRun, fileHash, refreshLock, releaseLock, runningRuns, sameFile, updateRun, zeroCounts } from './runs';
import type { Outcome, SourceSpec } from './source';
import { detectEngineProfile, RecordStore, type EngineProfile } from './store';
import { validateWrites } from './validate';
import { applyCounterDeltas, beginCounters, markCountersDirty, refreshDirtyCounters } from '../db/statisticsCounters';

export interface ImportProgress {
  runId: string;
  bytesRead: number;
  bytesTotal: number;
  counts: ImportCounts;
  /** Since the import started. */
  seconds: number;
}

export interface ImportOptions {
  /** Command-line name of the source: senopati, dtsen, pkh, ... */
  source: string;
  file: string;
  /** Rows per chunk: bigger chunks mean fewer scans on the embedded engine, more memory. */
  chunkSize?: number;
  profile?: EngineProfile;
  log?: Logger;
  onProgress?: (p: ImportProgress) => void;
  /** Records kept between chunks and between the files of one session (seed); a fresh one per import by default. */
  cache?: RecordCache;
  /** Tests only: stop as a killed process would, after this chunk's journal is committed (`journaled`) or half applied. */
  crashAt?: { chunk: number; phase: 'journaled' | 'half-applied' };
}

export interface ImportResult {
  runId: string | null;
  status: ImportRunDoc['status'];
  message: string | null;
  counts: ImportCounts;
  resumed: boolean;
  seconds: number;
  /** Milliseconds spent in each phase, summed over the chunks (for the benchmarks). */
  phases: Record<string, number>;
  /** How records were read and written (store.ts); null when the file was refused before. */
  profile: EngineProfile | null;
}

export const DEFAULT_CHUNK_SIZE = 5000;

/** Thrown by the crashAt hook: the run is left exactly as a killed process leaves it. */
export class SimulatedCrash extends Error {}

const MAX_RAW = 2000;

function add(counts: ImportCounts, outcome: Outcome | 'rejected'): void {
  counts.read++;
  counts[outcome]++;
}

/** Finishes the writes of a chunk whose journal was committed before its process died. */
async function finishPending(store: RecordStore, run: ImportRunDoc): Promise<ImportRunDoc> {
  if (!run.pending) return run;
  const ops = await readJournal(run._id, run.pending.chunk, run.pending.parts);
  await applyOps(store, ops, true);
  const done = { checkpointLine: run.pending.line, counts: run.pending.counts, chunks: run.pending.chunk, pending: null };
  await updateRun(run._id, done);
  await clearJournal(run._id, run.pending.chunk, run.pending.parts);
  return { ...run, ...done };
}

/**
 * Imports one source file: checks its format (refusing a wrong file before
 * writing anything), then reads it in chunks, each validated, linked, applied,
 * recomputed and written through the journal. The same file again changes
 * nothing; a run killed midway is resumed from its last chunk by importing
 * the same file again.
 */
export async function importFile(opts: ImportOptions): Promise<ImportResult> {
  const started = Date.now();
  const phases: Record<string, number> = {};
  let mark = performance.now();
  const lap = (phase: string) => {
    const now = performance.now();
    phases[phase] = (phases[phase] ?? 0) + now - mark;
    mark = now;
  };
  const spec = sourceNamed(opts.source) as SourceSpec<unknown> | undefined;
  if (!spec) throw new Error(`unknown source "${opts.source}"; sources: ${SOURCE_NAMES.join(', ')}`);
  const log = opts.log;
  let profile: EngineProfile | null = null;
  const result = (run: ImportRunDoc | null, resumed: boolean): ImportResult => ({
    runId: run?._id ?? null,
    status: run?.status ?? 'REFUSED',
    message: run?.message ?? null,
    counts: run?.counts ?? zeroCounts(),
    resumed,
    seconds: (Date.now() - started) / 1000,
    phases,
    profile,
  });

  const problem = await formatProblem(spec, opts.file);
  const meta = problem?.startsWith('cannot read') ? { hash: '0'.repeat(64), size: 0 } : { hash: await fileHash(opts.file), size: (await stat(opts.file)).size };
  const base = { source: spec.dataSource, sourceName: spec.name, file: basename(opts.file), contentHash: meta.hash, sizeBytes: meta.size, resumedAt: [], chunks: 0, pending: null };
  if (problem) {
    const now = new Date();
    const refused = await createRun({ ...base, status: 'REFUSED', message: problem, startedAt: now, finishedAt: now, counts: zeroCounts(), checkpointLine: 0 });
    log?.warn({ runId: refused._id, source: spec.name }, `import refused: ${problem}`);
    return result(refused, false);
  }

  const store = new RecordStore(opts.profile ?? (await detectEngineProfile()));
  profile = store.profile;
  await acquireLock(`${spec.name} ${basename(opts.file)}`);
  let run: ImportRunDoc | null = null;
  let resumed = false;
  try {
    const cache = opts.cache ?? new RecordCache();
    for (const old of await runningRuns()) {
      // Records a killed run was writing may differ from any copy in memory.
      cache.clear();
      const finished = await finishPending(store, old);
      await clearStrayJournal(old._id);
      if (!run && sameFile(finished, spec.dataSource, meta.hash)) {
        run = finished;
        resumed = true;
      } else {
        await updateRun(old._id, { status: 'ABANDONED', finishedAt: new Date(), message: `interrupted, then superseded by an import of ${spec.name} ${basename(opts.file)}` });
      }
    }
    if (run) {
      await updateRun(run._id, { resumedAt: [...run.resumedAt, new Date()] });
      log?.info({ runId: run._id, fromLine: run.checkpointLine + 1 }, 'import: resuming an interrupted run');
    } else {
      run = await createRun({ ...base, status: 'RUNNING', message: null, startedAt: new Date(), finishedAt: null, counts: zeroCounts(), checkpointLine: 0 });
    }
    await beginCounters();
    const ctx: RunContext = { runId: run._id, startedAt: run.startedAt, source: spec.dataSource, programmes: await programmeRules() };
    const ids = new IdAllocator(await loadCounters());
    const counts = { ...run.counts };
    let chunkNo = run.chunks;
    let bytesRead = 0;
    let batch: SourceRecord[] = [];
    const size = opts.chunkSize ?? DEFAULT_CHUNK_SIZE;

    const flush = async () => {
      if (batch.length === 0) return;
      chunkNo++;
      const chunk = new Chunk(ctx, store, ids, cache);
      const rows: { record: SourceRecord; row?: unknown; reason?: string }[] = batch.map((record) => {
        const parsed = parseRecord(spec, record);
        return 'row' in parsed ? { record, row: parsed.row } : { record, reason: parsed.reason };
      });
      lap('read');
      await spec.prefetch(rows.filter((r) => r.reason === undefined).map((r) => r.row), chunk);
      for (const r of rows) {
        if (r.reason === undefined) {
          try {
            const asOf = (r.row as { asOf: Date }).asOf;
            add(counts, spec.apply(r.row, { asOf, runId: ctx.runId, line: r.record.line, hash: r.record.hash }, chunk));
            continue;
          } catch (err) {
            if (!(err instanceof RowRejected)) throw err;
            r.reason = err.message;
          }
        }
        add(counts, 'rejected');
        const reject: ImportRejectDoc = { _id: ids.next('RJ'), runId: ctx.runId, line: r.record.line, reason: r.reason!, raw: r.record.raw.slice(0, MAX_RAW) };
        chunk.rejects.push(reject);
      }
      lap('apply');
      await recomputeFamilies(chunk);
      lap('recompute');
      const ops = chunk.writes();
      await validateWrites(ops);
      lap('validate');
      const line = batch[batch.length - 1]!.line;
      if (ops.length === 0) {
        // Nothing to write (a file imported again): only the checkpoint moves.
        await updateRun(ctx.runId, { checkpointLine: line, counts: { ...counts }, chunks: chunkNo });
        batch = [];
        opts.onProgress?.({ runId: ctx.runId, bytesRead, bytesTotal: meta.size, counts: { ...counts }, seconds: (Date.now() - started) / 1000 });
        return;
      }
      // Before the chunk's commit point: a process killed after it leaves these desas marked, and the next import recounts them.
      const deltas = chunk.counterDeltas(ops);
      await markCountersDirty(deltas.keys());
      const parts = await saveJournal(ctx.runId, chunkNo, ops);
      await updateRun(ctx.runId, { pending: { chunk: chunkNo, parts, line, counts: { ...counts } } });
      if (opts.crashAt?.chunk === chunkNo && opts.crashAt.phase === 'journaled') throw new SimulatedCrash(`simulated crash after journaling chunk ${chunkNo}`);
      if (opts.crashAt?.chunk === chunkNo) {
        await applyOps(store, ops.slice(0, Math.ceil(ops.length / 2)), false);
        throw new SimulatedCrash(`simulated crash while applying chunk ${chunkNo}`);
      }
      lap('journal');
      await applyOps(store, ops, false);
      for (const op of ops) if (!UNCACHED_COLLECTIONS.has(op.collection)) for (const doc of op.docs) cache.set(op.collection, String(doc._id), doc);
      lap('write');
      await applyCounterDeltas(deltas);
      lap('counters');
      await updateRun(ctx.runId, { checkpointLine: line, counts: { ...counts }, chunks: chunkNo, pending: null });
      await clearJournal(ctx.runId, chunkNo, parts);
      await refreshLock();
      batch = [];
      lap('checkpoint');
      opts.onProgress?.({ runId: ctx.runId, bytesRead, bytesTotal: meta.size, counts: { ...counts }, seconds: (Date.now() - started) / 1000 });
    };

    lap('setup');
    for await (const record of readRecords(spec, opts.file)) {
      bytesRead += record.bytes;
      if (record.line <= run.checkpointLine) continue;
      batch.push(record);
      if (batch.length >= size) await flush();
    }
    await flush();
    await refreshDirtyCounters();
    lap('counters');
    const finished = { status: 'COMPLETED' as const, finishedAt: new Date(), counts, message: null };
    await updateRun(ctx.runId, finished);
    opts.onProgress?.({ runId: ctx.runId, bytesRead: meta.size, bytesTotal: meta.size, counts: { ...counts }, seconds: (Date.now() - started) / 1000 });
    return result({ ...run, ...finished }, resumed);
  } catch (err) {
    opts.cache?.clear();
    if (!(err instanceof SimulatedCrash) && run) {
      // With a chunk committed but not applied the run stays RUNNING: the next import finishes that chunk first.
      const pending = (await runningRuns().catch(() => [])).find((r) => r._id === run!._id)?.pending;
      const status = pending ? {} : { status: 'FAILED' as const, finishedAt: new Date() };
      await updateRun(run._id, { ...status, message: (err as Error).message }).catch(() => undefined);
    }
    throw err;
  } finally {
    await releaseLock().catch(() => undefined);
  }
}
