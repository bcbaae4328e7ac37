import type { ImportCounts, ImportRejectDoc } from '../db/models/importRun';
import { RecordCache, UNCACHED_COLLECTIONS } from './cache';
import { Chunk, type RunContext } from './chunk';
import { recomputeFamilies } from './family';
import { RowRejected } from './fields';
import type { IdAllocator } from './ids';
import { applyOps, clearJournal, saveJournal } from './journal';
import { parseRecord, type SourceRecord } from './reader';
import { refreshLock, updateRun, type ImportLock } from './runs';
import type { Outcome, SourceSpec } from './source';
import type { RecordStore } from './store';
import type { WriteOp } from './changeTracking';
import { validateWrites } from './validate';
import { applyCounterDeltas, markCountersDirty } from '../db/statisticsCounters';

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
}

/**
 * Turns batches of source records into one run's chunks: each is parsed, applied, recomputed,
 * validated, journaled, written and checkpointed (journal.ts makes the write safe against a
 * crash in between).
 */
export class ChunkImporter {
  private chunkNo: number;

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
  ) {
    this.chunkNo = chunksDone;
  }

  /** Imports one batch of records (in line order) as the next chunk. */
  async process(batch: readonly SourceRecord[]): Promise<void> {
    if (batch.length === 0) return;
    const chunkNo = ++this.chunkNo;
    const { spec, ctx, counts, clock } = this;
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
    await validateWrites(ops);
    clock.lap('validate');
    const line = batch[batch.length - 1]!.line;
    if (ops.length === 0) {
      // Nothing to write (a file imported again): only the checkpoint moves.
      await updateRun(ctx.runId, { checkpointLine: line, counts: { ...counts }, chunks: chunkNo });
      return;
    }
    // Before the chunk's commit point: a process killed after it leaves these desas marked, and the next import recounts them.
    const deltas = chunk.counterDeltas(ops);
    await markCountersDirty(deltas.keys());
    const parts = await saveJournal(ctx.runId, chunkNo, ops);
    await updateRun(ctx.runId, { pending: { chunk: chunkNo, parts, line, counts: { ...counts } } });
    await this.afterJournal?.({ number: chunkNo, ops, apply: (some) => applyOps(this.store, some, false) });
    clock.lap('journal');
    await applyOps(this.store, ops, false);
    for (const op of ops) if (!UNCACHED_COLLECTIONS.has(op.collection)) for (const doc of op.docs) this.cache.set(op.collection, String(doc._id), doc);
    clock.lap('write');
    await applyCounterDeltas(deltas);
    clock.lap('counters');
    await updateRun(ctx.runId, { checkpointLine: line, counts: { ...counts }, chunks: chunkNo, pending: null });
    await clearJournal(ctx.runId, chunkNo, parts);
    await refreshLock(this.lock);
    clock.lap('checkpoint');
  }
}

function add(counts: ImportCounts, outcome: Outcome | 'rejected'): void {
  counts.read++;
  counts[outcome]++;
}
