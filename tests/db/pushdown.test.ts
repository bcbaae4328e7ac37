import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BSON, BSONRegExp, Double, Long, MongoClient, ObjectId, type Document } from 'mongodb';

const { EJSON } = BSON;
import { loadConfig } from '../../src/config';
import { startEngine, type Engine } from '../../src/db/engine';
import { ensureEngineBinary } from '../../src/db/engineBuild';
import { createLogger } from '../../src/log';
import { budgeted, UNITS } from '../helpers/budget';
import { prng } from '../helpers/prng';

/*
 * The engine patch (src/db/engine-patches/) pushes filters, the `_id` order and
 * counts down to SQLite. These tests run the same reads on two engines built
 * from the same binary, one with the pushdown and one without it
 * (SIMPUL_FERRETDB_PUSHDOWN=off, where the handler reads and tests every
 * document), over generated documents with arrays, int32, int64 and double
 * numbers, nulls, missing fields, nested documents and strings with quotes,
 * escapes and unicode, and expect the very same answers.
 * SIMPUL_TEST_ENGINE_BINARY runs them on another binary (a modified patch).
 */

const log = createLogger('silent');
const started: { engine: Engine; dir: string; client: MongoClient }[] = [];
let on: MongoClient;
let off: MongoClient;

async function engine(pushdown: 'on' | 'off'): Promise<MongoClient> {
  const config = loadConfig();
  const binary = process.env.SIMPUL_TEST_ENGINE_BINARY ?? (await ensureEngineBinary(config.engineDir, log));
  const dir = mkdtempSync(join(tmpdir(), `simpul-pushdown-${pushdown}-`));
  // The switch is an environment variable of the engine: a two-line wrapper sets it and becomes the engine.
  const wrapper = join(dir, 'ferretdb');
  writeFileSync(wrapper, `#!/bin/sh\nSIMPUL_FERRETDB_PUSHDOWN=${pushdown} exec '${binary}' "$@"\n`, { mode: 0o755 });
  const e = await startEngine({ binary: wrapper, dataDir: join(dir, 'data'), log, timeoutMs: config.engineStartTimeoutMs });
  const client = await MongoClient.connect(e.uri);
  started.push({ engine: e, dir, client });
  return client;
}

const rnd = prng(20261129);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;

/** Values of every kind the pushdown must keep apart or bring together. */
const VALUES: unknown[] = [
  0,
  1,
  -1,
  2,
  7,
  2147483647,
  Long.fromNumber(1),
  Long.fromNumber(0),
  Long.fromNumber(2 ** 40),
  Long.fromString('9007199254740993'),
  Long.fromString('1152921504606846976'),
  new Double(1),
  new Double(1.5),
  new Double(-0),
  new Double(0),
  new Double(2 ** 40),
  new Double(1e-7),
  new Double(2 ** 60),
  new Double(-2.25),
  null,
  'x',
  'X',
  '',
  'a"b',
  'a\\b',
  "it's",
  'spasi dan!',
  '<&>',
  'é',
  'ñandú',
  '\u2028',
  '日本',
  'x\n',
  '35.19.01.2001',
  '35.19.01.2002',
  true,
  false,
  new Date(1),
  new Date(86_400_000),
  new ObjectId('64b000000000000000000001'),
  '64b000000000000000000001',
  { x: 1 },
  { x: 'x' },
];
const STRINGS = ['35.19.01.2001', '35.19.01.2002', '35.19.02.2001', 'a"b', 'é', '', 'spasi dan!'];

function fieldValue(pool: readonly unknown[]): unknown {
  const r = rnd();
  if (r < 0.12) return undefined;
  if (r < 0.3) {
    const n = Math.floor(rnd() * 4); // [] included; FerretDB stores no arrays in arrays
    return Array.from({ length: n }, () => pick(pool));
  }
  return pick(pool);
}

function generated(count: number): Document[] {
  return Array.from({ length: count }, (_, i) => {
    const doc: Document = { _id: `d${String(i).padStart(4, '0')}` };
    const a = fieldValue(VALUES);
    const b = fieldValue(STRINGS);
    const c = fieldValue(VALUES);
    if (a !== undefined) doc.a = a;
    if (b !== undefined) doc.b = b;
    if (c !== undefined) doc.c = c; // not indexed
    if (rnd() < 0.5) doc.n = { a: pick(VALUES), deep: { b: pick(STRINGS) } };
    return doc;
  });
}

const DOCS = generated(250);

/**
 * Documents as an engine sent them, raw BSON (rows()): compared byte for byte (types, field order and values), so
 * neither side is decoded unless they differ; shown then as canonical Extended JSON.
 */
class Rows {
  constructor(readonly docs: Buffer[]) {}
  toJSON(): string[] {
    return this.docs.map((d) => d.toString('base64'));
  }
  readable(): string[] {
    return this.docs.map((d) => EJSON.stringify(BSON.deserialize(d), { relaxed: false }));
  }
}
const show = (docs: Uint8Array[]) => new Rows(docs.map((d) => Buffer.from(d.buffer, d.byteOffset, d.byteLength)));
/** The documents of an unordered read in one order: the same documents give the same list whatever order they came in. */
const byId = (docs: Uint8Array[]) => new Rows(show(docs).docs.sort(Buffer.compare));
const readable = (x: unknown): unknown => (x instanceof Rows ? x.readable() : Array.isArray(x) ? x.map(readable) : x);

/** Every filter of the comparison: equalities, $in, null, $and/$or, and some the pushdown leaves to the handler. */
function filters(): Document[] {
  const out: Document[] = [{}];
  for (const f of ['a', 'b', 'c']) {
    for (const v of VALUES) out.push(f === 'a' ? { [f]: { $eq: v } } : { [f]: v });
    for (let i = 0; i < 8; i++) out.push({ [f]: { $in: Array.from({ length: 1 + Math.floor(rnd() * 4) }, () => pick(VALUES)) } });
    out.push({ [f]: { $in: [] } }, { [f]: { $in: [null, 1] } }, { [f]: { $ne: null } }, { [f]: { $exists: false } }, { [f]: { $gt: 1 } });
  }
  for (let i = 0; i < 10; i++) {
    out.push(
      { $or: [{ a: pick(VALUES) }, { b: pick(STRINGS) }] },
      { $and: [{ a: { $in: [pick(VALUES), pick(VALUES)] } }, { $or: [{ b: pick(STRINGS) }, { c: pick(VALUES) }] }] },
      { a: pick(VALUES), b: { $in: [pick(STRINGS), null] } },
    );
  }
  out.push({ 'n.a': 1 }, { 'n.deep.b': '35.19.01.2001' }, { n: { a: 1 } }, { _id: 'd0005' }, { _id: { $in: ['d0001', 'd0249', 'nope'] } });
  return out;
}

/** `_id` ranges and `_id` orders with limits, alone and with a filter: keyset pages. */
function pages(): { filter: Document; order: 1 | -1; limit: number }[] {
  const out: { filter: Document; order: 1 | -1; limit: number }[] = [];
  for (let i = 0; i < 25; i++) {
    const bound = `d${String(Math.floor(rnd() * 270)).padStart(4, '0')}`;
    const order = rnd() < 0.5 ? 1 : -1;
    const range = order === 1 ? { $gt: bound } : { $lt: bound };
    const extra = pick<Document>([{}, { b: pick(STRINGS) }, { a: { $in: [pick(VALUES), pick(VALUES)] } }, { b: { $in: STRINGS.slice(0, 2) } }]);
    out.push({ filter: { $and: [extra, { _id: range }] }, order, limit: pick([1, 5, 21, 101]) });
    out.push({ filter: extra, order, limit: pick([1, 5, 21, 101]) });
  }
  out.push({ filter: { _id: { $gte: 'd0100', $lte: 'd0110' } }, order: 1, limit: 50 });
  return out;
}

/*
 * Sorted keyset pages on a key other than `_id` (simpul.4): `sort: {k: ±1, _id: ±1}` with the keyset conditions
 * src/services/pagination.ts sends, alone, after an equality prefix, and after a `$in` prefix. Keys: strings with
 * spaces, `!`, quotes, escapes, control characters and unicode, one a prefix of another (`SITI` and `SITI AMINAH`:
 * the JSON text orders them the other way round), equal keys across many `_id`s, null and missing values, numbers of
 * three types, dates; and keys the guard must refuse (a mix of strings and numbers, arrays, ObjectIds).
 */
const SORT_STRINGS = [
  'SITI',
  'SITI AMINAH',
  'SITI!',
  'SITI"X',
  'SITI\\Y',
  'SITI\tZ',
  'Siti',
  'siti',
  'é',
  'Ábel',
  '日本',
  '\u2028',
  '',
  ' ',
  'a b',
  'ab',
  'SUPARMI',
  'SUPARMI',
  'Z',
];
const SORT_NUMBERS: unknown[] = [0, 1, -1, 2, 3, 3, 3, new Double(2.5), new Double(-0), new Double(3), Long.fromNumber(3), Long.fromNumber(-7), new Double(1e-9), 2147483647];
const SORT_DATES = [new Date(0), new Date(-86_400_000), new Date(86_400_000), new Date(86_400_000), new Date(1_700_000_000_000)];
const PREFIXES = ['35.19.01.2001', '35.19.01.2002', '35.19.02.2001'];

function sortedDocs(count: number): Document[] {
  const maybe = (v: () => unknown): unknown => {
    const r = rnd();
    return r < 0.08 ? undefined : r < 0.14 ? null : v();
  };
  return Array.from({ length: count }, (_, i) => {
    // _ids not in insertion order
    const doc: Document = { _id: `s${String((i * 7919) % 10007).padStart(5, '0')}`, p: pick(PREFIXES) };
    const fields: Record<string, unknown> = {
      s: maybe(() => pick(SORT_STRINGS)),
      n: maybe(() => pick(SORT_NUMBERS)),
      t: maybe(() => pick(SORT_DATES)),
      // refused by the guard: strings and numbers mixed; arrays; ObjectIds (text, but sorted after strings)
      mixed: maybe(() => (rnd() < 0.5 ? pick(SORT_STRINGS) : pick(SORT_NUMBERS))),
      arr: maybe(() => (rnd() < 0.2 ? [pick(SORT_STRINGS), pick(SORT_STRINGS)] : pick(SORT_STRINGS))),
      oid: maybe(() => (rnd() < 0.3 ? new ObjectId(`64b0000000000000000000${String(Math.floor(rnd() * 90) + 10)}`) : pick(['64b000000000000000000050', 'z', 'A']))),
    };
    for (const [k, v] of Object.entries(fields)) if (v !== undefined) doc[k] = v;
    return doc;
  });
}

const SORTED_DOCS = sortedDocs(300);
const SORT_KEYS = ['s', 'n', 't', 'mixed', 'arr', 'oid'];

/** The condition pagination.ts's beyond() builds: rows strictly beyond (k, id) toward larger (1) or smaller (-1) keys. */
function beyond(k: string, key: unknown, id: string, toward: 1 | -1): Document {
  const cmp = toward === 1 ? '$gt' : '$lt';
  if (key === null || key === undefined) return toward === 1 ? { $or: [{ [k]: { $ne: null } }, { [k]: null, _id: { [cmp]: id } }] } : { [k]: null, _id: { [cmp]: id } };
  const parts: Document[] = [{ [k]: { [cmp]: key } }, { [k]: key, _id: { [cmp]: id } }];
  if (toward === -1) parts.push({ [k]: null });
  return { $or: parts };
}

function sortedPages(): { k: string; filter: Document; order: 1 | -1; limit: number }[] {
  const out: { k: string; filter: Document; order: 1 | -1; limit: number }[] = [];
  for (const k of SORT_KEYS) {
    for (const order of [1, -1] as const) {
      out.push({ k, filter: {}, order, limit: pick([1, 5, 21, 101]) });
      out.push({ k, filter: { p: pick(PREFIXES) }, order, limit: 300 });
      for (let i = 0; i < 14; i++) {
        const at = pick(SORTED_DOCS);
        const toward = (rnd() < 0.75 ? order : -order) as 1 | -1; // forward pages, and backward pages (last/before)
        const bound = beyond(k, at[k], String(at._id), toward);
        const prefix = pick<Document>([{}, { p: pick(PREFIXES) }, { p: { $in: PREFIXES.slice(0, 2) } }]);
        out.push({ k, filter: Object.keys(prefix).length ? { $and: [prefix, bound] } : bound, order: toward, limit: pick([1, 5, 21, 101]) });
      }
      const v = pick(SORTED_DOCS)[k] ?? 'SITI';
      out.push({ k, filter: { [k]: { $gte: v } }, order, limit: 50 }, { k, filter: { [k]: { $lt: v } }, order, limit: 50 }, { k, filter: { [k]: v }, order, limit: 50 });
    }
  }
  return out;
}

async function same(what: string, run: (c: MongoClient) => Promise<unknown>): Promise<void> {
  const [withPushdown, without] = await Promise.all([run(on), run(off)]);
  if (JSON.stringify(withPushdown) !== JSON.stringify(without)) {
    throw new Error(`${what}: with pushdown ${JSON.stringify(readable(withPushdown)).slice(0, 600)}\nwithout ${JSON.stringify(readable(without)).slice(0, 600)}`);
  }
}

// Any _id, any field: the schema of these collections is whatever the test puts in them.
const coll = (c: MongoClient, name: string) => c.db('pushdown').collection<any>(name);
/** The same collection for reads compared with show() and byId(): its documents come back undecoded (raw BSON). */
const rows = (c: MongoClient, name: string) => c.db('pushdown').collection<any>(name, { raw: true });

beforeAll(
  ...budgeted('starting two engines (pushdown on and off) and loading the generated documents into both', 2 * UNITS.engine + 1, async () => {
    [on, off] = await Promise.all([engine('on'), engine('off')]);
    for (const c of [on, off]) {
      await coll(c, 'docs').insertMany(DOCS.map((d) => ({ ...d })));
      await coll(c, 'docs').createIndexes([{ key: { a: 1 } }, { key: { b: 1, _id: 1 } }]);
      await coll(c, 'sorted').insertMany(SORTED_DOCS.map((d) => ({ ...d })));
      await coll(c, 'sorted').createIndexes([{ key: { p: 1, _id: 1 } }, ...SORT_KEYS.map((k) => ({ key: { [k]: 1, _id: 1 } }))]);
    }
  }),
);

afterAll(async () => {
  for (const s of started) {
    await s.client.close();
    await s.engine.stop();
    rmSync(s.dir, { recursive: true, force: true });
  }
});

describe('the engine with and without pushdown', () => {
  it('says in buildInfo which one it is', async () => {
    const [a, b] = await Promise.all([on.db('admin').command({ buildInfo: 1 }), off.db('admin').command({ buildInfo: 1 })]);
    expect(a.simpulPushdown).toBe(true);
    expect(b.simpulPushdown).toBe(false);
    expect(a.ferretdbVersion).toMatch(/^v1\.24\.2-simpul\./);
  });

  it(
    'finds the same documents for equalities, $in, null and $and/$or on fields holding arrays, mixed numbers, nulls, missing values and tricky strings',
    ...budgeted('the generated filters run on both engines and compared', UNITS.compareEngines, async () => {
      const all = filters();
      expect(all.length).toBeGreaterThan(180);
      for (const f of all) await same(`find ${EJSON.stringify(f)}`, async (c) => byId(await rows(c, 'docs').find(f).toArray()));
    }),
  );

  it(
    'counts the same documents with countDocuments (aggregate) and the count command',
    ...budgeted('the generated counts run on both engines and compared', UNITS.compareEngines, async () => {
      for (const [i, f] of filters().entries()) {
        if (i % 2 === 0) await same(`countDocuments ${EJSON.stringify(f)}`, (c) => coll(c, 'docs').countDocuments(f));
        if (i % 6 === 1) await same(`count ${EJSON.stringify(f)}`, async (c) => (await c.db('pushdown').command({ count: 'docs', query: f })).n);
      }
      await same('estimatedDocumentCount', (c) => coll(c, 'docs').estimatedDocumentCount());
      // ... and the engine with pushdown counted them in SQLite.
      const explain = (c: MongoClient, f: Document) =>
        c.db('pushdown').command({ explain: { aggregate: 'docs', pipeline: [{ $match: f }, { $group: { _id: 1, n: { $sum: 1 } } }], cursor: {} } });
      expect((await explain(on, { b: '35.19.01.2001' })).countPushdown).toBe(true);
      expect((await explain(on, {})).countPushdown).toBe(true);
      expect((await explain(off, { b: '35.19.01.2001' })).countPushdown).toBe(false);
    }),
  );

  it(
    'returns the same projected documents when the engine decodes only the fields the projection, the filter and the sort read, and says which in explain',
    ...budgeted('the generated filters with projections run on both engines and compared', UNITS.compareEngines, async () => {
      const projections: Document[] = [{ a: 1 }, { _id: 0, b: 1 }, { 'n.a': 1 }, { _id: 1 }, { a: true, c: 1.5 }, { _id: 0 }, { a: 0 }, { a: 1, x: 'literal' }];
      for (const [i, f] of filters().entries()) {
        const projection = projections[i % projections.length]!;
        await same(`find ${EJSON.stringify(f)} projection ${EJSON.stringify(projection)}`, async (c) =>
          show(await rows(c, 'docs').find(f, { projection }).sort({ _id: 1 }).toArray()),
        );
        if (i % 5 === 0)
          await same(`sorted by b ${EJSON.stringify(f)}`, async (c) =>
            show(
              await rows(c, 'docs')
                .find(f, { projection: { c: 1 } })
                .sort({ b: -1, _id: -1 })
                .limit(30)
                .toArray(),
            ),
          );
      }
      const decoded = async (c: MongoClient, f: Document, projection: Document, sort: Document = {}) =>
        ((await coll(c, 'docs').find(f, { projection }).sort(sort).explain()) as Document).decodedFields as unknown;
      expect(await decoded(on, { $or: [{ b: 'x' }, { 'n.deep.b': 'y' }] }, { _id: 0, 'c.x': 1 }, { a: 1 })).toEqual(['_id', 'a', 'b', 'c', 'n']);
      expect(await decoded(on, { b: { $in: ['x'] } }, { a: 1 })).toEqual(['_id', 'a', 'b']);
      // every field: no projection, an exclusion, a literal value, an operator the keys cannot list, or no pushdown
      expect(await decoded(on, { b: 'x' }, {})).toBeNull();
      expect(await decoded(on, { b: 'x' }, { a: 0 })).toBeNull();
      expect(await decoded(on, { b: 'x' }, { _id: 0 })).toBeNull();
      expect(await decoded(on, { b: 'x' }, { a: 1, x: 'literal' })).toBeNull();
      expect(await decoded(on, { $expr: { $eq: ['$a', 1] } }, { a: 1 })).toBeNull();
      expect(await decoded(off, { b: 'x' }, { a: 1 })).toBeNull();
    }),
  );

  it('returns the same keyset pages, in the same order, for _id ranges with a sort and a limit', async () => {
    for (const p of pages()) {
      await same(`page ${EJSON.stringify(p)}`, async (c) => show(await rows(c, 'docs').find(p.filter).sort({ _id: p.order }).limit(p.limit).toArray()));
    }
  });

  it('serves equality, $in, _id ranges and the _id order from the indexes', async () => {
    const plan = async (f: Document, sort?: Document) => {
      const e = (await coll(on, 'docs')
        .find(f, sort ? { sort, limit: 10 } : {})
        .explain()) as Document;
      return { plan: (e.queryPlanner.Plan as string[]).join('\n'), sql: e.queryPlanner.SQL as string, sorted: e.sortPushdown as boolean };
    };
    expect((await plan({ a: 1 })).plan).toMatch(/USING INDEX \S+_a_1 \(<expr>=\?\)/);
    expect((await plan({ b: { $in: ['x', 'y'] } })).plan).toMatch(/USING INDEX \S+_b_1__id_1/);
    expect((await plan({ _id: { $in: ['d0001', 'd0002'] } })).plan).toMatch(/USING INDEX \S+__id_ \(<expr>=\?\)/);
    const page = await plan({ _id: { $gt: 'd0100' } }, { _id: 1 });
    expect(page.plan).toMatch(/USING INDEX \S+__id_ \(<expr>>\?\)/);
    expect(page.plan).not.toMatch(/TEMP B-TREE/);
    expect(page.sorted).toBe(true);
    // The off switch: nothing pushed, every document read.
    const e = (await coll(off, 'docs').find({ a: 1 }).explain()) as Document;
    expect(e.filterPushdown).toBe(false);
    expect((e.queryPlanner.Plan as string[]).join('\n')).toMatch(/SCAN/);
  });

  it(
    'returns the same keyset pages, in the same order, sorted by another key then _id (strings, numbers, dates, null, missing, equal keys; mixed types and arrays)',
    ...budgeted('the generated sorted pages run on both engines and compared', UNITS.compareEngines, async () => {
      const all = sortedPages();
      expect(all.length).toBeGreaterThan(200);
      for (const p of all) {
        await same(`sorted page ${EJSON.stringify(p)}`, async (c) =>
          show(
            await rows(c, 'sorted')
              .find(p.filter)
              .sort({ [p.k]: p.order, _id: p.order })
              .limit(p.limit)
              .toArray(),
          ),
        );
      }
    }),
  );

  it('serves a sorted keyset page from the sort index, starting at the cursor, only for keys whose values all order as MongoDB orders them', async () => {
    const explain = async (k: string, filter: Document, order: 1 | -1 = 1) => {
      const e = (await coll(on, 'sorted')
        .find(filter, { sort: { [k]: order, _id: order }, limit: 21 })
        .explain()) as Document;
      return { plan: (e.queryPlanner.Plan as string[]).join('\n'), sorted: e.sortPushdown as boolean };
    };
    for (const k of ['s', 'n', 't']) {
      const at = SORTED_DOCS.find((d) => d[k] != null)!;
      const page = await explain(k, beyond(k, at[k], String(at._id), 1));
      expect(page.sorted).toBe(true);
      expect(page.plan).toMatch(new RegExp(`USING INDEX \\S+_simpul_sort_${k} \\(<expr>>\\?\\)`));
      expect(page.plan).not.toMatch(/TEMP B-TREE/);
      expect((await explain(k, {}, -1)).plan).toMatch(new RegExp(`SCAN \\S+ USING INDEX \\S+_simpul_sort_${k}`));
    }
    // An equality prefix sorted by _id: the {p, _id} index gives both, no sort.
    const prefixed = (await coll(on, 'sorted')
      .find({ p: PREFIXES[0] }, { sort: { _id: 1 }, limit: 21 })
      .explain()) as Document;
    expect((prefixed.queryPlanner.Plan as string[]).join('\n')).toMatch(/USING INDEX \S+_p_1__id_1 \(<expr>=\?\)/);
    expect((prefixed.queryPlanner.Plan as string[]).join('\n')).not.toMatch(/TEMP B-TREE/);
    for (const k of ['mixed', 'arr', 'oid']) expect((await explain(k, {})).sorted).toBe(false);
  });

  it('stops pushing a sort down as soon as one stored value of its key would break the order, and resumes when it is gone', async () => {
    const sorted = async () =>
      (
        (await coll(on, 'sorted')
          .find({}, { sort: { s: 1, _id: 1 }, limit: 5 })
          .explain()) as Document
      ).sortPushdown as boolean;
    expect(await sorted()).toBe(true);
    for (const c of [on, off]) await coll(c, 'sorted').insertOne({ _id: 'zz1', s: ['SITI', 'A'] });
    expect(await sorted()).toBe(false);
    await same('sorted with an array', async (c) => show(await rows(c, 'sorted').find({}).sort({ s: 1, _id: 1 }).limit(40).toArray()));
    for (const c of [on, off]) await coll(c, 'sorted').updateOne({ _id: 'zz1' }, { $set: { s: 7 } });
    expect(await sorted()).toBe(false);
    await same('sorted with a number', async (c) => show(await rows(c, 'sorted').find({}).sort({ s: -1, _id: -1 }).limit(40).toArray()));
    for (const c of [on, off]) await coll(c, 'sorted').deleteOne({ _id: 'zz1' });
    expect(await sorted()).toBe(true);
  });

  it('finds the same documents for an anchored name prefix ($regex "^PREFIX", the name search on nameKeys), which SQLite tests on the stored text', async () => {
    const names: unknown[] = [
      ['SITIAMINAH', 'AMINAH'],
      ['GUNAWAN'],
      ['AGUNAWAN', 'GUNAWANTO'],
      'GUNAWAN',
      'XGUNAWAN',
      'gunawan',
      'GUN"AWAN',
      'a "GUNAWAN',
      ['x"GUN', 'y'],
      [1, 'GUNAWAN'],
      [],
      null,
      7,
      new BSONRegExp('^GUNAWAN'),
      new BSONRegExp('^GUNAWAN', 'i'),
      new BSONRegExp('GUN'),
      { k: 'GUNAWAN' },
      ['GUNAWAN\n'],
    ];
    for (const c of [on, off]) {
      await coll(c, 'names').insertMany([...names.map((k, i) => ({ _id: `n${i}`, k })), { _id: 'nmissing' }]);
      await coll(c, 'names').createIndexes([{ key: { k: 1 } }]);
    }
    const regexFilters: Document[] = [
      { k: { $regex: '^GUNAWAN' } },
      { k: { $regex: '^GUN' } },
      { k: { $regex: '^AMINAH' } },
      { k: { $regex: '^GUNAWAN', $options: 'i' } },
      { k: { $regex: '^gunawan' } },
      { k: { $regex: 'GUN' } },
      { k: { $regex: '^GUNAWAN$' } },
      { k: { $regex: '^GUN.WAN' } },
      { k: /^GUNAWAN/ },
      { k: /^GUNAWAN/i },
      { $and: [{ k: { $regex: '^GUN' } }, { _id: { $gt: 'n1' } }] },
    ];
    for (const f of regexFilters) {
      await same(`regex ${EJSON.stringify(f)}`, async (c) => byId(await rows(c, 'names').find(f).toArray()));
      await same(`regex sorted ${EJSON.stringify(f)}`, async (c) => show(await rows(c, 'names').find(f).sort({ _id: -1 }).limit(3).toArray()));
      await same(`regex count ${EJSON.stringify(f)}`, (c) => coll(c, 'names').countDocuments(f));
    }
    const e = (await coll(on, 'names')
      .find({ k: { $regex: '^GUNAWAN' } })
      .explain()) as Document;
    expect(e.queryPlanner.SQL as string).toMatch(/instr\(/);
  });

  it('keeps MongoDB order when _ids are not all plain strings (numbers, ObjectIds, spaces, quotes, escapes), by not pushing the order down', async () => {
    const ids: unknown[] = [
      'a',
      'ab',
      'a b',
      'a!',
      'a"',
      'a\\',
      'a<',
      'é',
      '\u2028',
      '',
      'Z',
      'z',
      7,
      Long.fromNumber(8),
      new Double(7.5),
      new ObjectId('64b000000000000000000001'),
      new Date(5),
      true,
    ];
    for (const c of [on, off]) await coll(c, 'odd').insertMany(ids.map((_id, i) => ({ _id, i })));
    const e = (await coll(on, 'odd').find({}).sort({ _id: 1 }).limit(3).explain()) as Document;
    expect(e.sortPushdown).toBe(false);
    for (const order of [1, -1] as const) {
      for (const limit of [1, 3, 30]) {
        await same(`odd order ${order} ${limit}`, async (c) => show(await rows(c, 'odd').find({}).sort({ _id: order }).limit(limit).toArray()));
        for (const bound of ['a', 'a b', 'a!', 'é', '', 'a\\', 'ab']) {
          const range = order === 1 ? { $gt: bound } : { $lte: bound };
          await same(`odd range ${bound}`, async (c) => show(await rows(c, 'odd').find({ _id: range }).sort({ _id: order }).limit(limit).toArray()));
        }
      }
    }
  });

  it('stops pushing the _id order down as soon as one stored _id would break it, and resumes when it is gone', async () => {
    for (const c of [on, off]) await coll(c, 'later').insertMany([{ _id: 'b' }, { _id: 'c' }]);
    const sorted = async () => ((await coll(on, 'later').find({}).sort({ _id: 1 }).limit(1).explain()) as Document).sortPushdown as boolean;
    expect(await sorted()).toBe(true);
    for (const c of [on, off]) await coll(c, 'later').insertOne({ _id: 'a!' });
    expect(await sorted()).toBe(false);
    await same('later', async (c) => show(await rows(c, 'later').find({}).sort({ _id: 1 }).limit(2).toArray()));
    for (const c of [on, off]) await coll(c, 'later').deleteOne({ _id: 'a!' });
    expect(await sorted()).toBe(true);
  });

  it('deletes the same documents by _id values (equality, $eq, $in, deleteOne), which the pushdown deletes without reading them', async () => {
    const ids: unknown[] = [
      '1',
      1,
      Long.fromNumber(2),
      '2',
      'é',
      'a"b',
      'a\\b',
      'spasi dan!',
      'x\n',
      '',
      new ObjectId('64b000000000000000000001'),
      new ObjectId('64b000000000000000000002'),
      'P0000001',
      'P0000002',
      'P0000003',
      'P0000004',
      'P0000005',
    ];
    const deletes: [string, Document][] = [
      ['many', { _id: { $in: ['1', 'P0000001', 'P0000001', 'nope'] } }],
      ['many', { _id: { $in: [] } }],
      // the text of this string is also the text of a stored ObjectId, which it must not delete
      ['many', { _id: { $eq: '64b000000000000000000001' } }],
      ['many', { _id: { $in: ['64b000000000000000000002', '2'] } }],
      ['many', { _id: new ObjectId('64b000000000000000000002') }],
      ['many', { _id: 'é' }],
      ['many', { _id: { $in: ['a"b', 'a\\b', 'x\n', '', 2] } }],
      ['one', { _id: { $in: ['P0000002', 'P0000003'] } }],
      ['one', { _id: 'P0000004' }],
      ['many', { _id: { $in: ['spasi dan!', 'P0000005'] }, a: { $exists: false } }],
    ];
    await same('deletes by _id', async (c) => {
      const results: unknown[] = [];
      await coll(c, 'byId').insertMany(ids.map((_id, i) => ({ _id, i })));
      for (const [kind, filter] of deletes) {
        const r = kind === 'one' ? await coll(c, 'byId').deleteOne(filter) : await coll(c, 'byId').deleteMany(filter);
        results.push(r.deletedCount, byId(await rows(c, 'byId').find({}).toArray()));
      }
      return results;
    });
  });

  it('updates and deletes the same documents', async () => {
    for (const c of [on, off]) {
      await coll(c, 'docs').updateMany({ b: '35.19.01.2001' }, { $set: { touched: true } });
      await coll(c, 'docs').deleteMany({ a: { $in: [1, 'x', null] } });
      await coll(c, 'docs').updateOne({ _id: 'd0003' }, { $set: { one: 1 } });
    }
    await same('after writes', async (c) => byId(await rows(c, 'docs').find({}).toArray()));
  });

  /*
   * Item 16 (simpul.5): a dotted path into an array of documents (`kkHistory.kkNumber`) is served by the side table of
   * its index, which SQLite triggers keep right through every write; what it does not hold (non-strings, other
   * operators) is left to the handler.
   */
  it(
    'finds and counts the same documents by a dotted path into arrays of documents (a multikey side table), before and after inserts, updates, replacements, deletes, dropping the index and the collection',
    ...budgeted('the side table compared on both engines through writes, drops and re-creation', 2 * UNITS.compareEngines, async () => {
      const K = ['K1', 'K2', 'K3', 'a"b', 'é', '', 'spasi dan!', '64b000000000000000000001'];
      const k = (): unknown => {
        const r = rnd();
        if (r < 0.1) return undefined;
        if (r < 0.2) return null;
        if (r < 0.3) return [pick(K), pick(K)];
        if (r < 0.36) return pick([1, new Double(1.5), Long.fromNumber(2), true, new ObjectId('64b000000000000000000001')]);
        if (r < 0.4) return { x: pick(K) }; // an embedded document: its members' strings are in the side table, never matched
        return pick(K);
      };
      const h = (): unknown => {
        const r = rnd();
        if (r < 0.08) return undefined;
        if (r < 0.14) return pick([null, 'K1', ['K1', 'K2'], [], 7]);
        if (r < 0.35) return k() === undefined ? {} : { k: k(), from: 1 }; // a document, not an array
        return Array.from({ length: Math.floor(rnd() * 4) }, () => (rnd() < 0.1 ? pick(['K1', 3, null]) : { k: k(), from: new Date(1) }));
      };
      const docs = Array.from({ length: 240 }, (_, i) => {
        const doc: Document = { _id: `h${String(i).padStart(4, '0')}`, d: pick(['D1', 'D2']) };
        const v = h();
        if (v !== undefined) doc.h = v;
        return doc;
      });
      const filters: Document[] = [];
      for (const v of [...K, 'nope', null, 1, 2, true]) filters.push({ 'h.k': v }, { 'h.k': { $eq: v } });
      for (let i = 0; i < 10; i++) filters.push({ 'h.k': { $in: [pick(K), pick(K), pick(K)] } });
      filters.push(
        { 'h.k': { $in: ['K1', 1] } },
        { 'h.k': { $in: [] } },
        { 'h.k': { $ne: 'K1' } },
        { 'h.k': { $exists: true } },
        { 'h.k': ['K1', 'K2'] },
        { 'h.x': 'K1' },
        { 'h.k.x': 'K1' },
        { $and: [{ d: 'D1' }, { 'h.k': { $in: ['K1', 'K2'] } }] },
        { $or: [{ 'h.k': 'K3' }, { d: 'D2' }] },
      );
      const compare = async (what: string) => {
        for (const f of filters) {
          await same(`${what}: find ${EJSON.stringify(f)}`, async (c) => byId(await rows(c, 'cards').find(f).toArray()));
          await same(`${what}: countDocuments ${EJSON.stringify(f)}`, (c) => coll(c, 'cards').countDocuments(f));
        }
      };
      const plan = async (f: Document) => ((await coll(on, 'cards').find(f).explain()) as Document).queryPlanner.Plan.join('\n') as string;
      for (const c of [on, off]) {
        // half before the index (the side table is filled from them), half after (the triggers add them)
        await coll(c, 'cards').insertMany(docs.slice(0, 120).map((d) => ({ ...d })));
        await coll(c, 'cards').createIndexes([{ key: { 'h.k': 1 } }, { key: { d: 1, _id: 1 } }]);
        await coll(c, 'cards').insertMany(docs.slice(120).map((d) => ({ ...d })));
      }
      await compare('inserted');
      expect(await plan({ 'h.k': { $in: ['K1', 'K2'] } })).toMatch(/USING INDEX \S+__id_ \(<expr>=\?\)[\s\S]*SEARCH \S+_simpul_mk_h__k USING PRIMARY KEY/);
      expect(await plan({ 'h.k': 1 })).toMatch(/SCAN/); // a number: not in the side table, left to the handler
      const arrays = docs.filter((d) => d.d === 'D1' && Array.isArray(d.h)).map((d) => d._id as string);
      for (const c of [on, off]) {
        const cards = coll(c, 'cards');
        await cards.updateMany({ _id: { $in: arrays } }, { $push: { h: { k: 'K9' } } } as never);
        await cards.updateOne({ _id: 'h0003' }, { $set: { h: [{ k: 'K8' }, { k: ['K7', 'K1'] }] } });
        await cards.replaceOne({ _id: 'h0004' }, { d: 'D2', h: { k: 'K8' } });
        await cards.updateOne({ _id: 'h0005' }, { $unset: { h: 1 } });
        await cards.deleteMany({ 'h.k': 'K2' });
        await cards.deleteOne({ _id: 'h0006' });
        await cards.updateMany({ d: 'D2' }, { $set: { touched: 1 } }); // h unchanged: the side table's trigger does nothing
        await cards.findOneAndUpdate({ 'h.k': 'K3' }, { $set: { 'h.0.k': 'K7' } }).catch(() => undefined);
      }
      filters.push({ 'h.k': 'K7' }, { 'h.k': 'K8' }, { 'h.k': { $in: ['K9', 'K8'] } });
      await compare('after writes');
      // Dropping the index drops the side table (the path is then the handler's), and so does dropping the collection:
      // a collection made anew under the same name (the same table name) finds its own documents, none of the old ones.
      for (const c of [on, off]) await coll(c, 'cards').dropIndex('h.k_1');
      expect(await plan({ 'h.k': 'K1' })).not.toMatch(/simpul_mk/);
      await compare('index dropped');
      for (const c of [on, off]) {
        await coll(c, 'cards').drop();
        await coll(c, 'cards').insertMany([
          { _id: 'new1', h: [{ k: 'K1' }] },
          { _id: 'new2', h: { k: 'K2' } },
        ]);
        await coll(c, 'cards').createIndexes([{ key: { 'h.k': 1 } }]);
      }
      await compare('collection made anew');
      expect(await plan({ 'h.k': 'K1' })).toMatch(/simpul_mk_h__k/);
    }),
  );

  it('finds and counts the same documents for {field: {$ne: null}} from two ranges of the index (the disability scope)', async () => {
    const plan = async (f: Document) => ((await coll(on, 'docs').find(f).explain()) as Document).queryPlanner.Plan.join('\n') as string;
    for (const f of [{ a: { $ne: null } }, { b: { $ne: null } }, { $and: [{ b: '35.19.01.2001' }, { a: { $ne: null } }] }, { 'n.a': { $ne: null } }]) {
      await same(`find ${EJSON.stringify(f)}`, async (c) => byId(await rows(c, 'docs').find(f).toArray()));
      await same(`countDocuments ${EJSON.stringify(f)}`, (c) => coll(c, 'docs').countDocuments(f));
    }
    expect(await plan({ a: { $ne: null } })).toMatch(/USING INDEX \S+_a_1 \(<expr><\?\)[\s\S]*USING INDEX \S+_a_1 \(<expr>>\?\)/);
  });
});
