import { randomBytes } from 'node:crypto';
import { linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * One embedded engine per data directory. Two FerretDB processes on the same
 * SQLite files do not see each other's collections (an API key created by a
 * second engine stayed invisible to the hub's), so whoever starts an engine
 * first takes this lock file, and every other process either uses the engine
 * it names or is refused.
 */
export const LOCK_FILE = 'simpul-engine.lock';

/** What the lock file says about the engine that holds the directory. */
export interface LockHolder {
  /** The process that started the engine and owns its life. */
  pid: number;
  /** That process's start time (from /proc), so a recycled pid is not taken for it. */
  startedAt: string | null;
  /** Who that is, for messages: "the hub", "npm run engine", "npm run import"... */
  owner: string;
  /** Whether other commands may use its engine: true for long-running owners (the hub, `npm run engine`). */
  serves: boolean;
  /** Connection string of the engine once it answers; null while it starts. */
  uri: string | null;
  token: string;
}

export class DataDirBusy extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder,
  ) {
    const uri = holder.uri ? `, engine at ${holder.uri}` : ', engine starting';
    super(
      `the data directory ${dataDir} is in use by ${holder.owner} (pid ${holder.pid}${uri}): ` +
        'two engines must never open one data directory. ' +
        (holder.uri && holder.serves ? `Stop it first, or use its engine with MONGODB_URI=${holder.uri}` : 'Wait for it to finish, or stop it first') +
        ', or set SIMPUL_DATA_DIR to another directory.',
    );
  }
}

/** Start time of a process (field 22 of /proc/<pid>/stat), or null where /proc is not there. */
function processStart(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

function isAlive(holder: LockHolder): boolean {
  try {
    process.kill(holder.pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    const stat = readFileSync(`/proc/${holder.pid}/stat`, 'utf8');
    if (stat.slice(stat.lastIndexOf(')') + 2)[0] === 'Z') return false;
  } catch {
    /* no /proc: the signal check above is all there is */
  }
  const started = processStart(holder.pid);
  return holder.startedAt === null || started === null || started === holder.startedAt;
}

function read(path: string): LockHolder | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  try {
    const parsed = JSON.parse(text) as LockHolder;
    if (typeof parsed.pid === 'number' && typeof parsed.token === 'string') return parsed;
  } catch {
    /* written whole by link/rename, so unreadable means foreign: treat as stale */
  }
  return { pid: -1, startedAt: null, owner: 'an unreadable lock', serves: false, uri: null, token: '' };
}

/** The live holder of a data directory, or null when it is free (a lock left by a dead process is free). */
export function dataDirHolder(dataDir: string): LockHolder | null {
  const holder = read(join(dataDir, LOCK_FILE));
  return holder && holder.pid > 0 && isAlive(holder) ? holder : null;
}

/** Writes a whole file next to the lock, so readers never see a half-written lock. */
function writeTemp(dataDir: string, holder: LockHolder): string {
  const tmp = join(dataDir, `${LOCK_FILE}.${process.pid}.${randomBytes(4).toString('hex')}`);
  writeFileSync(tmp, JSON.stringify(holder));
  return tmp;
}

export interface DataDirLock {
  holder: LockHolder;
  /** Records the engine's address once it answers, for other commands to use. */
  setUri(uri: string): void;
  /** Removes the lock if it is still this one's. */
  release(): void;
}

/**
 * Takes the data directory for an engine this process is about to start:
 * exclusive creation of the lock file (link(2) fails when it exists), a lock
 * left by a dead process is replaced, a live one refuses with DataDirBusy.
 */
export function lockDataDir(dataDir: string, owner: string, serves: boolean): DataDirLock {
  const path = join(dataDir, LOCK_FILE);
  const holder: LockHolder = { pid: process.pid, startedAt: processStart(process.pid), owner, serves, uri: null, token: randomBytes(8).toString('hex') };
  for (let attempt = 0; ; attempt++) {
    const tmp = writeTemp(dataDir, holder);
    try {
      linkSync(tmp, path);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 3) throw err;
      const current = read(path);
      if (current && current.pid > 0 && isAlive(current)) throw new DataDirBusy(dataDir, current);
      // Stale: its process is gone (a SIGKILLed hub's watchdog has stopped its engine too).
      try {
        unlinkSync(path);
      } catch {
        /* another process removed it first */
      }
    } finally {
      unlinkSync(tmp);
    }
  }
  const mine = () => read(path)?.token === holder.token;
  return {
    holder,
    setUri(uri) {
      if (!mine()) return;
      holder.uri = uri;
      renameSync(writeTemp(dataDir, holder), path);
    },
    release() {
      if (!mine()) return;
      try {
        unlinkSync(path);
      } catch {
        /* already gone */
      }
    },
  };
}
