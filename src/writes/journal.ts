import mongoose from 'mongoose';
import { WriteJournal, type WriteJournalDoc } from '../db/models/writes';
import { IMPORTED_COLLECTIONS } from '../integration/firstLoad';
import { acquireLock, ImportBusy, lockHeldHere, releaseLock } from '../integration/runs';

/*
 * Journaled effects: a mutation whose effects touch several documents writes them first as one journal document (the
 * plan), then applies the steps in order, noting progress. The embedded engine has no multi-document transactions, so
 * this is how a crash midway (SIGKILL) neither loses nor doubles anything: an interrupted journal is applied again from
 * its first step not known to be done, and every step is idempotent.
 *
 * - insert: a document with a fixed `_id`; a duplicate key written by this journal is a step already done.
 * - update: `$set`/`$unset`/`$inc`/`$addToSet` on one document by `_id`. With `where` (conditions such as
 *   `{ status: 'OPEN', version: 3 }` or `{ placesTaken: { $lt: 29 } }`) or `$inc` it is not idempotent by itself, so
 *   it also sets `lastWrite` to `<journal>:<step>`: when it matches nothing, a document carrying that marker means the
 *   step was done before a crash, and any other document means the condition failed.
 * Only the first step may carry `where`: it is the mutation's decision (the race is won or lost there, atomically, on
 * one document), and losing it aborts the journal with nothing applied. Later steps must be unconditional, except a
 * step that names a replanner (`replan`): its `where` states the document as the plan read it (a compare-and-set),
 * and when another writer (an import) changed the document meanwhile, the step is planned again from the document as
 * it is now, saved in the journal, and retried; it never overwrites what the other writer wrote.
 *
 * A journal that updates a record in a collection source imports write (persons, households, discrepancies,
 * participations, ...) is applied under the import lock (src/integration/runs.ts), taken before the journal is
 * written: an import reads a record, recomputes it and writes it whole, so an update landing in between would be
 * overwritten. (A record a write inserts has an id of the hub's series, which no import writes.) While an import runs
 * such a write is refused (ImportBusy, which runWrite answers as CONFLICT) with nothing written; an import started
 * meanwhile waits for the write to end.
 */
export type Step =
  | { kind: 'insert'; collection: string; doc: Record<string, unknown> & { _id: string } }
  | {
      kind: 'update';
      collection: string;
      id: string;
      where?: Record<string, unknown>;
      set?: Record<string, unknown>;
      unset?: string[];
      inc?: Record<string, number>;
      addToSet?: Record<string, unknown>;
      /** A later step's compare-and-set: the replanner (registerReplanner) that plans it again when its `where` is stale. */
      replan?: { with: string; args: Record<string, unknown> };
    };

type UpdateStep = Extract<Step, { kind: 'update' }>;

/** Plans a stale step again from the document as it is now (`args` as the step carried them). */
export type Replanner = (current: Record<string, unknown>, args: Record<string, unknown>) => Promise<Step> | Step;

const replanners = new Map<string, Replanner>();

/** Registers the replanner steps name in `replan.with` (by the workflow module that plans them). */
export function registerReplanner(name: string, fn: Replanner): void {
  replanners.set(name, fn);
}

/** How many times a step that keeps losing its compare-and-set is planned again before the write gives up. */
export const MAX_REPLANS = 20;

/** A later step's condition was false: the document changed since the plan read it. */
class StaleStep extends Error {
  constructor(readonly current: Record<string, unknown>) {
    super('a write journal step found its document changed since it was planned');
  }
}

/** The first step's condition failed: nothing was applied. `current` is the document as found (null: it is gone). */
export class StepConflict extends Error {
  constructor(readonly current: Record<string, unknown> | null) {
    super('the first step of a write journal found its condition false');
  }
}

/** Observes a journal being applied (progress, tests that stop a process at a chosen step). */
export interface JournalHooks {
  afterStep?: (journalId: string, index: number, step: Step) => void | Promise<void>;
}

const { EJSON } = mongoose.mongo.BSON;

export function encodeSteps(steps: Step[]): string {
  return EJSON.stringify(steps, { relaxed: false });
}

export function decodeSteps(text: string): Step[] {
  return EJSON.parse(text, { relaxed: false }) as Step[];
}

const collection = (name: string) => mongoose.connection.collection(name);
const isDuplicateKey = (err: unknown) => typeof err === 'object' && err !== null && (err as { code?: number }).code === 11000;

function needsMarker(step: Step): boolean {
  return step.kind === 'update' && (step.where !== undefined || step.inc !== undefined || step.addToSet !== undefined);
}

async function applyStep(journalId: string, index: number, step: Step): Promise<void> {
  const marker = `${journalId}:${index}`;
  if (step.kind === 'insert') {
    try {
      await collection(step.collection).insertOne({ ...step.doc, lastWrite: marker } as never);
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      const found = await collection(step.collection).findOne({ _id: step.doc._id } as never);
      if (found?.lastWrite !== marker) {
        if (index === 0) throw new StepConflict(found as Record<string, unknown> | null);
        throw new Error(`write journal ${journalId}: step ${index} found ${step.collection} ${step.doc._id} written by another write`, { cause: err });
      }
    }
    return;
  }
  const marked = needsMarker(step);
  const update: Record<string, unknown> = {};
  const set = { ...(step.set ?? {}), ...(marked ? { lastWrite: marker } : {}) };
  if (Object.keys(set).length > 0) update.$set = set;
  if (step.unset?.length) update.$unset = Object.fromEntries(step.unset.map((f) => [f, '']));
  if (step.inc) update.$inc = step.inc;
  if (step.addToSet) update.$addToSet = step.addToSet;
  if (Object.keys(update).length === 0) return;
  // The marker in the filter too: a step applied twice at once (a resume racing the first attempt) applies once.
  const filter = { _id: step.id, ...(step.where ?? {}), ...(marked ? { lastWrite: { $ne: marker } } : {}) };
  const res = await collection(step.collection).updateOne(filter as never, update);
  if (res.matchedCount > 0 || !marked) return;
  const found = await collection(step.collection).findOne({ _id: step.id } as never);
  if (found?.lastWrite === marker) return;
  if (index === 0) throw new StepConflict(found as Record<string, unknown> | null);
  if (found && step.replan) throw new StaleStep(found as Record<string, unknown>);
  throw new Error(`write journal ${journalId}: step ${index} on ${step.collection} ${step.id} matched nothing`);
}

/** Journals this process is applying right now: a resume leaves them to their first attempt. */
const inFlight = new Set<string>();

/** A journal of another process younger than this is taken to be still in flight there, not interrupted. */
export const INTERRUPTED_AFTER_MS = 30_000;

/**
 * Runs `fn` under the import lock when `steps` update a record of a collection imports write, unless this flow already
 * holds the lock (a seeded approval in the middle of a first load). Throws ImportBusy when an import holds it.
 */
async function apartFromImports<T>(steps: readonly Step[], journalId: string, fn: () => Promise<T>): Promise<T> {
  if (!steps.some((s) => s.kind === 'update' && IMPORTED_COLLECTIONS.has(s.collection)) || lockHeldHere()) return fn();
  const lock = await acquireLock(`hub write ${journalId}`, 'write');
  try {
    return await fn();
  } finally {
    await releaseLock(lock).catch(() => undefined);
  }
}

/** Applies a journal from its `next` step to the end, noting progress after each step (under the import lock when it writes imported records). */
export async function applyJournal(journal: Pick<WriteJournalDoc, '_id' | 'steps' | 'next'>, hooks: JournalHooks = {}): Promise<void> {
  const steps = decodeSteps(journal.steps);
  await apartFromImports(steps, journal._id, () => applyHeld(journal, steps, hooks));
}

/** Applies `steps` (the journal's, decoded) from its `next` one on; a replanned step replaces its entry in `steps`. */
async function applyHeld(journal: Pick<WriteJournalDoc, '_id' | 'next'>, steps: Step[], hooks: JournalHooks = {}): Promise<void> {
  inFlight.add(journal._id);
  try {
    await applySteps(journal, steps, hooks);
  } finally {
    inFlight.delete(journal._id);
  }
}

async function applySteps(journal: Pick<WriteJournalDoc, '_id' | 'next'>, steps: Step[], hooks: JournalHooks): Promise<void> {
  for (let i = journal.next; i < steps.length; i++) {
    for (let replans = 0; ; replans++) {
      try {
        await applyStep(journal._id, i, steps[i]!);
        break;
      } catch (err) {
        if (err instanceof StepConflict) {
          await WriteJournal.updateOne({ _id: journal._id }, { $set: { status: 'ABORTED', finishedAt: new Date() } });
        }
        const replan = (steps[i] as UpdateStep).replan;
        if (!(err instanceof StaleStep) || !replan || replans >= MAX_REPLANS) throw err;
        const replanner = replanners.get(replan.with);
        if (!replanner) throw new Error(`write journal ${journal._id}: step ${i} needs replanner ${replan.with}, which this process has not loaded`, { cause: err });
        steps[i] = await replanner(err.current, replan.args);
        // Saved before it is applied: a resume applies the step as planned last.
        await WriteJournal.updateOne({ _id: journal._id }, { $set: { steps: encodeSteps(steps) } });
      }
    }
    await WriteJournal.updateOne({ _id: journal._id }, { $set: { next: i + 1 } });
    await hooks.afterStep?.(journal._id, i, steps[i]!);
  }
  await WriteJournal.updateOne({ _id: journal._id }, { $set: { status: 'DONE', finishedAt: new Date() } });
}

/** Writes a journal, then applies it. Throws StepConflict when its first step's condition is false (nothing applied). */
export async function writeAndApply(id: string, subjects: string[], steps: Step[], result: WriteJournalDoc['result'], hooks?: JournalHooks): Promise<void> {
  if (steps.slice(1).some((s) => s.kind === 'update' && s.where !== undefined && !s.replan))
    throw new Error('write journal: only the first step, or one with a replanner, may carry a condition');
  // The lock is taken before the journal is written: a write refused while an import runs leaves nothing behind.
  await apartFromImports(steps, id, async () => {
    const doc: WriteJournalDoc = { _id: id, status: 'PENDING', subjects, steps: encodeSteps(steps), next: 0, result, createdAt: new Date(), finishedAt: null };
    await WriteJournal.create(doc);
    // Applied as a resume would read them back (decoded from the journal), not the caller's objects.
    await applyHeld(doc, decodeSteps(doc.steps), hooks);
  });
}

/** Applies the pending journals `filter` finds, oldest first; answers how many, and those an import kept waiting (skipBusy). */
async function resumeFound(filter: Record<string, unknown>, hooks: JournalHooks | undefined, skipBusy: boolean): Promise<{ resumed: number; waiting: string[] }> {
  const pending = await WriteJournal.find(filter).sort({ createdAt: 1 }).lean<WriteJournalDoc[]>();
  let resumed = 0;
  const waiting: string[] = [];
  for (const journal of pending) {
    if (inFlight.has(journal._id)) continue;
    try {
      await applyJournal(journal, hooks);
      resumed++;
    } catch (err) {
      if (err instanceof ImportBusy && skipBusy) {
        waiting.push(journal._id);
        continue;
      }
      if (!(err instanceof StepConflict)) throw err;
    }
  }
  return { resumed, waiting };
}

/**
 * Applies the interrupted journals touching one of `subjects` (before a write to them), oldest first. A journal whose
 * first step now conflicts was never applied: it is aborted. Answers how many were resumed. Journals this process is
 * applying are skipped, and so are those younger than INTERRUPTED_AFTER_MS (another hub on the same MongoDB may be
 * applying them). One that writes imported records while an import runs refuses the write (ImportBusy).
 */
export async function resumeJournals(subjects: string[], hooks?: JournalHooks, now: Date = new Date()): Promise<number> {
  const filter = { status: 'PENDING', subjects: mongoose.trusted({ $in: subjects }), createdAt: mongoose.trusted({ $lt: new Date(now.getTime() - INTERRUPTED_AFTER_MS) }) };
  return (await resumeFound(filter, hooks, false)).resumed;
}

/**
 * At a hub's start every pending journal is interrupted: applies them all, or those of `ids` (the ones that waited),
 * and answers the ids of those that write records an import is writing right now, which wait for it to finish (the
 * hub retries them: src/server/hub.ts).
 */
export async function resumeInterrupted(ids?: readonly string[]): Promise<{ resumed: number; waiting: string[] }> {
  return resumeFound({ status: 'PENDING', ...(ids ? { _id: mongoose.trusted({ $in: [...ids] }) } : {}) }, undefined, true);
}
