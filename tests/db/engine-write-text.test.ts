import { Binary, BSONRegExp, Double, Int32, Long, ObjectId, Timestamp, type Collection, type Document } from 'mongodb';
import { budgeted, UNITS } from '../helpers/budget';
import { useEngineDb } from '../helpers/useEngineDb';

/*
 * simpul.7 (src/db/engine-patches/README.md, items 30 to 32) writes a document's stored text in one pass (its own
 * writer for strings, numbers, dates, ObjectIds, booleans, null, documents and arrays; upstream's for binData, regex and
 * timestamps), undoes common string escapes without encoding/json when it reads, and binds the JSONB it makes in Go
 * without SQLite's jsonb(). Nothing a client sees may change: every BSON type comes back as written (types kept:
 * int32, int64 and double stay apart), and the pushed-down filters, the indexes and the side table still find the
 * documents by the values the new writer wrote.
 */

type Doc = Document & { _id: string };

const db = useEngineDb('ewt');

const raw = { promoteValues: false, promoteLongs: false, bsonRegExp: true } as const;

/** Numbers at the edges of encoding/json's two formats (fixed below 1e21 and from 1e-6, exponent outside). */
const FLOATS = [0, 1.5, -2.25, 0.1, 1e20, 1e21, 123456789e15, 1e-6, 1e-7, 9.999999e-7, 1.5e300, -1.5e-300, 5e-324, Number.MAX_VALUE, 2 ** 53 + 2];
const STRINGS = ['', 'plain', 'Budi "Santoso"', 'a\\b', 'tab\there', 'line\nbreak\r', '\u0001\u001f', 'ü日本', '\u2028\u2029', '<&>', '/slash', '😀', '{"json":"inside"}'];

function documentOf(i: number): Doc {
  const s = STRINGS[i % STRINGS.length]!;
  return {
    _id: `w${i}`,
    s,
    f: new Double(FLOATS[i % FLOATS.length]!),
    i32: new Int32(i % 2 ? -(2 ** 31) : 2 ** 31 - 1),
    i64: Long.fromString(i % 2 ? '-9223372036854775808' : '9007199254740993'),
    t: i % 2 === 0,
    n: null,
    d: new Date(Date.UTC(1960 + i, 1, 29, 12, 0, 0, 7)),
    oid: new ObjectId(`65a1b2c3d4e5f6a7b8c9d0${String(i).padStart(2, '0')}`),
    nested: { [`k"${i}`]: s, 'ü<>': [new Int32(1), new Double(2.5), 'three', null, { deep: [{}, 'x'], arr: [] }], empty: {} },
    list: [s, `${s}-2`, new Double(FLOATS[(i + 3) % FLOATS.length]!)],
    kk: [{ no: `KK-${i}` }, { no: 'KK-all' }],
    ...(i % 4 === 1 ? { bin: new Binary(Buffer.from([0, 1, 2, 255]), 4) } : {}),
    ...(i % 4 === 2 ? { re: new BSONRegExp('^a"b', 'i') } : {}),
    ...(i % 4 === 3 ? { ts: new Timestamp({ t: 1_700_000_000, i }) } : {}),
  };
}

describe('documents written by the one-pass writer', () => {
  let c: Collection<Doc>;
  const docs = Array.from({ length: 40 }, (_, i) => documentOf(i));

  beforeAll(
    ...budgeted('forty documents of every type', UNITS.engine, async () => {
      c = db.collection<Doc>('everyType');
      await c.createIndexes([{ key: { s: 1 } }, { key: { f: 1 } }, { key: { 'kk.no': 1 } }, { key: { list: 1 } }]);
      await c.insertMany(docs);
    }),
  );

  it(
    'come back exactly as written, BSON types included (int32, int64 and double stay apart; binData, regex, timestamps)',
    ...budgeted('reads', UNITS.engine, async () => {
      const back = await c.find({}, raw).sort({ _id: 1 }).toArray();
      const want = [...docs].sort((a, b) => (a._id < b._id ? -1 : 1));
      expect(back).toEqual(want);
      for (const d of back) {
        expect(d.i32).toBeInstanceOf(Int32);
        expect(d.i64).toBeInstanceOf(Long);
        expect(d.f).toBeInstanceOf(Double);
      }
      // upstream's validation stores -0 as 0 (types.Document.ValidateData), before and after
      const z = db.collection<Doc>('negativeZero');
      await z.insertOne({ _id: 'z', f: -0, a: [-0] });
      const zero = await z.findOne({ _id: 'z' });
      expect(Object.is(zero!.f, 0) && Object.is(zero!.a[0], 0)).toBe(true);
    }),
  );

  it(
    'are found by indexed equality on strings with escapes, on numbers written in both formats, and through the side table',
    ...budgeted('reads', UNITS.engine, async () => {
      for (const s of STRINGS) {
        const want = docs.filter((d) => d.s === s).map((d) => d._id);
        expect((await c.find({ s }).toArray()).map((d) => d._id).sort()).toEqual(want.sort());
        const inList = docs.filter((d) => (d.list as unknown[]).includes(s)).map((d) => d._id);
        expect((await c.find({ list: s }).toArray()).map((d) => d._id).sort()).toEqual(inList.sort());
      }
      for (const f of [1e21, 1e-7, 5e-324, 0, 2 ** 53 + 2]) {
        const want = docs.filter((d) => (d.f as Double).value === f).map((d) => d._id);
        expect((await c.find({ f }).toArray()).map((d) => d._id).sort()).toEqual(want.sort());
      }
      expect((await c.find({ 'kk.no': 'KK-7' }).toArray()).map((d) => d._id)).toEqual(['w7']);
      expect(await c.countDocuments({ 'kk.no': 'KK-all' })).toBe(docs.length);
    }),
  );

  it(
    "survive the importer's replace (deleteMany by _id, then insertMany) and a replaceOne, read back as written",
    ...budgeted('writes and reads', UNITS.engine, async () => {
      const ids = docs.slice(0, 20).map((d) => d._id);
      const changed = docs.slice(0, 20).map((d, i) => ({ ...d, s: STRINGS[(i + 5) % STRINGS.length]!, kk: [{ no: `KK-new-${i}` }] }));
      await c.deleteMany({ _id: { $in: ids } });
      await c.insertMany(changed);
      await c.replaceOne({ _id: 'w30' }, { s: 'replaced "text"\n', f: new Double(1e-7) });
      const back = await c.find({ _id: { $in: [...ids, 'w30'] } }, raw).toArray();
      const byId = new Map(back.map((d) => [d._id, d]));
      for (const d of changed) expect(byId.get(d._id)).toEqual(d);
      expect(byId.get('w30')).toEqual({ _id: 'w30', s: 'replaced "text"\n', f: new Double(1e-7) });
      expect((await c.find({ 'kk.no': 'KK-new-3' }).toArray()).map((d) => d._id)).toEqual(['w3']);
      expect(await c.countDocuments({ 'kk.no': 'KK-all' })).toBe(docs.length - 21);
    }),
  );
});
