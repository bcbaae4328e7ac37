import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BSON, Double, Long, MongoClient, ObjectId, type Document } from 'mongodb';

import { loadConfig } from '../../src/config';
import { startEngine, type Engine } from '../../src/db/engine';
import { ensureEngineBinary } from '../../src/db/engineBuild';
import { createLogger } from '../../src/log';
import { budgeted, UNITS } from '../helpers/budget';

/*
 * Since simpul.6 the engine sends a find's documents as it read them when the find has no
 * projection (no copy of each and rebuild field by field), and checks only requests for a
 * float64 NaN, not its own replies (src/db/engine-patches/README.md, items 25-26). What a client
 * sees stays the same: every document exactly as written (types, nesting, field order, `_id`
 * first), projections as before, and a request holding NaN still refused.
 */

const log = createLogger('silent');
const dir = mkdtempSync(join(tmpdir(), 'simpul-replies-'));
let engine: Engine | undefined;
let client: MongoClient;

const DOCS: Document[] = [
  {
    _id: 'a',
    name: 'Sri',
    n: 1,
    d: new Double(1.5),
    l: Long.fromNumber(2 ** 40),
    at: new Date('2026-01-02T03:04:05Z'),
    none: null,
    tags: ['x', 'y'],
    nested: { b: [1, { c: 'z' }], a: true },
  },
  { name: 'no id given', n: -3 },
  { z: 1, _id: 'c', a: 2 },
  { _id: 'd', nested: { deep: { deeper: [{ x: [1, 2] }, {}] } }, empty: {}, list: [] },
];

const coll = () => client.db('replies').collection<any>('docs');
const bytes = (d: Document) => Buffer.from(BSON.serialize(d)).toString('hex');

beforeAll(
  ...budgeted('starting an engine and writing the documents', UNITS.engine + 1, async () => {
    const config = loadConfig();
    const binary = process.env.SIMPUL_TEST_ENGINE_BINARY ?? (await ensureEngineBinary(config.engineDir, log));
    engine = await startEngine({ binary, dataDir: join(dir, 'data'), log, timeoutMs: config.engineStartTimeoutMs });
    client = await MongoClient.connect(engine.uri);
    await coll().insertMany(DOCS.map((d) => ({ ...d })));
  }),
);

afterAll(async () => {
  await client?.close();
  await engine?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('a find without a projection', () => {
  it('returns every document as written: the same BSON bytes, field order and types, _id first', async () => {
    const read = await coll().find({}, { promoteValues: false, promoteLongs: false }).sort({ _id: 1 }).toArray();
    const written = (
      await coll()
        .find({}, { promoteValues: false, promoteLongs: false, projection: { _x: 0 } })
        .sort({ _id: 1 })
        .toArray()
    ).map(bytes);
    expect(read.map(bytes)).toEqual(written);
    expect(read.map((d) => Object.keys(d)[0])).toEqual(read.map(() => '_id'));
    const c = read.find((d) => d._id === 'c')!;
    expect(Object.keys(c)).toEqual(['_id', 'z', 'a']);
    const a = read.find((d) => d._id === 'a')!;
    expect(bytes(a)).toBe(bytes(DOCS[0]!));
  });

  it('and with a projection still returns the projected fields only', async () => {
    expect(
      await coll()
        .find({ _id: 'a' }, { projection: { name: 1, 'nested.a': 1 } })
        .toArray(),
    ).toEqual([{ _id: 'a', name: 'Sri', nested: { a: true } }]);
    expect(
      await coll()
        .find({ _id: 'c' }, { projection: { z: 0, _id: 0 } })
        .toArray(),
    ).toEqual([{ a: 2 }]);
  });

  it('returns the documents the same through getMore batches', async () => {
    const batches = await coll().find({}).sort({ _id: 1 }).batchSize(1).toArray();
    expect(batches.map(bytes)).toEqual((await coll().find({}).sort({ _id: 1 }).toArray()).map(bytes));
  });
});

describe('a request holding NaN', () => {
  it('is refused, and the engine serves the next request', async () => {
    await expect(coll().insertOne({ _id: 'nan', v: NaN })).rejects.toThrow();
    await expect(
      coll()
        .find({ v: { $in: [1, NaN] } })
        .toArray(),
    ).rejects.toThrow();
    expect(await coll().countDocuments({ _id: 'nan' })).toBe(0);
    expect(await coll().countDocuments({})).toBe(DOCS.length);
  });
});

describe('a $in of strings', () => {
  it('matches a field equal to one of the strings, or an array holding one, and nothing of another type (the handler compares strings directly since simpul.6)', async () => {
    const c = client.db('replies').collection<any>('in');
    await c.insertMany([
      { _id: 's1', s: 'H1' },
      { _id: 's2', s: 'H2' },
      { _id: 's3', s: ['x', 'H1'] },
      { _id: 's4', s: 1 },
      { _id: 's5', s: null },
      { _id: 's6' },
      { _id: 's7', s: { v: 'H1' } },
      { _id: 's8', s: 'h1' },
      { _id: 's9', s: 'H1 ' },
      { _id: 's10', s: '' },
    ]);
    const ids = async (filter: Record<string, unknown>) => (await c.find(filter).sort({ _id: 1 }).toArray()).map((d) => d._id as string).sort();
    expect(await ids({ s: { $in: ['H1', 'H3'] } })).toEqual(['s1', 's3']);
    expect(await ids({ s: { $in: ['H1', 1, null] } })).toEqual(['s1', 's3', 's4', 's5', 's6']);
    expect(await ids({ s: { $in: ['', 'x'] } })).toEqual(['s10', 's3']);
    expect(await ids({ _id: { $in: ['s2', 's9', 'nope'] } })).toEqual(['s2', 's9']);
    expect(await ids({ s: { $in: [{ v: 'H1' }, 'h1'] } })).toEqual(['s7', 's8']);
  });
});

describe('a count of a whole collection', () => {
  it('counts every document whatever its _id (string, empty string, number, ObjectId, date, document, null), and stays right after deletes (simpul.6 counts a JSONB table from its _id index)', async () => {
    const c = client.db('replies').collection<any>('count');
    const ids: unknown[] = ['', 'a', ' ', '\\', 0, -1, 2.5, Long.fromNumber(7), new ObjectId(), new Date(5000), { k: 1 }, null, true];
    await c.insertMany(ids.map((_id, i) => ({ _id, i })));
    for (let i = 0; i < 40; i++) await c.insertOne({ i });
    expect(await c.countDocuments({})).toBe(ids.length + 40);
    expect((await client.db('replies').command({ count: 'count' })).n).toBe(ids.length + 40);
    expect((await c.aggregate([{ $count: 'n' }]).toArray())[0]!.n).toBe(ids.length + 40);
    await c.deleteMany({ i: { $lt: 5 } });
    expect(await c.countDocuments({})).toBe(ids.length + 40 - 5 - 5);
  });
});
