import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, cpSync, chmodSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Logger } from '../log';
import { ENGINE_PATCH_FILE, ENGINE_PATCH_RELEASE, enginePatchHash } from './enginePatch';

/**
 * Building the embedded engine: FerretDB v1 speaking the MongoDB wire protocol
 * over SQLite, built (with the project's patch) from the Go module proxy into a
 * project-local folder. Running and supervising it is engine.ts. Nothing outside
 * src/db knows which engine the hub talks to.
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

/**
 * Applies a diff to the files under dir (made writable first: they come from Go's read-only module cache), with patch,
 * or with git where patch is missing or fails. Returns what failed, or null when it applied.
 */
function applyDiff(dir: string, diff: string): string | null {
  spawnSync('chmod', ['-R', 'u+w', dir]);
  const patch = spawnSync('patch', ['-p1', '--forward', '--batch', '-i', diff], { cwd: dir, encoding: 'utf8' });
  if (!patch.error && patch.status === 0) return null;
  // git apply in a repository of its own (so that it does not patch relative to one holding the engine folder)
  spawnSync('git', ['init', '-q'], { cwd: dir });
  const git = spawnSync('git', ['apply', '--whitespace=nowarn', diff], { cwd: dir, encoding: 'utf8' });
  rmSync(join(dir, '.git'), { recursive: true, force: true });
  if (!git.error && git.status === 0) return null;
  return `${patch.error ? String(patch.error) : `${patch.stdout}${patch.stderr}`}${git.error ? String(git.error) : git.stderr}`;
}

/** Applies the engine patch (src/db/engine-patches/) to the copied module source. */
function applyEnginePatch(src: string): void {
  const failure = applyDiff(src, ENGINE_PATCH_FILE);
  if (failure !== null || !existsSync(join(src, 'internal', 'backends', 'sqlite', 'simpul_pushdown.go'))) {
    throw new EngineError(`engine build: the patch ${ENGINE_PATCH_FILE} does not apply to ${FERRETDB_MODULE}@${FERRETDB_VERSION}: ${failure ?? ''}`);
  }
}

/**
 * The SQLite driver with the patch's statement cache (src/db/engine-patches/README.md, item 34): the patch carries,
 * under simpul/modernc-sqlite/, a diff of the driver's sqlite.go and one added file; the driver module's Go files
 * (the version FerretDB's go.mod pins, from the module cache that `go build` fills anyway) are copied next to them,
 * patched, and put in place of the module with a `replace` in go.mod. Go's module cache is read-only and
 * `go build -overlay` refuses files in it, hence the copy. Nothing is done for a patch without that folder.
 */
function patchSqliteDriver(src: string): void {
  const dir = join(src, 'simpul', 'modernc-sqlite');
  if (!existsSync(join(dir, 'sqlite.go.diff'))) return;
  const fail = (what: string, r: { error?: Error; stdout?: string; stderr?: string }) => {
    throw new EngineError(`engine build: ${what} for the SQLite driver's statement cache: ${r.error ? String(r.error) : `${r.stdout ?? ''}${r.stderr ?? ''}`}`);
  };
  const list = spawnSync('go', ['mod', 'download', '-json', 'modernc.org/sqlite'], { cwd: src, encoding: 'utf8' });
  if (list.error || list.status !== 0) fail('go mod download failed', list);
  const moduleDir = (JSON.parse(list.stdout) as { Dir?: string }).Dir;
  if (!moduleDir) fail('no module directory', list);
  const copy = join(dir, 'module');
  for (const sub of ['', 'lib']) {
    mkdirSync(join(copy, sub), { recursive: true });
    for (const f of readdirSync(join(moduleDir!, sub))) {
      if ((f.endsWith('.go') && !f.endsWith('_test.go')) || (sub === '' && (f === 'go.mod' || f === 'go.sum'))) cpSync(join(moduleDir!, sub, f), join(copy, sub, f));
    }
  }
  const failure = applyDiff(copy, join(dir, 'sqlite.go.diff'));
  if (failure !== null) fail('the diff of sqlite.go does not apply', { stderr: failure });
  cpSync(join(dir, 'simpul_stmtcache.go.in'), join(copy, 'simpul_stmtcache.go'));
  const replace = spawnSync('go', ['mod', 'edit', '-replace', 'modernc.org/sqlite=./simpul/modernc-sqlite/module'], { cwd: src, encoding: 'utf8' });
  if (replace.error || replace.status !== 0) fail('go mod edit failed', replace);
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
      patchSqliteDriver(src);
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
