import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { loadConfig } from '../../src/config';
import { startEngine, type Engine } from '../../src/db/engine';
import { engineBinaryPath } from '../../src/db/engineBuild';
import { FIRST_LOAD_MARKER } from '../../src/integration/firstLoad';
import { encodeSteps } from '../../src/writes/journal';
import { startHub, type Hub } from '../../src/server/hub';
import { testConfig } from '../helpers/config';
import { captureLog, postTo, sleep, startSchemaServer } from './support';
import { deadlineMs, UNITS } from '../helpers/budget';

const UNAVAILABLE = { message: 'The database is unavailable at the moment; try again shortly.', extensions: { code: 'DATABASE_UNAVAILABLE' } };
const QUERY = '{ kecamatan(code: "35.19.01") { name } }';

async function eventually<T>(probe: () => Promise<T>, ok: (v: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (ok(v) || Date.now() > deadline) return v;
    await sleep(100);
  }
}

/**
 * Kills FerretDB outright, as a crash or a lost host would. (A polite stop waits
 * about 3 s for connected clients, which adds nothing to what is tested.)
 */
async function crash(engine: Engine): Promise<void> {
  process.kill(engine.pid, 'SIGKILL');
  await eventually(
    async () => existsSync(`/proc/${engine.pid}`),
    (present) => !present,
    5_000,
  );
  await engine.stop(); // releases the watchdog's pipe
}

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'simpul-life-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('when the database goes away', () => {
  it('fails readiness and answers DATABASE_UNAVAILABLE at once, then serves again when the engine is back on its port', async () => {
    const log = captureLog('info');
    const dataDir = tempDir();
    const binary = engineBinaryPath(loadConfig().engineDir);
    let engine: Engine = await startEngine({ binary, dataDir, log: log.log, timeoutMs: deadlineMs(UNITS.engine) });
    const port = Number(new URL(engine.uri).port);
    const hub = await startHub(testConfig({ MONGODB_URI: engine.uri, SIMPUL_DB_SERVER_SELECTION_TIMEOUT_MS: '500' }), log.log);
    const base = `http://127.0.0.1:${hub.port}`;
    try {
      expect((await postTo(base, QUERY)).body).toEqual({ data: { kecamatan: { name: 'Kebonsari' } } });

      await crash(engine);
      const ready = await fetch(`${base}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toEqual({ status: 'database unreachable' });
      const started = Date.now();
      const down = await postTo(base, QUERY);
      expect(Date.now() - started).toBeLessThan(2000);
      expect(down.body.data).toEqual({ kecamatan: null });
      expect(down.body.errors).toHaveLength(1);
      expect(down.body.errors[0]).toMatchObject(UNAVAILABLE);
      const warned = await log.line((l) => l.msg === 'graphql: database failure');
      expect(warned.requestId).toBe(down.headers.get('x-request-id'));

      engine = await startEngine({ binary, dataDir, log: log.log, timeoutMs: deadlineMs(UNITS.engine), port });
      const back = await eventually(
        () => postTo(base, QUERY),
        (r) => r.body.data?.kecamatan?.name === 'Kebonsari',
        10_000,
      );
      expect(back.body).toEqual({ data: { kecamatan: { name: 'Kebonsari' } } });
      expect((await fetch(`${base}/readyz`)).status).toBe(200);
    } finally {
      await hub.close();
      await engine.stop();
    }
  });

  it('reports the embedded engine in /metrics, its loss in /readyz and in answers, and its return in all three', async () => {
    const log = captureLog('warn');
    const dataDir = tempDir();
    const hub: Hub = await startHub(testConfig({ MONGODB_URI: '', SIMPUL_DATA_DIR: dataDir, SIMPUL_DB_SERVER_SELECTION_TIMEOUT_MS: '500' }), log.log);
    const base = `http://127.0.0.1:${hub.port}`;
    const engineUp = async () => /^simpul_embedded_engine_up (\d)$/m.exec(await (await fetch(`${base}/metrics`)).text())?.[1];
    let restarted: Engine | undefined;
    try {
      expect(await engineUp()).toBe('1');
      const port = Number(new URL(hub.db.engine!.uri).port);
      await crash(hub.db.engine!);
      expect(await engineUp()).toBe('0');
      expect((await fetch(`${base}/readyz`)).status).toBe(503);
      const down = await postTo(base, '{ kecamatans { code } }');
      expect(down.body.data).toBeNull();
      expect(down.body.errors).toHaveLength(1);
      expect(down.body.errors[0]).toMatchObject(UNAVAILABLE);

      // The engine comes back on its port and data (an operator, a supervisor): so does the gauge.
      restarted = await startEngine({ binary: engineBinaryPath(loadConfig().engineDir), dataDir, log: log.log, timeoutMs: deadlineMs(UNITS.engine), port });
      expect(await eventually(engineUp, (v) => v === '1', 10_000)).toBe('1');
      expect((await fetch(`${base}/readyz`)).status).toBe(200);
      expect((await postTo(base, '{ kecamatan(code: "35.19.01") { name } }')).body).toEqual({ data: { kecamatan: { name: 'Kebonsari' } } });
    } finally {
      await hub.close();
      await restarted?.stop();
    }
  });
});

describe('graceful shutdown', () => {
  const typeDefs = 'type Query { slow(ms: Int!): Int! }';
  /** A slow field, and a promise that settles once a request is inside it (no guessing with sleeps). */
  function slowResolvers() {
    let entered!: () => void;
    const running = new Promise<void>((r) => (entered = r));
    const resolvers = {
      Query: {
        slow: (_: unknown, { ms }: { ms: number }) => {
          entered();
          return new Promise((r) => setTimeout(r, ms, ms).unref());
        },
      },
    };
    return { resolvers, running };
  }

  it('stops accepting, and lets a request in flight finish within the grace period', async () => {
    const { resolvers, running } = slowResolvers();
    const server = await startSchemaServer(typeDefs, resolvers);
    const inFlight = postTo(server.base, '{ slow(ms: 400) }');
    await running;
    const drained = server.http.drain(5_000);
    await sleep(20);
    await expect(fetch(`${server.base}/healthz`)).rejects.toThrow();
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: { slow: 400 } });
    expect(await drained).toBe(0);
    await server.close();
  });

  it('cuts what is still running when the grace period ends', async () => {
    const { resolvers, running } = slowResolvers();
    const server = await startSchemaServer(typeDefs, resolvers);
    const inFlight = postTo(server.base, '{ slow(ms: 5000) }').then(
      () => 'answered',
      () => 'cut',
    );
    await running;
    const started = Date.now();
    expect(await server.http.drain(200)).toBe(1);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await inFlight).toBe('cut');
    await server.close();
  });
});

describe('a database holding part of an interrupted first load', () => {
  const interruptedLoad = 'first load: the database holds part of a first load that was interrupted';

  it('is served with a warning at start naming how to load it whole, when nothing at start loads it again', async () => {
    const log = captureLog('warn');
    const config = testConfig();
    const client = await MongoClient.connect(process.env.MONGODB_URI!);
    try {
      // The marker a first load by clusters keeps until it has ended (src/integration/clusterLoad.ts).
      await client
        .db(config.dbName)
        .collection('importState')
        .insertOne({ _id: FIRST_LOAD_MARKER, startedAt: new Date(), files: ['senopati', 'dtsen'] } as never);
      const hub = await startHub(config, log.log);
      try {
        const line = await log.line((l) => String(l.msg).startsWith(interruptedLoad));
        expect(line.level).toBe(40);
        expect(line.msg).toMatch(/incomplete until `npm run seed` \(or `npm start` with SIMPUL_SEED_ON_START=demo\) loads it again$/);
      } finally {
        await hub.close();
      }
      // Without the marker, no such line.
      await client.db(config.dbName).collection('importState').deleteMany({});
      const quiet = captureLog('warn');
      const again = await startHub(config, quiet.log);
      await again.close();
      expect(quiet.lines.filter((l) => String(l.msg).startsWith('first load:'))).toEqual([]);
    } finally {
      await client.db(config.dbName).dropDatabase();
      await client.close();
    }
  });
});

describe('a write interrupted before the hub started, on a record an import is writing', () => {
  it('waits for the import to finish, then is finished by the hub (not left until the next start)', async () => {
    const log = captureLog('info');
    const config = testConfig();
    const client = await MongoClient.connect(process.env.MONGODB_URI!);
    const db = client.db(config.dbName);
    try {
      await db.collection('persons').insertOne({ _id: 'P-journal-wait', phone: '081100000000' } as never);
      // A journal a crash left after its decision: its golden step (an update of the person) is still to be applied.
      const steps = encodeSteps([{ kind: 'update', collection: 'persons', id: 'P-journal-wait', set: { phone: '081199999999' } }]);
      const createdAt = new Date(Date.now() - 3_600_000);
      await db.collection('writeJournal').insertOne({
        _id: 'j-waits',
        status: 'PENDING',
        subjects: ['P-journal-wait'],
        steps,
        next: 0,
        result: { collection: 'persons', id: 'P-journal-wait' },
        createdAt,
        finishedAt: null,
      } as never);
      // An import of this process holds the lock (src/integration/runs.ts).
      await db
        .collection('importState')
        .insertOne({ _id: 'lock', owner: 'dtsen dtsen.csv', kind: 'import', token: 't', pid: process.pid, host: hostname(), at: new Date() } as never);
      const hub = await startHub(config, log.log);
      try {
        const waits = await log.line((l) => l.msg === 'writes: interrupted journals that change records an import is writing wait for it to finish');
        expect(waits.waiting).toBe(1);
        expect((await db.collection('writeJournal').findOne({ _id: 'j-waits' as never }))?.status).toBe('PENDING');
        expect((await db.collection('persons').findOne({ _id: 'P-journal-wait' as never }))?.phone).toBe('081100000000');
        // The import ends.
        await db.collection('importState').deleteOne({ _id: 'lock' as never });
        await log.line((l) => l.msg === 'writes: interrupted journals finished after the import', 15_000);
        expect((await db.collection('writeJournal').findOne({ _id: 'j-waits' as never }))?.status).toBe('DONE');
        expect((await db.collection('persons').findOne({ _id: 'P-journal-wait' as never }))?.phone).toBe('081199999999');
      } finally {
        await hub.close();
      }
    } finally {
      await db.dropDatabase();
      await client.close();
    }
  });
});
