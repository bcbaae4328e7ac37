import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { MongoClient } from 'mongodb';
import { generateRegency } from '../../seeds/regency';
import { SCENARIOS } from '../../seeds/regency/scenarios';
import { Programme } from '../../src/db/models';
import { budgeted, deadlineMs, FLOOR_MS, loadFactor, reference } from '../helpers/budget';
import { copyOf, guardReadOnly, template, type FixtureSpec } from '../helpers/fixtures';
import type { TestHub } from '../helpers/hub';
import { useHub } from '../helpers/useHub';

/* The test suite's own machinery: fixtures built once per run, shared read-only or copied, and measured deadlines. */

let builds = 0;
const spec: FixtureSpec<{ programmes: number }> = {
  name: `house-${randomBytes(3).toString('hex')}`,
  async build() {
    builds++;
    await new Promise((r) => setTimeout(r, 300));
    await Programme.insertMany(generateRegency(SCENARIOS.tiny).programmes.slice(0, 2));
    return { programmes: 2 };
  },
};

let client: MongoClient;
beforeAll(async () => {
  // monitorCommands, as the hub's own client (src/db/connection.ts): the guard watches command events.
  client = await new MongoClient(process.env.MONGODB_URI!, { monitorCommands: true }).connect();
});
afterAll(() => client.close());

describe('a fixture built once per run', () => {
  it('is built by the first of callers asking at once, and the others get the same template and data', async () => {
    const [a, b, c] = await Promise.all([template(spec), template(spec), template(spec)]);
    expect(builds).toBe(1);
    expect(b).toEqual(a);
    expect(c).toEqual(a);
    expect(a.data).toEqual({ programmes: 2 });
    expect(a.fingerprint.programmes).toMatch(/^2 documents, indexes /);
    expect(await client.db(a.db).collection('programmes').countDocuments()).toBe(2);
  });

  it('gives a file that writes a copy of its own: same documents and indexes, and writing there leaves the template as it was', async () => {
    const built = await template(spec);
    // The first copy reads the template from the engine and saves it for the next ones, which copy what it saved.
    const copies = [await copyOf(built), await copyOf(built)];
    try {
      const docs = (db: string) => client.db(db).collection('programmes').find({}).sort({ _id: 1 }).toArray();
      const indexes = async (db: string) => (await client.db(db).collection('programmes').listIndexes().toArray()).map((i) => [i.name, i.key, i.unique ?? false]);
      for (const copy of copies) {
        expect(copy).not.toBe(built.db);
        expect(await docs(copy)).toEqual(await docs(built.db));
        expect(await indexes(copy)).toEqual(await indexes(built.db));
      }
      expect(copies[1]).not.toBe(copies[0]);
      await client.db(copies[0]!).collection('programmes').deleteMany({});
      expect(await client.db(built.db).collection('programmes').countDocuments()).toBe(2);
      expect(await docs(copies[1]!)).toHaveLength(2);
    } finally {
      for (const copy of copies) await client.db(copy).dropDatabase();
    }
  });

  it('fails a file that writes to the shared template, naming the write; reading, and appending audit events, pass', async () => {
    const built = await template(spec);
    const quiet = guardReadOnly(built, client);
    await client.db(built.db).collection('programmes').find({}).toArray();
    await client
      .db(built.db)
      .collection('auditEvents')
      .insertOne({ _id: 'read-audit' as never });
    await expect(quiet()).resolves.toBeUndefined();
    await client
      .db(built.db)
      .collection('auditEvents')
      .deleteOne({ _id: 'read-audit' as never });

    const noisy = guardReadOnly(built, client);
    await client
      .db(built.db)
      .collection('programmes')
      .updateOne({}, { $set: { changed: true } });
    await expect(noisy()).rejects.toThrow(`this file changed the shared read-only fixture ${built.db} (update programmes)`);
    await client
      .db(built.db)
      .collection('programmes')
      .updateOne({}, { $unset: { changed: '' } });
  });

  it('notices a change made by another process too (the template no longer matches its fingerprint)', async () => {
    const built = await template(spec);
    const guard = guardReadOnly(built, client);
    const other = await new MongoClient(process.env.MONGODB_URI!).connect();
    try {
      await other
        .db(built.db)
        .collection('programmes')
        .insertOne({ _id: 'EXTRA' as never });
      await expect(guard()).rejects.toThrow(/programmes: 2 documents, indexes .* -> 3 documents/);
    } finally {
      await other
        .db(built.db)
        .collection('programmes')
        .deleteOne({ _id: 'EXTRA' as never });
      await other.close();
    }
  });
});

describe('a hook deadline', () => {
  /** The 1-minute load average os.loadavg reports for the duration of `fn`. */
  function underLoad<T>(load: number, fn: () => T): T {
    const spy = jest.spyOn(os, 'loadavg').mockReturnValue([load, load, load]);
    try {
      return fn();
    } finally {
      spy.mockRestore();
    }
  }
  const measuredLoad = () => Number(process.env.SIMPUL_TEST_REFERENCE_LOAD);

  it('comes from the reference work measured at the start of the run, with headroom and a floor', () => {
    expect(reference().measured).toBe(true);
    underLoad(measuredLoad(), () => {
      expect(deadlineMs(1)).toBe(Math.max(FLOOR_MS, reference().ms * 6));
      expect(deadlineMs(1000)).toBe(reference().ms * 6000);
    });
  });

  it('grows with the load: on a machine four times busier than when the reference was measured, four times as long, and says so', async () => {
    const cores = os.availableParallelism();
    const busier = 4 * Math.max(measuredLoad(), cores);
    const [body, jestTimeout] = underLoad(busier, () => budgeted('waiting for nothing', 1000, () => new Promise<void>(() => undefined)));
    expect(jestTimeout).toBe(reference().ms * 6000 * 4 + 10_000);
    expect(underLoad(busier, () => loadFactor().factor)).toBe(4);
    // Never less time than measured: a calmer machine keeps the measured deadline.
    expect(underLoad(0, () => deadlineMs(1000))).toBe(reference().ms * 6000);
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate'] });
    try {
      const run = body();
      jest.advanceTimersByTime(reference().ms * 6000 * 4);
      await expect(run).rejects.toThrow(`x 6 of headroom x 4.00 for the load (1-minute load average ${busier.toFixed(1)} when the file started`);
    } finally {
      jest.useRealTimers();
    }
  });

  it('fails a hook past it with a message that says what was measured', async () => {
    const [body, jestTimeout] = budgeted('waiting for nothing', 0, () => new Promise<void>(() => undefined));
    expect(jestTimeout).toBe(FLOOR_MS + 10_000);
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate'] });
    try {
      const run = body();
      jest.advanceTimersByTime(FLOOR_MS);
      await expect(run).rejects.toThrow(
        `waiting for nothing: not done after ${FLOOR_MS} ms, its deadline: 0 x the reference work (loading the tiny regency: ${reference().ms} ms, measured at the start of this run)`,
      );
    } finally {
      jest.useRealTimers();
    }
  });
});

describe('the hub of a file (useHub, tests/helpers/useHub.ts)', () => {
  const stub = {
    port: 4321,
    config: { dbName: 'stub' },
    close: async () => undefined,
    whoami(this: { port: number }) {
      return this.port;
    },
  } as unknown as TestHub & { whoami(): number };
  const hub = useHub('starting a stub hub', 1, async () => stub) as TestHub & { whoami(): number };
  let early: unknown;
  try {
    void hub.port;
  } catch (err) {
    early = err;
  }

  it('is a handle that, read before its beforeAll ran, throws naming the setup', () => {
    expect(String(early)).toContain('the hub of this file (starting a stub hub) is not started');
  });

  it('reads the started hub once its beforeAll ran, its methods bound to it', () => {
    expect(hub.port).toBe(4321);
    expect(hub.config.dbName).toBe('stub');
    const { whoami } = hub;
    expect(whoami()).toBe(4321);
  });
});
