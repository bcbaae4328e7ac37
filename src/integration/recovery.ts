import type { ImportRunDoc } from '../db/models/importRun';
import type { DataSource } from '../domain/provenance';
import type { RecordCache } from './cache';
import { applyOps, clearJournal, clearStrayJournal, readJournal, undoChunk } from './journal';
import { runningRuns, sameFile, updateRun } from './runs';
import type { RecordStore } from './store';

/**
 * Settles a chunk whose journal was committed before its process died: finishes its writes, or,
 * with an undo journal, takes them back (the run then imports the chunk's rows again).
 */
async function finishPending(store: RecordStore, run: ImportRunDoc): Promise<ImportRunDoc> {
  if (!run.pending) return run;
  if (run.pending.undo) {
    await undoChunk(store, run._id, run.pending.chunk, run.pending.parts);
    await updateRun(run._id, { pending: null });
    await clearJournal(run._id, run.pending.chunk, run.pending.parts);
    return { ...run, pending: null };
  }
  const ops = await readJournal(run._id, run.pending.chunk, run.pending.parts);
  await applyOps(store, ops, true);
  const done = { checkpointLine: run.pending.line, counts: run.pending.counts, chunks: run.pending.chunk, pending: null };
  await updateRun(run._id, done);
  await clearJournal(run._id, run.pending.chunk, run.pending.parts);
  return { ...run, ...done };
}

export interface Recovered {
  /** The interrupted run of this very file, to be resumed; null when a new run starts. */
  run: ImportRunDoc | null;
  resumed: boolean;
}

/**
 * Settles the runs an interrupted import left RUNNING, under the import lock: each one's
 * committed chunk is finished; the run of the same file (source and content hash) is
 * resumed, every other one is marked ABANDONED.
 */
export async function recoverInterrupted(store: RecordStore, cache: RecordCache, file: { source: DataSource; hash: string; label: string }): Promise<Recovered> {
  let run: ImportRunDoc | null = null;
  for (const old of await runningRuns()) {
    // Records a killed run was writing may differ from any copy in memory.
    cache.clear();
    const finished = await finishPending(store, old);
    await clearStrayJournal(old._id);
    if (!run && sameFile(finished, file.source, file.hash)) run = finished;
    else await updateRun(old._id, { status: 'ABANDONED', finishedAt: new Date(), message: `interrupted, then superseded by an import of ${file.label}` });
  }
  if (run) await updateRun(run._id, { resumedAt: [...run.resumedAt, new Date()] });
  return { run, resumed: run !== null };
}
