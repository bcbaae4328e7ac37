import type { ImportCounts, ImportRejectDoc } from '../db/models/importRun';
import type { RecordCache } from './cache';
import { Chunk, type RunContext } from './chunk';
import { recomputeFamilies } from './family';
import { RowRejected } from './fields';
import type { IdAllocator } from './ids';
import { applyOps, clearJournal, saveJournal, saveUndoJournal, undoIsSmaller } from './journal';
import { parseRecord, type SourceRecord } from './reader';
import { refreshLock, updateRun, type ImportLock } from './runs';
import type { Outcome, SourceSpec } from './source';
import type { RecordStore } from './store';
import type { WriteOp } from './changeTracking';
import { validateWrites } from './validate';
import { applyCounterDeltas, markCountersDirty, type CounterDeltas } from '../db/statisticsCounters';

const MAX_RAW = 2000;

/** A chunk whose writes are journaled and about to be applied (ImportOptions.afterJournal). */
export interface JournaledChunk {
  /** 1 for the first chunk of the run. */
  number: number;
  ops: readonly WriteOp[];
  /** Applies writes of this chunk as the runner is about to (a test applies some, then stops). */
  apply(ops: readonly WriteOp[]): Promise<void>;
}

/** Milliseconds per phase, summed over the chunks (for the benchmarks). */
export class PhaseClock {
  readonly phases: Record<string, number> = {};
  private mark = performance.now();

  lap(phase: string): void {
    const now = performance.now();
    this.phases[phase] = (this.phases[phase] ?? 0) + now - this.mark;
    this.mark = now;
  }

  /** Starts timing again from now (a first load by clusters comes back to a file after the other files of its bucket). */
  restart(): void {
    this.mark = performance.now();
  }

  /** Time spent in a phase that runs beside the others (a chunk's writes, while the next chunk computes). */
  add(phase: string, ms: number): void {
    this.phases[phase] = (this.phases[phase] ?? 0) + ms;
  }
}

/** Times the phases of one chunk's commit, which overlaps the next chunk's work (its own marks, not the clock's). */
class CommitClock {
  private mark = performance.now();
  constructor(private readonly clock: PhaseClock) {}
  lap(phase: string): void {
    const now = performance.now();
    this.clock.add(phase, now - this.mark);
    this.mark = now;
  }
}

/**
 * Turns batches of source records into one run's chunks: each is parsed, applied, recomputed,
 * validated, journaled, written and checkpointed (journal.ts makes the write safe against a
 * crash in between).
 *
 * Chunks are pipelined: a chunk's commit (journal, pending, writes, counters, checkpoint) runs
 * while the next chunk is parsed, applied, recomputed and validated, so the importer and the
 * engine work at the same time. At most one chunk is in flight: a chunk's commit starts once the
 * previous one has finished, so commits stay in chunk order, and one that fails stops the run
 * before any later chunk is journaled. While a chunk's writes are in flight its records are
 * pinned in the record cache (cache.ts pin()), where the next chunk reads them: never from the
 * engine while their write is under way. The caller awaits drain() after the last chunk.
 */
export class ChunkImporter {
  private chunkNo: number;
  /** The commit of the chunk in flight (resolved when none is). */
  private inFlight: Promise<void> = Promise.resolve();

  constructor(
    private readonly spec: SourceSpec<unknown>,
    private readonly ctx: RunContext,
    private readonly store: RecordStore,
    private readonly ids: IdAllocator,
    private readonly cache: RecordCache,
    private readonly lock: ImportLock,
    private readonly clock: PhaseClock,
    readonly counts: ImportCounts,
    chunksDone: number,
    private readonly afterJournal?: (chunk: JournaledChunk) => Promise<void>,
    /** False: each chunk waits for its own commit (ImportOptions.overlap). */
    private readonly overlap = true,
    /**
     * A first load by clusters (clusterLoad.ts): the store holds the writes until its bucket ends
     * (writeBehind.ts), so a chunk's commit is its writes handed to the store and its counter
     * changes handed here; no journal, no checkpoint (the load is all or nothing).
     */
    private readonly writeBehind?: (deltas: CounterDeltas) => void,
  ) {
    this.chunkNo = chunksDone;
  }

  /**
   * Prepares one batch of records (in line order) as the next chunk and hands its writes to the
   * engine once the previous chunk's are done; returns without waiting for them. Throws the error
   * of the previous chunk's commit, if it failed (this chunk is then not committed).
   */
  async process(batch: readonly SourceRecord[]): Promise<void> {
    if (batch.length === 0) return;
    const chunkNo = ++this.chunkNo;
    const { spec, ctx, counts, clock } = this;
    // The id counters as the chunk finds them, which an undo journal restores (journal.ts).
    const countersBefore = this.ids.snapshot();
    const chunk = new Chunk(ctx, this.store, this.ids, this.cache);
    const rows: { record: SourceRecord; row?: unknown; reason?: string }[] = batch.map((record) => {
      const parsed = parseRecord(spec, record);
      return 'row' in parsed ? { record, row: parsed.row } : { record, reason: parsed.reason };
    });
    clock.lap('read');
    await spec.prefetch(
      rows.filter((r) => r.reason === undefined).map((r) => r.row),
      chunk,
    );
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
      const reject: ImportRejectDoc = { _id: this.ids.next('RJ'), runId: ctx.runId, line: r.record.line, reason: r.reason!, raw: r.record.raw.slice(0, MAX_RAW) };
      chunk.rejects.push(reject);
    }
    clock.lap('apply');
    await recomputeFamilies(chunk);
    clock.lap('recompute');
    const ops = chunk.writes();
    // A first load by clusters checks each record once, whole, as its bucket is written (writeBehind.ts).
    if (!this.writeBehind) await validateWrites(ops);
    clock.lap('validate');
    const line = batch[batch.length - 1]!.line;
    const snapshot = { ...counts };
    // The previous chunk's commit: this one's starts after it, and not at all when it failed.
    await this.inFlight;
    clock.lap('wait');
    if (ops.length === 0) {
      // Nothing to write (a file imported again): only the checkpoint moves.
      await updateRun(ctx.runId, { checkpointLine: line, counts: snapshot, chunks: chunkNo });
      return;
    }
    const deltas = chunk.counterDeltas(ops);
    this.cache.pin(ops);
    const commit = this.commit(chunkNo, ops, deltas, line, snapshot, countersBefore);
    // Settled by the next process() or drain(); marked handled so that a failure waits for them.
    commit.catch(() => undefined);
    this.inFlight = commit;
    if (!this.overlap) await this.drain();
  }

  /** Waits for the chunk in flight to be committed; throws its error. */
  async drain(): Promise<void> {
    await this.inFlight;
  }

  /** Waits for the chunk in flight to end, ignoring its error (the caller is already stopping with another). */
  async settle(): Promise<void> {
    await this.inFlight.catch(() => undefined);
  }

  private async commit(chunkNo: number, ops: readonly WriteOp[], deltas: CounterDeltas, line: number, counts: ImportCounts, countersBefore: Record<string, number>): Promise<void> {
    const { ctx } = this;
    const clock = new CommitClock(this.clock);
    if (this.writeBehind) {
      await applyOps(this.store, ops, false);
      this.writeBehind(deltas);
      this.cache.unpin();
      clock.lap('buffer');
      return;
    }
    // Before the chunk's commit point: a process killed after it leaves these desas marked, and the next import recounts them.
    await markCountersDirty(deltas.keys());
    // A chunk that mostly inserts (a first load) journals what undoes it, not its records (journal.ts).
    const undo = undoIsSmaller(ops);
    const parts = undo ? await saveUndoJournal(ctx.runId, chunkNo, ops, { counters: countersBefore, desas: [...deltas.keys()] }) : await saveJournal(ctx.runId, chunkNo, ops);
    await updateRun(ctx.runId, { pending: { chunk: chunkNo, parts, line, counts, ...(undo ? { undo: true as const } : {}) } });
    await this.afterJournal?.({ number: chunkNo, ops, apply: (some) => applyOps(this.store, some, false) });
    clock.lap('journal');
    await applyOps(this.store, ops, false);
    clock.lap('write');
    await applyCounterDeltas(deltas);
    clock.lap('counters');
    await updateRun(ctx.runId, { checkpointLine: line, counts, chunks: chunkNo, pending: null });
    await clearJournal(ctx.runId, chunkNo, parts);
    await refreshLock(this.lock);
    this.cache.unpin();
    clock.lap('checkpoint');
  }
}

function add(counts: ImportCounts, outcome: Outcome | 'rejected'): void {
  counts.read++;
  counts[outcome]++;
}
