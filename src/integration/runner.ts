import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { ImportCounts, ImportRunDoc } from '../db/models/importRun';
import type { Logger } from '../log';
import type { RunContext } from './chunk';
import { ChunkImporter, PhaseClock, type JournaledChunk } from './chunkImport';
import { IdAllocator, loadCounters } from './ids';
import { RecordCache } from './cache';
import { formatProblem, readRecords, type SourceRecord } from './reader';
import { recoverInterrupted } from './recovery';
import { programmeRules } from './reference';
import { sourceNamed, SOURCE_NAMES } from './registry';
import { acquireLock, createRun, fileHash, hubWritesCount, releaseLock, runningRuns, updateRun, zeroCounts, type ImportLock } from './runs';
import type { SourceSpec } from './source';
import { detectEngineProfile, RecordStore, type EngineProfile, type StoreTally } from './store';
import { beginCounters, refreshDirtyCounters } from '../db/statisticsCounters';
import { firstLoadInterrupted } from './firstLoad';

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
  /**
   * Called after each chunk's writes are journaled, before they are applied: the failure point
   * a test injects (tests/integration/crash.ts) to stop where a killed process would.
   */
  afterJournal?: (chunk: JournaledChunk) => Promise<void>;
  /**
   * Aborted when the caller no longer waits (a test that timed out): the import stops before its
   * next chunk, releases the lock and leaves its run RUNNING, to be resumed as after a kill.
   */
  signal?: AbortSignal;
  /**
   * False: each chunk waits for its own writes before the next one is prepared, as before chunks
   * were pipelined (chunkImport.ts); the same records, for comparisons and benchmarks. Default true.
   */
  overlap?: boolean;
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
  /** Ids read and documents written through the record store, per collection (journals aside). */
  tally: StoreTally;
}

export const DEFAULT_CHUNK_SIZE = 5000;

/** Why a file is refused while a first load's marker is there (src/integration/firstLoad.ts). */
export const INTERRUPTED_FIRST_LOAD =
  'a first load of source extracts into this database was interrupted, and the next load empties what it wrote and loads again: run that load again (`npm run seed`, or the demo start) before importing files one by one';

/**
 * Imports one source file: checks its format (refusing a wrong file before
 * writing anything), then reads it in chunks, each validated, linked, applied,
 * recomputed and written through the journal (chunkImport.ts). The same file
 * again changes nothing; a run killed midway is resumed from its last chunk by
 * importing the same file again (recovery.ts).
 */
export async function importFile(opts: ImportOptions): Promise<ImportResult> {
  const started = Date.now();
  const clock = new PhaseClock();
  const spec = sourceNamed(opts.source) as SourceSpec<unknown> | undefined;
  if (!spec) throw new Error(`unknown source "${opts.source}"; sources: ${SOURCE_NAMES.join(', ')}`);
  const log = opts.log;
  let profile: EngineProfile | null = null;
  let tally: StoreTally = { idsRead: {}, docsWritten: {} };
  const result = (run: ImportRunDoc | null, resumed: boolean): ImportResult => ({
    runId: run?._id ?? null,
    status: run?.status ?? 'REFUSED',
    message: run?.message ?? null,
    counts: run?.counts ?? zeroCounts(),
    resumed,
    seconds: (Date.now() - started) / 1000,
    phases: clock.phases,
    profile,
    tally,
  });

  opts.signal?.throwIfAborted();
  // A first load by clusters killed midway is all or nothing: it is loaded again (and emptied first), not added to.
  const problem = (await formatProblem(spec, opts.file)) ?? ((await firstLoadInterrupted()) ? INTERRUPTED_FIRST_LOAD : null);
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
  tally = store.tally;
  const label = `${spec.name} ${basename(opts.file)}`;
  const lock = await acquireLock(label);
  let run: ImportRunDoc | null = null;
  try {
    const cache = opts.cache ?? new RecordCache();
    // A hub write held the lock since the session's last file (an approved data change): its copies may be stale.
    const hubWrites = await hubWritesCount();
    if (cache.hubWritesSeen !== null && cache.hubWritesSeen !== hubWrites) cache.clear();
    cache.hubWritesSeen = hubWrites;
    const recovered = await recoverInterrupted(store, cache, { source: spec.dataSource, hash: meta.hash, label });
    run = recovered.run;
    // At a first load, link keys never written by the session are known absent, not looked up (absence.ts).
    await cache.noteEmpty((c) => store.isEmpty(c));
    if (run) log?.info({ runId: run._id, fromLine: run.checkpointLine + 1 }, 'import: resuming an interrupted run');
    else run = await createRun({ ...base, status: 'RUNNING', message: null, startedAt: new Date(), finishedAt: null, counts: zeroCounts(), checkpointLine: 0 });
    // Desas a killed import left marked are recounted first (src/db/statisticsCounters.ts).
    await beginCounters();
    const counts = await importChunks(opts, spec, run, { store, cache, lock, clock, started, bytesTotal: meta.size });
    await refreshDirtyCounters();
    clock.lap('counters');
    const finished = { status: 'COMPLETED' as const, finishedAt: new Date(), counts, message: null };
    await updateRun(run._id, finished);
    opts.onProgress?.({ runId: run._id, bytesRead: meta.size, bytesTotal: meta.size, counts: { ...counts }, seconds: (Date.now() - started) / 1000 });
    return result({ ...run, ...finished }, recovered.resumed);
  } catch (err) {
    opts.cache?.clear();
    if (run) await recordStop(run._id, err, opts.signal?.aborted === true);
    throw err;
  } finally {
    await releaseLock(lock).catch(() => undefined);
  }
}

interface ChunkSetting {
  store: RecordStore;
  cache: RecordCache;
  lock: ImportLock;
  clock: PhaseClock;
  started: number;
  bytesTotal: number;
}

/** Reads the file past the run's checkpoint and imports it chunk by chunk; returns the final counts. */
async function importChunks(opts: ImportOptions, spec: SourceSpec<unknown>, run: ImportRunDoc, s: ChunkSetting): Promise<ImportRunDoc['counts']> {
  const ctx: RunContext = { runId: run._id, startedAt: run.startedAt, source: spec.dataSource, programmes: await programmeRules() };
  const ids = new IdAllocator(await loadCounters());
  const chunks = new ChunkImporter(spec, ctx, s.store, ids, s.cache, s.lock, s.clock, { ...run.counts }, run.chunks, opts.afterJournal, opts.overlap ?? true);
  const size = opts.chunkSize ?? DEFAULT_CHUNK_SIZE;
  let bytesRead = 0;
  let batch: SourceRecord[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    opts.signal?.throwIfAborted();
    await chunks.process(batch);
    batch = [];
    opts.onProgress?.({ runId: run._id, bytesRead, bytesTotal: s.bytesTotal, counts: { ...chunks.counts }, seconds: (Date.now() - s.started) / 1000 });
  };
  s.clock.lap('setup');
  try {
    for await (const record of readRecords(spec, opts.file)) {
      bytesRead += record.bytes;
      if (record.line <= run.checkpointLine) continue;
      batch.push(record);
      if (batch.length >= size) await flush();
    }
    await flush();
    // The last chunk's writes (chunks are pipelined: chunkImport.ts).
    await chunks.drain();
    s.clock.lap('wait');
  } catch (err) {
    // Nothing may still write once the caller learns the import stopped (it releases the lock next).
    await chunks.settle();
    throw err;
  }
  return chunks.counts;
}

/**
 * What a run says after an import stopped with an error. A run with a chunk committed but not
 * applied, or whose caller gave up (aborted), stays RUNNING: the next import of the file resumes
 * it. Any other run has FAILED.
 */
async function recordStop(runId: string, err: unknown, aborted: boolean): Promise<void> {
  const pending = (await runningRuns().catch(() => [])).find((r) => r._id === runId)?.pending;
  const status = pending || aborted ? {} : { status: 'FAILED' as const, finishedAt: new Date() };
  await updateRun(runId, { ...status, message: (err as Error).message }).catch(() => undefined);
}
