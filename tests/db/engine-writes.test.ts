import { MongoBulkWriteError, MongoServerError, type Collection } from 'mongodb';
import { budgeted, UNITS } from '../helpers/budget';
import { useEngineDb } from '../helpers/useEngineDb';

/*
 * What simpul.6 changes on the write path (src/db/engine-patches/README.md items 23 and 24) keeps what a
 * MongoDB client sees: the JSONB of a written document is made in Go instead of by SQLite's jsonb() (same
 * bytes, read back exactly, found by the indexes and the side tables). The duplicate-key and side-table cases
 * guard the insert statement's conflict handling, which a change of the INSERT's conflict clause (tried, to
 * spare SQLite's statement journal; its conflict clause would override the side table trigger's) could break.
 */

type Doc = { _id: string; [k: string]: unknown };

const db = useEngineDb('ewr');

const ids = async (c: Collection<Doc>) =>
  (
    await c
      .find({}, { projection: { _id: 1 } })
      .sort({ _id: 1 })
      .toArray()
  ).map((d) => d._id);

describe('inserts with a duplicate _id', () => {
  it(
    'ordered: the documents before the duplicate are written, the error names its index, nothing after it is written',
    ...budgeted('a few inserts', UNITS.engine, async () => {
      const c = db.collection<Doc>('ordered');
      await c.createIndex({ n: 1 });
      await c.insertOne({ _id: 'd3', n: 0 });
      const docs = Array.from({ length: 6 }, (_, i) => ({ _id: `d${i}`, n: i + 1 }));
      const err = (await c.insertMany(docs, { ordered: true }).catch((e: unknown) => e)) as MongoBulkWriteError;
      expect(err).toBeInstanceOf(MongoBulkWriteError);
      expect(err.code).toBe(11000);
      expect(err.writeErrors).toMatchObject([{ index: 3, code: 11000 }]);
      expect(err.result.insertedCount).toBe(3);
      expect(await ids(c)).toEqual(['d0', 'd1', 'd2', 'd3']);
      expect((await c.findOne({ _id: 'd3' }))?.n).toBe(0);
      expect(await c.countDocuments({ n: { $gte: 1 } })).toBe(3);
    }),
  );

  it(
    'unordered: every other document is written and the collection stays writable',
    ...budgeted('a few inserts', UNITS.engine, async () => {
      const c = db.collection<Doc>('unordered');
      await c.createIndex({ n: 1 });
      await c.insertMany([{ _id: 'u1', n: 0 }]);
      const docs = Array.from({ length: 1500 }, (_, i) => ({ _id: `u${i}`, n: i + 1 }));
      const err = (await c.insertMany(docs, { ordered: false }).catch((e: unknown) => e)) as MongoBulkWriteError;
      expect(err.writeErrors).toMatchObject([{ index: 1, code: 11000 }]);
      expect(await c.countDocuments({})).toBe(1500);
      expect(await c.countDocuments({ n: { $gte: 1 } })).toBe(1499);
      await c.insertOne({ _id: 'after', n: -1 });
      expect(await c.findOne({ n: -1 })).toEqual({ _id: 'after', n: -1 });
    }),
  );
});

describe('a dotted index path into an array (side table, item 20)', () => {
  it(
    'takes documents that reach the same string twice, in one insert of many and alone',
    ...budgeted('a few inserts', UNITS.engine, async () => {
      const c = db.collection<Doc>('sideTwice');
      await c.createIndex({ 'kkHistory.kkNumber': 1 });
      const docs = Array.from({ length: 30 }, (_, i) => ({ _id: `h${i}`, kkHistory: [{ kkNumber: `K${i}` }, { kkNumber: i % 3 ? `K${i}` : 'OLD' }] }));
      await c.insertMany(docs);
      await c.insertOne({ _id: 'alone', kkHistory: [{ kkNumber: 'K1' }, { kkNumber: 'K1' }] });
      expect((await c.find({ 'kkHistory.kkNumber': 'K1' }).sort({ _id: 1 }).toArray()).map((d) => d._id)).toEqual(['alone', 'h1']);
      expect(await c.countDocuments({ 'kkHistory.kkNumber': 'OLD' })).toBe(10);
    }),
  );
});

describe('documents written as JSONB from Go', () => {
  it(
    'read back exactly as written, and indexed equality, ranges and sorts find them',
    ...budgeted('a few inserts and reads', UNITS.engine, async () => {
      const c = db.collection<Doc>('jsonb');
      await c.createIndexes([{ key: { name: 1 } }, { key: { 'kk.no': 1 } }, { key: { n: 1, _id: 1 } }]);
      const odd = ['', 'Budi "Santoso"', 'a\\b', 'tab\there', 'line\nbreak', 'ü日本', '\u2028', '<&>', 'x'.repeat(300), 'y'.repeat(70_000)];
      const docs: Doc[] = odd.map((name, i) => ({
        _id: `j${i}`,
        name,
        n: i % 2 ? i * 1.5 : -i - 1,
        big: 2 ** 53,
        tiny: 5e-324,
        when: new Date(Date.UTC(2000, 0, i + 1)),
        nested: { a: [1, 'two', null, true, false, { b: [] }], empty: {} },
        kk: [{ no: `KK-${i}` }, { no: 'KK-shared' }],
        none: null,
      }));
      await c.insertMany(docs);
      expect(await c.find({}).sort({ _id: 1 }).toArray()).toEqual([...docs].sort((a, b) => (a._id < b._id ? -1 : 1)));
      for (const d of docs) expect(await c.findOne({ name: d.name as string })).toEqual(d);
      expect((await c.find({ 'kk.no': 'KK-3' }).toArray()).map((d) => d._id)).toEqual(['j3']);
      expect(await c.countDocuments({ 'kk.no': 'KK-shared' })).toBe(odd.length);
      expect(
        (
          await c
            .find({ n: { $lt: 0 } })
            .sort({ n: 1, _id: 1 })
            .toArray()
        ).map((d) => d._id),
      ).toEqual(['j8', 'j6', 'j4', 'j2', 'j0']);
      await c.replaceOne({ _id: 'j1' }, { name: 'changed', kk: [{ no: 'KK-new' }] });
      expect(await c.findOne({ 'kk.no': 'KK-new' })).toEqual({ _id: 'j1', name: 'changed', kk: [{ no: 'KK-new' }] });
      expect(await c.countDocuments({ 'kk.no': 'KK-shared' })).toBe(odd.length - 1);
    }),
  );
});

describe('updates that break a unique index', () => {
  it(
    'are refused as a duplicate key (E11000, code 11000), as MongoDB refuses them, and change nothing',
    ...budgeted('a few writes', UNITS.engine, async () => {
      const c = db.collection<Doc>('uniqueUpdates');
      await c.createIndex({ k: 1 }, { unique: true });
      await c.insertMany([
        { _id: 'u1', k: 'a', v: 1 },
        { _id: 'u2', k: 'b', v: 2 },
      ]);
      const clashes = [
        () => c.updateOne({ _id: 'u2' }, { $set: { k: 'a', v: 20 } }),
        () => c.replaceOne({ _id: 'u2' }, { k: 'a', v: 21 }),
        () => c.findOneAndUpdate({ _id: 'u2' }, { $set: { k: 'a', v: 22 } }),
      ];
      for (const clash of clashes) {
        const err = (await clash().catch((e: unknown) => e)) as MongoServerError;
        expect([err instanceof MongoServerError, err.code]).toEqual([true, 11000]);
        expect(err.message).toMatch(/^E11000 duplicate key error collection: \S+\.uniqueUpdates/);
      }
      expect(await c.find({}).sort({ _id: 1 }).toArray()).toEqual([
        { _id: 'u1', k: 'a', v: 1 },
        { _id: 'u2', k: 'b', v: 2 },
      ]);
      // An update that keeps the key unique still goes through.
      expect((await c.updateOne({ _id: 'u2' }, { $set: { k: 'c' } })).modifiedCount).toBe(1);
    }),
  );
});
