import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { accessSync, constants, cpSync, chmodSync, existsSync, mkdirSync, openSync, closeSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import mongoose from 'mongoose';
import type { Logger } from '../log';
import { lockDataDir } from './dataDirLock';
import { ENGINE_PATCH_FILE, ENGINE_PATCH_RELEASE, enginePatchHash } from './enginePatch';

/**
 * The embedded engine: FerretDB v1 speaking the MongoDB wire protocol over
 * SQLite, built from the Go module proxy into a project-local folder and run
 * on loopback. Nothing outside src/db knows which engine the hub talks to.
 */
export const FERRETDB_MODULE = 'github.com/FerretDB/FerretDB';
export const FERRETDB_VERSION = 'v1.24.2';

export class EngineError extends Error {}

/** The version the patched engine reports (buildInfo `ferretdbVersion`). */
export const ENGINE_VERSION = `${FERRETDB_VERSION}-${ENGINE_PATCH_RELEASE}`;

export function engineBinaryPath(engineDir: string): string {
  return join(engineDir, `ferretdb-${ENGINE_VERSION}-${enginePatchHash()}`, 'ferretdb');
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function run(cmd: string, args: string[], cwd: string, log: Logger): Promise<{ code: number; stderr: string }> {
  return new Promise<{ code: number; stderr: string }>((resolvePromise, reject) => {
    const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let downloads = 0;
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    createInterface({ input: child.stderr }).on('line', (line) => {
      stderr += `${line}\n`;
      if (line.startsWith('go: downloading') && ++downloads % 10 === 0) {
        log.info({ modules: downloads }, 'engine build: downloading Go modules');
      }
    });
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code: code ?? 1, stderr: stderr || stdout }));
  });
}

/** A lock directory, so that two processes starting at once build the engine once. */
async function withBuildLock<T>(engineDir: string, log: Logger, fn: () => Promise<T>): Promise<T> {
  const lock = join(engineDir, 'build.lock');
  mkdirSync(engineDir, { recursive: true });
  for (let waited = 0; ; waited += 1000) {
    try {
      mkdirSync(lock);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      // A lock older than 15 minutes belongs to a build that died.
      if (Date.now() - statSync(lock).mtimeMs > 15 * 60_000) {
        rmSync(lock, { recursive: true, force: true });
        continue;
      }
      if (waited % 10_000 === 0) log.info('engine build: waiting for another process building the engine');
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** Applies the engine patch (src/db/engine-patches/) to the copied module source, with patch or git. */
function applyEnginePatch(src: string): void {
  spawnSync('chmod', ['-R', 'u+w', src]);
  const patch = spawnSync('patch', ['-p1', '--forward', '--batch', '-i', ENGINE_PATCH_FILE], { cwd: src, encoding: 'utf8' });
  let failure = patch.error ? String(patch.error) : `${patch.stdout}${patch.stderr}`;
  let applied = !patch.error && patch.status === 0;
  if (!applied) {
    // git apply in a repository of its own (so that it does not patch relative to one holding the engine folder)
    spawnSync('git', ['init', '-q'], { cwd: src });
    const git = spawnSync('git', ['apply', '--whitespace=nowarn', ENGINE_PATCH_FILE], { cwd: src, encoding: 'utf8' });
    rmSync(join(src, '.git'), { recursive: true, force: true });
    failure += git.error ? String(git.error) : git.stderr;
    applied = !git.error && git.status === 0;
  }
  if (!applied || !existsSync(join(src, 'internal', 'backends', 'sqlite', 'simpul_pushdown.go'))) {
    throw new EngineError(`engine build: the patch ${ENGINE_PATCH_FILE} does not apply to ${FERRETDB_MODULE}@${FERRETDB_VERSION}: ${failure}`);
  }
}

/**
 * Ensures the FerretDB binary exists under engineDir, building it once.
 *
 * `go install …/cmd/ferretdb@v1.24.2` compiles, but the binary panics at start:
 * the module zip lacks build/version/version.txt, which FerretDB's release task
 * generates. So we fetch the very same module from the proxy, add that one file,
 * apply the project's patch (index pushdown, src/db/engine-patches/README.md)
 * and `go build` its cmd/ferretdb.
 */
export async function ensureEngineBinary(engineDir: string, log: Logger): Promise<string> {
  const binary = engineBinaryPath(engineDir);
  if (isExecutable(binary)) return binary;
  const go = spawnSync('go', ['version'], { encoding: 'utf8' });
  if (go.error || go.status !== 0) {
    throw new EngineError(
      'cannot build the embedded engine: the Go toolchain (`go`, 1.22 or newer) was not found on PATH. ' +
        `Install Go to let the hub build FerretDB ${FERRETDB_VERSION} into ${engineDir}, ` +
        'or set MONGODB_URI to an existing MongoDB server.',
    );
  }
  return withBuildLock(engineDir, log, async () => {
    if (isExecutable(binary)) return binary;
    const started = Date.now();
    log.info({ version: FERRETDB_VERSION, go: go.stdout.trim() }, 'engine build: building FerretDB from the Go module proxy (first start only, about a minute)');
    const work = join(engineDir, `build-${process.pid}`);
    rmSync(work, { recursive: true, force: true });
    mkdirSync(work, { recursive: true });
    try {
      const dl = spawnSync('go', ['mod', 'download', '-json', `${FERRETDB_MODULE}@${FERRETDB_VERSION}`], { encoding: 'utf8', cwd: work });
      if (dl.status !== 0) throw new EngineError(`engine build: go mod download failed: ${dl.stdout}${dl.stderr}`);
      const moduleDir = (JSON.parse(dl.stdout) as { Dir?: string }).Dir;
      if (!moduleDir) throw new EngineError(`engine build: go mod download gave no module directory: ${dl.stdout}`);
      const src = join(work, 'src');
      cpSync(moduleDir, src, { recursive: true });
      chmodSync(src, 0o755);
      chmodSync(join(src, 'build', 'version'), 0o755);
      writeFileSync(join(src, 'build', 'version', 'version.txt'), `${ENGINE_VERSION}\n`);
      applyEnginePatch(src);
      const out = join(work, 'ferretdb');
      let build = await run('go', ['build', '-trimpath', '-o', out, './cmd/ferretdb'], src, log);
      if (build.code !== 0) {
        log.warn({ stderr: build.stderr.slice(-2000) }, 'engine build: plain build failed, retrying with -ldflags=-checklinkname=0');
        build = await run('go', ['build', '-trimpath', '-ldflags=-checklinkname=0', '-o', out, './cmd/ferretdb'], src, log);
      }
      if (build.code !== 0) throw new EngineError(`engine build: go build failed:\n${build.stderr.slice(-4000)}`);
      mkdirSync(join(binary, '..'), { recursive: true });
      renameSync(out, binary);
      log.info({ seconds: Math.round((Date.now() - started) / 100) / 10, binary }, 'engine build: done');
      return binary;
    } finally {
      // Go's module cache is read-only; make the copy removable first.
      if (existsSync(work)) spawnSync('chmod', ['-R', 'u+w', work]);
      rmSync(work, { recursive: true, force: true });
    }
  });
}

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
const WATCHDOG = [
  'exec 3<&0',
  '"$0" "$@" </dev/null 3<&- &',
  'p=$!',
  'echo "$p"',
  '( cat <&3 >/dev/null; kill "$p" 2>/dev/null ) &',
  'exec 3<&-',
  'wait "$p"',
].join('\n');

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
 * memory.
 */
const SQLITE_PRAGMAS = ['synchronous(normal)', 'cache_size(-16384)'].map((p) => `_pragma=${encodeURIComponent(p)}`).join('&');

/** Documents per INSERT statement and transaction of an `insert` command (FerretDB's default: 100). */
const INSERT_BATCH = 1000;

async function launchEngine(opts: StartEngineOptions): Promise<Engine> {
  const port = opts.port ?? (await freeLoopbackPort());
  const logPath = join(opts.dataDir, 'ferretdb.log');
  const logFd = openSync(logPath, 'a');
  const args = [
    `--listen-addr=127.0.0.1:${port}`,
    '--handler=sqlite',
    `--sqlite-url=file:${opts.dataDir}/?${SQLITE_PRAGMAS}`,
    `--state-dir=${opts.dataDir}`,
    '--telemetry=disable',
    `--test-batch-size=${INSERT_BATCH}`,
    '--debug-addr=-',
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
