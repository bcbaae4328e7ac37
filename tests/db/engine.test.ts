import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { createInterface } from 'node:readline';
import { loadConfig, PROJECT_ROOT } from '../../src/config';
import { LOCK_FILE } from '../../src/db/dataDirLock';
import { startEngine } from '../../src/db/engine';
import { engineBinaryPath } from '../../src/db/engineBuild';
import { createLogger } from '../../src/log';
import { run as runApikey } from '../../src/cli/apikey';
import { NODE_PROCESS_ENV, runCommand, runInProcess } from '../helpers/command';
import { uniqueDbName } from '../helpers/config';
import { budgeted, deadlineMs, UNITS } from '../helpers/budget';

/**
 * A hub started from the entry point `npm start` runs (seeds/start.ts), as a separate process run
 * by node itself rather than through npm, so that signals reach the hub and not a wrapper.
 */
interface HubProcess {
  child: ChildProcess;
  lines: Record<string, unknown>[];
  stderr: string[];
  waitFor(msg: string, timeoutMs?: number): Promise<Record<string, unknown>>;
  exited: Promise<number | null>;
}

function spawnHub(env: Record<string, string | undefined>): HubProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'seeds/start.ts'], {
    cwd: PROJECT_ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      SIMPUL_ENGINE_DIR: process.env.SIMPUL_ENGINE_DIR,
      ...NODE_PROCESS_ENV,
      PORT: '0',
      LOG_LEVEL: 'info',
      SIMPUL_SEED_ON_START: 'none',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: Record<string, unknown>[] = [];
  const stderr: string[] = [];
  const waiters: { msg: string; resolve: (l: Record<string, unknown>) => void }[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => {
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(line) as Record<string, unknown>;
    } catch {
      return;
    }
    lines.push(parsed);
    for (const w of waiters.filter((w) => w.msg === parsed.msg)) w.resolve(parsed);
  });
  createInterface({ input: child.stderr! }).on('line', (l) => stderr.push(l));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return {
    child,
    lines,
    stderr,
    exited,
    waitFor(msg, timeoutMs = deadlineMs(UNITS.hubProcess)) {
      const seen = lines.find((l) => l.msg === msg);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`no "${msg}" within ${timeoutMs} ms; stderr: ${stderr.join('\n')}`)), timeoutMs);
        waiters.push({ msg, resolve: (l) => (clearTimeout(t), resolve(l)) });
        // A hub that exits before the line ends the wait, deadline included (a timer left running kept jest from exiting).
        void exited.then((code) => (clearTimeout(t), reject(new Error(`hub exited (${code}) before "${msg}"; stderr: ${stderr.join('\n')}`))));
      });
    },
  };
}

/** True while a process exists and is not a zombie. */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

async function eventually(check: () => boolean, timeoutMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return check();
}

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'simpul-hub-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('the embedded engine life cycle', () => {
  it(
    'starts an engine when MONGODB_URI is unset, serves the regions, and leaves no engine after SIGTERM',
    ...budgeted('a hub process started with an engine of its own, and stopped', UNITS.hubProcess, async () => {
      const hub = spawnHub({ SIMPUL_DATA_DIR: tempDir() });
      const engine = await hub.waitFor('engine started');
      const listening = await hub.waitFor('hub listening');
      const pid = engine.pid as number;
      expect(alive(pid)).toBe(true);
      const res = await fetch(`http://127.0.0.1:${listening.port as number}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ kecamatans { desas { code } } }' }),
      });
      const body = (await res.json()) as { data: { kecamatans: { desas: unknown[] }[] } };
      expect(body.data.kecamatans.flatMap((k) => k.desas)).toHaveLength(206);

      hub.child.kill('SIGTERM');
      expect(await hub.exited).toBe(0);
      expect(await eventually(() => !alive(pid))).toBe(true);
    }),
  );

  it(
    'leaves no engine behind even when the hub is killed with SIGKILL',
    ...budgeted('a hub process started with an engine of its own, and killed', UNITS.hubProcess, async () => {
      const hub = spawnHub({ SIMPUL_DATA_DIR: tempDir() });
      const pid = (await hub.waitFor('engine started')).pid as number;
      await hub.waitFor('hub listening');
      hub.child.kill('SIGKILL');
      await hub.exited;
      expect(await eventually(() => !alive(pid))).toBe(true);
    }),
  );

  it(
    'starts no engine when MONGODB_URI names a running server',
    ...budgeted("a hub process started on the run's engine, and stopped", UNITS.hubProcess, async () => {
      const dataDir = join(tempDir(), 'never-created');
      const hub = spawnHub({ SIMPUL_DATA_DIR: dataDir, MONGODB_URI: process.env.MONGODB_URI, MONGODB_DB: uniqueDbName() });
      const listening = await hub.waitFor('hub listening');
      expect(listening.engine).toBe('external');
      expect(hub.lines.some((l) => l.msg === 'engine started')).toBe(false);
      expect(existsSync(dataDir)).toBe(false);
      const res = await fetch(`http://127.0.0.1:${listening.port as number}/readyz`);
      expect(res.status).toBe(200);
      hub.child.kill('SIGTERM');
      expect(await hub.exited).toBe(0);
    }),
  );

  it('explains what is missing when the engine must be built and Go is absent', async () => {
    const withoutGo = (process.env.PATH ?? '')
      .split(delimiter)
      .filter((dir) => !existsSync(join(dir, 'go')))
      .join(delimiter);
    const hub = spawnHub({ PATH: withoutGo, SIMPUL_DATA_DIR: tempDir(), SIMPUL_ENGINE_DIR: tempDir() });
    expect(await hub.exited).toBe(1);
    expect(hub.stderr.join('\n')).toMatch(/Go toolchain \(`go`, 1\.22 or newer\) was not found.*or set MONGODB_URI/);
  });

  it('refuses an invalid configuration, naming the variable', async () => {
    const hub = spawnHub({ PORT: 'eighty' });
    expect(await hub.exited).toBe(1);
    expect(hub.stderr.join('\n')).toContain('PORT');
  });
});

describe('one data directory, one engine', () => {
  it(
    'a command run while the hub runs uses the hub’s engine, so an API key it creates works at once; a second hub on the directory is refused',
    ...budgeted('a hub process started with an engine of its own, a command run beside it, a second hub refused', 2 * UNITS.hubProcess + UNITS.command, async () => {
      const dataDir = tempDir();
      const hub = spawnHub({ SIMPUL_DATA_DIR: dataDir });
      const enginePid = (await hub.waitFor('engine started')).pid as number;
      const { port } = (await hub.waitFor('hub listening')) as { port: number };
      let second: HubProcess | undefined;
      try {
        const created = await runCommand(
          'src/cli/apikey.ts',
          ['create', '--admin', 'budi', '--name', 'BPJS Kesehatan', '--purpose', 'PBI-JK verification', '--field', 'Query.persons'],
          { SIMPUL_DATA_DIR: dataDir },
        );
        expect([created.code, created.stderr]).toEqual([0, '']);
        const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `ApiKey ${created.stdout.trim()}` },
          body: JSON.stringify({ query: '{ persons(first: 0) { totalCount } }' }),
        });
        expect([res.status, await res.json()]).toEqual([200, { data: { persons: { totalCount: 0 } } }]);

        second = spawnHub({ SIMPUL_DATA_DIR: dataDir });
        const refused = await Promise.race([
          second.exited,
          second.waitFor('hub listening').then(
            () => 'listening',
            () => 'exited',
          ),
        ]);
        expect(refused).toBe(1);
        expect(second.stderr.join('\n')).toMatch(
          new RegExp(`in use by the hub \\(pid ${hub.child.pid}, engine at mongodb://127\\.0\\.0\\.1:\\d+/\\): two engines must never open one data directory`),
        );
        expect(second.lines.some((l) => l.msg === 'engine started')).toBe(false);
        expect(alive(enginePid)).toBe(true);
      } finally {
        second?.child.kill('SIGTERM');
        hub.child.kill('SIGTERM');
        expect(await hub.exited).toBe(0);
      }
      expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);
    }),
  );

  it(
    'a second engine start on a data directory in use is refused; a lock left by a dead process is not in the way',
    ...budgeted('three engine starts on one data directory', 3 * UNITS.engine, async () => {
      const dataDir = tempDir();
      const opts = { binary: engineBinaryPath(loadConfig().engineDir), dataDir, log: createLogger('silent'), timeoutMs: deadlineMs(UNITS.engine), owner: 'the hub', serves: true };
      const first = await startEngine(opts);
      try {
        const refused = await startEngine({ ...opts, owner: 'npm run import' }).then(
          async (twin) => (await twin.stop(), 'a second engine started'),
          (err: Error) => err.message,
        );
        expect(refused).toContain(`in use by the hub (pid ${process.pid}, engine at ${first.uri})`);
      } finally {
        await first.stop();
      }
      const dead = spawnSync('true').pid!;
      writeFileSync(join(dataDir, LOCK_FILE), JSON.stringify({ pid: dead, startedAt: null, owner: 'the hub', serves: true, uri: 'mongodb://127.0.0.1:9/', token: 'gone' }));
      const again = await startEngine(opts);
      expect(JSON.parse(readFileSync(join(dataDir, LOCK_FILE), 'utf8'))).toMatchObject({ pid: process.pid, uri: again.uri });
      await again.stop();
      expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);
    }),
  );

  it('a command finds the directory taken by another command, whose engine stops with it, and says so', async () => {
    const dataDir = tempDir();
    writeFileSync(
      join(dataDir, LOCK_FILE),
      JSON.stringify({ pid: process.pid, startedAt: null, owner: 'npm run import', serves: false, uri: 'mongodb://127.0.0.1:9/', token: 'busy' }),
    );
    // Refused before the database opens: run in this process (its run(), the same exit code and output); the command's
    // spawned wiring beside a hub is the test above.
    const r = await runInProcess(runApikey, ['list'], { SIMPUL_DATA_DIR: dataDir });
    expect([r.code, r.stdout]).toEqual([2, '']);
    expect(r.stderr).toContain(
      `the data directory ${dataDir} is in use by npm run import (pid ${process.pid}, engine at mongodb://127.0.0.1:9/): two engines must never open one data directory. Wait for it to finish`,
    );
  });
});
