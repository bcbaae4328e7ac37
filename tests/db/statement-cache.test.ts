import { MongoServerError, type Document } from 'mongodb';
import { useEngineDb } from '../helpers/useEngineDb';

/*
 * Since simpul.8 the engine's SQLite driver keeps each connection's prepared statements and runs
 * the same SQL text again from them (src/db/engine-patches/README.md, item 34) instead of parsing
 * it anew every time. What a client sees must not change: a read stopped early starts from the
 * beginning the next time, values never carry over from one run to the next, a failed statement
 * fails with its own error and the same statement then succeeds, and a statement prepared before
 * an index was created, a collection dropped or made anew sees the schema as it is now.
 */

const db = useEngineDb('stmtcache');
const ids = (docs: Document[]) => docs.map((d) => d._id as string);

describe('the engine running the same statements again', () => {
  it('starts a read stopped early from the beginning, and answers each run with its own values', async () => {
    const c = db.collection<any>('reads');
    await c.insertMany(Array.from({ length: 30 }, (_, i) => ({ _id: `r${String(i).padStart(2, '0')}`, g: i % 3, s: `v${i % 5}` })));
    for (let round = 0; round < 4; round++) {
      // the driver closes the cursor after the first batch: the engine's query is left unfinished
      expect(ids(await c.find({ g: 1 }).sort({ _id: 1 }).limit(2).toArray())).toEqual(['r01', 'r04']);
      const cursor = c.find({ g: 1 }, { batchSize: 2 }).sort({ _id: 1 });
      expect((await cursor.next())?._id).toBe('r01');
      await cursor.close();
    }
    for (const g of [0, 1, 2, 1, 0]) {
      const want = Array.from({ length: 30 }, (_, i) => i)
        .filter((i) => i % 3 === g)
        .map((i) => `r${String(i).padStart(2, '0')}`);
      expect(ids(await c.find({ g }).sort({ _id: 1 }).toArray())).toEqual(want);
      expect(await c.countDocuments({ g })).toBe(10);
    }
    // more distinct statements than a connection keeps, in turn, twice
    for (let round = 0; round < 2; round++) {
      for (let n = 1; n <= 80; n++) {
        const wanted = Array.from({ length: n }, (_, i) => `r${String(i % 30).padStart(2, '0')}`);
        expect(await c.countDocuments({ _id: { $in: wanted } })).toBe(Math.min(n, 30));
      }
    }
  });

  it('fails a statement with its own error (duplicate key) and then runs the same statement for other values', async () => {
    const c = db.collection<any>('writes');
    await c.createIndex({ k: 1 }, { unique: true });
    for (let i = 0; i < 5; i++) {
      await c.insertOne({ _id: `w${i}`, k: i });
      const dup = await c.insertOne({ _id: `x${i}`, k: i }).catch((e: unknown) => e);
      expect(dup).toBeInstanceOf(MongoServerError);
      expect((dup as MongoServerError).code).toBe(11000);
      await c.updateOne({ _id: `w${i}` }, { $set: { v: i * 10 } });
      const clash = await c.updateOne({ _id: `w${i}` }, { $set: { k: 0 } }).catch((e: unknown) => e);
      // refused as a duplicate key (since simpul.9; upstream answered code 1)
      if (i > 0) expect([clash instanceof MongoServerError, (clash as MongoServerError).code]).toEqual([true, 11000]);
    }
    expect(await c.find({}).sort({ _id: 1 }).toArray()).toEqual(Array.from({ length: 5 }, (_, i) => ({ _id: `w${i}`, k: i, v: i * 10 })));
  });

  it('sees an index created, a collection dropped and made anew after its statements were prepared', async () => {
    const c = db.collection<any>('schema');
    const plan = async () => ((await c.find({ x: 'a' }).explain()) as Document).queryPlanner.Plan.join('\n') as string;
    for (let round = 0; round < 3; round++) {
      await c.insertMany([
        { _id: `s${round}a`, x: 'a', round },
        { _id: `s${round}b`, x: ['a', 'b'], round },
        { _id: `s${round}c`, x: 'c', round },
      ]);
      expect(ids(await c.find({ x: 'a' }).sort({ _id: 1 }).toArray())).toEqual([`s${round}a`, `s${round}b`]);
      expect(await plan()).toMatch(/SCAN/);
      await c.createIndex({ x: 1 });
      expect(await plan()).toMatch(/USING INDEX \S+_x_1/);
      expect(ids(await c.find({ x: 'a' }).sort({ _id: 1 }).toArray())).toEqual([`s${round}a`, `s${round}b`]);
      expect(await c.countDocuments({ x: 'c' })).toBe(1);
      await c.drop();
      expect(await c.find({ x: 'a' }).toArray()).toEqual([]);
      expect(await c.countDocuments({})).toBe(0);
    }
  });
});
