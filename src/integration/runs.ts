import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { hostname } from 'node:os';
import mongoose from 'mongoose';
import type { ImportCounts, ImportRunDoc } from '../db/models/importRun';
import type { DataSource } from '../domain/provenance';
import { byId } from '../domain/records';

const runs = () => mongoose.connection.db!.collection<ImportRunDoc>('importRuns');
const state = () => mongoose.connection.db!.collection<{ _id: string; [k: string]: unknown }>('importState');

export const zeroCounts = (): ImportCounts => ({ read: 0, inserted: 0, updated: 0, unchanged: 0, rejected: 0 });

export async function fileHash(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Creates the run document with the next free id. The insert itself claims
 * the id, so a process that dies before it leaves no gap in the series.
 */
export async function createRun(fields: Omit<ImportRunDoc, '_id'>): Promise<ImportRunDoc> {
  for (;;) {
    let max = 0;
    for await (const r of runs().find({}, { projection: { _id: 1 } })) max = Math.max(max, Number(String(r._id).slice(2)));
    const run: ImportRunDoc = { _id: `IR${String(max + 1).padStart(6, '0')}`, ...fields };
    try {
      await runs().insertOne(run);
      return run;
    } catch (err) {
      if ((err as { code?: number }).code !== 11000) throw err;
    }
  }
}

export async function updateRun(id: string, set: Partial<ImportRunDoc>): Promise<void> {
  await runs().updateOne({ _id: id }, { $set: set });
}

/** Runs a killed import left RUNNING, oldest first. */
export async function runningRuns(): Promise<ImportRunDoc[]> {
  return (await runs().find({ status: 'RUNNING' }).toArray()).sort(byId);
}

export function sameFile(run: ImportRunDoc, source: DataSource, hash: string): boolean {
  return run.source === source && run.contentHash === hash;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const LOCK_ID = 'lock';
/** Counts the hub writes that held the lock (releaseLock): an import session's record cache is stale once it moved. */
const HUB_WRITES_ID = 'hubWrites';
/** A lock of another machine not refreshed for this long belongs to a dead import. */
const STALE_MS = 10 * 60_000;
/** How long a taker waits for a hub write, which holds the lock for a moment, before it gives up. */
export const HUB_WRITE_WAIT_MS = 15_000;
/** A hub write's lock older than this was left by a write that could not release it (the database went away meanwhile). */
const WRITE_STALE_MS = 2 * 60_000;

export class ImportBusy extends Error {
  /** The holder is a source import (not a hub write that outlasted HUB_WRITE_WAIT_MS). */
  constructor(
    message: string,
    readonly byImport: boolean,
  ) {
    super(message);
  }
}

/**
 * Who takes the lock: a source import (a file, a first load), for its whole run; or a hub write (src/writes/journal.ts)
 * that changes records imports rewrite, for the moment it applies its journal.
 */
export type LockKind = 'import' | 'write';

/** The import lock as one holder has it: only that holder refreshes or releases it. */
export interface ImportLock {
  token: string;
  kind?: LockKind;
}

/** The lock this asynchronous flow already holds (holdingLock): writes it starts run under it instead of taking it again. */
const held = new AsyncLocalStorage<ImportLock>();

/**
 * Runs `fn` as part of the holder of `lock`: a write it makes (seeded approvals in the middle of a first load) runs
 * under the lock instead of waiting for it.
 */
export function holdingLock<T>(lock: ImportLock, fn: () => Promise<T>): Promise<T> {
  return held.run(lock, fn);
}

/** The lock this flow holds, if any (holdingLock). */
export function lockHeldHere(): ImportLock | undefined {
  return held.getStore();
}

/** Counts a hub write that held the lock (hubWritesCount). */
const countHubWrite = () => state().updateOne({ _id: HUB_WRITES_ID }, { $inc: { n: 1 } } as never, { upsert: true });

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One writer of the imported records at a time. Chunks read, recompute and rewrite whole families, so two imports
 * interleaving could each undo the other's changes, and a hub write landing between a chunk's read and its write (an
 * approved data change) would be overwritten: imports hold the lock for their whole run, hub writes to those records
 * for the moment they apply (src/writes/journal.ts). A taker that finds a hub write holding it waits for it (up to
 * HUB_WRITE_WAIT_MS); one that finds an import refuses (ImportBusy). The lock is a document; a lock held by a process
 * that no longer exists is taken over. Its token, not the process id, says whose it is: a second import in the same
 * process (a test that gave up on the first) neither takes nor frees the first's.
 */
export async function acquireLock(owner: string, kind: LockKind = 'import'): Promise<ImportLock> {
  const token = randomUUID();
  const me = { _id: LOCK_ID, owner, kind, token, pid: process.pid, host: hostname(), at: new Date() };
  const waitUntil = Date.now() + HUB_WRITE_WAIT_MS;
  let waits = 0;
  for (let attempt = 0; attempt < 3;) {
    try {
      await state().insertOne(me);
      return { token, kind };
    } catch (err) {
      if ((err as { code?: number }).code !== 11000) throw err;
    }
    const holder = await state().findOne({ _id: LOCK_ID });
    if (!holder) {
      attempt++;
      continue;
    }
    const sameHost = holder.host === hostname();
    const age = Date.now() - new Date(holder.at as Date).getTime();
    const write = holder.kind === 'write';
    const dead = (sameHost && !alive(Number(holder.pid))) || age > (write ? WRITE_STALE_MS : sameHost ? Infinity : STALE_MS);
    if (dead) {
      // A write that died holding the lock may have changed records already: counted as if it had released it.
      if (write) await countHubWrite();
      await state().deleteOne({ _id: LOCK_ID, token: holder.token });
      attempt++;
      continue;
    }
    const byImport = !write;
    if (!byImport && Date.now() < waitUntil) {
      // Waiters back off (up to 200 ms, spread): a crowd asking every few milliseconds slows the holder down.
      await pause(Math.min(200, 10 * 2 ** Math.min(waits++, 5)) * (0.5 + Math.random()));
      continue;
    }
    throw new ImportBusy(
      byImport
        ? `another import is running (${String(holder.owner)}, pid ${String(holder.pid)} on ${String(holder.host)}); try again when it has finished`
        : `a hub write has held the import lock for over ${HUB_WRITE_WAIT_MS / 1000} s (${String(holder.owner)}, pid ${String(holder.pid)} on ${String(holder.host)}); try again`,
      byImport,
    );
  }
  throw new ImportBusy('could not take the import lock', true);
}

export async function refreshLock(lock: ImportLock): Promise<void> {
  await state().updateOne({ _id: LOCK_ID, token: lock.token }, { $set: { at: new Date() } });
}

export async function releaseLock(lock: ImportLock): Promise<void> {
  // Counted before the lock goes: an import taking it next sees the count moved (hubWritesCount).
  if (lock.kind === 'write') await countHubWrite();
  await state().deleteOne({ _id: LOCK_ID, token: lock.token });
}

/** How many hub writes have held the lock so far: an import session's cache is stale once this moved (cache.ts). */
export async function hubWritesCount(): Promise<number> {
  return Number((await state().findOne({ _id: HUB_WRITES_ID }))?.n ?? 0);
}
