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
/** A lock of another machine not refreshed for this long belongs to a dead import. */
const STALE_MS = 10 * 60_000;

export class ImportBusy extends Error {}

/** The import lock as one import holds it: only that import refreshes or releases it. */
export interface ImportLock {
  token: string;
}

/**
 * One import at a time: chunks read, recompute and rewrite whole families, so
 * two imports interleaving could each undo the other's changes. The lock is a
 * document; a lock held by a process that no longer exists is taken over. Its
 * token, not the process id, says whose it is: a second import in the same
 * process (a test that gave up on the first) neither takes nor frees the first's.
 */
export async function acquireLock(owner: string): Promise<ImportLock> {
  const token = randomUUID();
  const me = { _id: LOCK_ID, owner, token, pid: process.pid, host: hostname(), at: new Date() };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await state().insertOne(me);
      return { token };
    } catch (err) {
      if ((err as { code?: number }).code !== 11000) throw err;
    }
    const held = await state().findOne({ _id: LOCK_ID });
    if (!held) continue;
    const sameHost = held.host === hostname();
    const dead = sameHost ? !alive(Number(held.pid)) : Date.now() - new Date(held.at as Date).getTime() > STALE_MS;
    if (!dead) throw new ImportBusy(`another import is running (${String(held.owner)}, pid ${String(held.pid)} on ${String(held.host)}); try again when it has finished`);
    await state().deleteOne({ _id: LOCK_ID });
  }
  throw new ImportBusy('could not take the import lock');
}

export async function refreshLock(lock: ImportLock): Promise<void> {
  await state().updateOne({ _id: LOCK_ID, token: lock.token }, { $set: { at: new Date() } });
}

export async function releaseLock(lock: ImportLock): Promise<void> {
  await state().deleteOne({ _id: LOCK_ID, token: lock.token });
}
