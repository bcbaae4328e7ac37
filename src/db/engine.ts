import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import mongoose from 'mongoose';
import type { Logger } from '../log';
import { lockDataDir } from './dataDirLock';
import { EngineError } from './engineBuild';

/*
 * Running the embedded engine built by engineBuild.ts: on loopback, on a data
 * directory only it holds, watched so that it never outlives the hub.
 */

async function freeLoopbackPort(): Promise<number> {
  const srv = createServer();
  srv.listen(0, '127.0.0.1');
  await once(srv, 'listening');
  const address = srv.address();
  srv.close();
  if (!address || typeof address === 'string') throw new EngineError('could not pick a free port');
  return address.port;
}

export interface Engine {
  uri: string;
  /** Process id of FerretDB itself. */
  pid: number;
  /** Process id of the watchdog shell that owns it. */
  wrapperPid: number;
  stop(): Promise<void>;
}

/*
 * FerretDB runs under a tiny shell watchdog that holds our stdin pipe: when the
 * hub closes it, or dies in any way (even SIGKILL), the pipe reaches EOF and the
 * watchdog terminates FerretDB. A crashed hub therefore never leaves an engine.
 */
const WATCHDOG = ['exec 3<&0', '"$0" "$@" </dev/null 3<&- &', 'p=$!', 'echo "$p"', '( cat <&3 >/dev/null; kill "$p" 2>/dev/null ) &', 'exec 3<&-', 'wait "$p"'].join('\n');

export interface StartEngineOptions {
  binary: string;
  dataDir: string;
  log: Logger;
  timeoutMs: number;
  /** Loopback port to listen on; a free one when omitted. Restarting on the same port lets connected clients recover. */
  port?: number;
  /** Who starts it, as other processes are told when they find the data directory taken ("the hub", "npm run import"). */
  owner?: string;
  /** Whether other commands may use this engine while it runs (long-running owners: the hub, `npm run engine`). */
  serves?: boolean;
  /** SQLite settings in place of the hub's (`name(value)`, as in the SQLite URL): for benchmarks that compare settings. */
  sqlitePragmas?: readonly string[];
  /** Documents per INSERT statement and transaction, in place of INSERT_BATCH: for benchmarks. */
  insertBatch?: number;
  /** Address of the engine's debug server (Go pprof at /debug/pprof), for profiling; none when omitted. */
  debugAddr?: string;
}

/**
 * Starts FerretDB on a data directory no other engine has open: the directory's
 * lock (src/db/dataDirLock.ts) is taken first, or DataDirBusy names who holds
 * it; it is released when the engine stops.
 */
export async function startEngine(opts: StartEngineOptions): Promise<Engine> {
  mkdirSync(opts.dataDir, { recursive: true });
  const lock = lockDataDir(opts.dataDir, opts.owner ?? `process ${process.pid}`, opts.serves ?? false);
  try {
    const engine = await launchEngine(opts);
    lock.setUri(engine.uri);
    const stop = engine.stop.bind(engine);
    return Object.assign(engine, {
      async stop() {
        try {
          await stop();
        } finally {
          lock.release();
        }
      },
    });
  } catch (err) {
    lock.release();
    throw err;
  }
}

/**
 * SQLite settings of the embedded engine, on top of FerretDB's (WAL journal, busy timeout):
 * `synchronous(normal)`, which in WAL mode syncs the log at checkpoints instead of at every
 * commit (a crash of the process loses nothing; a power cut may lose the last commits, never the
 * database's integrity; the importer's chunk journal replays a chunk whose commit was lost), and a
 * page cache of 16 MiB per connection instead of 2 MiB, so that more of the indexes of a regency stay in
 * memory. `wal_autocheckpoint(10000)`: the log is copied into the database every 10,000 pages (40 MB) instead
 * of every 1,000, so that an index page written by many commits of an import is copied once rather than
 * once per 4 MB (bench/README.md, "Engine writes": 13% of the engine's CPU per inserted document); a crash
 * replays at most that much log on the next open.
 */
export const SQLITE_PRAGMAS: readonly string[] = ['synchronous(normal)', 'cache_size(-16384)', 'wal_autocheckpoint(10000)'];

const pragmaQuery = (pragmas: readonly string[]) => pragmas.map((p) => `_pragma=${encodeURIComponent(p)}`).join('&');

/** Documents per INSERT statement and transaction of an `insert` command (FerretDB's default: 100). */
const INSERT_BATCH = 1000;

async function launchEngine(opts: StartEngineOptions): Promise<Engine> {
  const port = opts.port ?? (await freeLoopbackPort());
  const logPath = join(opts.dataDir, 'ferretdb.log');
  const logFd = openSync(logPath, 'a');
  const args = [
    `--listen-addr=127.0.0.1:${port}`,
    '--handler=sqlite',
    `--sqlite-url=file:${opts.dataDir}/?${pragmaQuery(opts.sqlitePragmas ?? SQLITE_PRAGMAS)}`,
    `--state-dir=${opts.dataDir}`,
    '--telemetry=disable',
    `--test-batch-size=${opts.insertBatch ?? INSERT_BATCH}`,
    `--debug-addr=${opts.debugAddr ?? '-'}`,
    '--log-level=warn',
    '--log-format=json',
  ];
  const child: ChildProcess = spawn('/bin/sh', ['-c', WATCHDOG, opts.binary, ...args], {
    stdio: ['pipe', 'pipe', logFd],
  });
  closeSync(logFd);
  const exited = once(child, 'exit');
  const pidLine = await new Promise<string>((res, rej) => {
    createInterface({ input: child.stdout! }).once('line', res);
    child.once('error', rej);
    child.once('exit', (code) => rej(new EngineError(`engine exited at start (code ${code}); see ${logPath}`)));
  });
  const pid = Number(pidLine);
  const uri = `mongodb://127.0.0.1:${port}/`;
  const engine: Engine = {
    uri,
    pid,
    wrapperPid: child.pid!,
    async stop() {
      // Even after a crash: the watchdog's pipe reader waits for this end of the pipe.
      child.stdin?.end();
      if (child.exitCode !== null || child.signalCode !== null) return;
      const timer = setTimeout(() => {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          /* already gone */
        }
      }, 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
  const deadline = Date.now() + opts.timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new EngineError(`engine exited at start (code ${child.exitCode}); see ${logPath}`);
    try {
      const conn = await mongoose.createConnection(uri, { serverSelectionTimeoutMS: 500 }).asPromise();
      await conn.db!.admin().ping();
      await conn.close();
      opts.log.info({ pid, port, dataDir: opts.dataDir }, 'engine started');
      return engine;
    } catch (err) {
      lastError = err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  await engine.stop();
  throw new EngineError(`engine did not answer within ${opts.timeoutMs} ms (${String(lastError)}); see ${logPath}`);
}
