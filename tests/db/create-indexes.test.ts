import type { IndexDescription } from 'mongodb';
import { budgeted, UNITS } from '../helpers/budget';
import { useEngineDb } from '../helpers/useEngineDb';

/*
 * One `createIndexes` command listing indexes of which several already exist (what a deferred index build, a
 * re-run of `npm run db:indexes` with one index added, or any driver's createIndexes(list) sends). FerretDB
 * v1.24.2 removed each existing one from its list at the position it had in the request, so with two or more
 * existing the command either dropped the engine's connection (a Go panic: "slice bounds out of range") or
 * answered ok without creating an index it had skipped by mistake (src/db/engine-patches/README.md item 22).
 */

const PERSON_LIKE: IndexDescription[] = [
  { key: { nik: 1 } },
  { key: { householdId: 1 } },
  { key: { desaCode: 1, _id: 1 } },
  { key: { kecamatanCode: 1, _id: 1 } },
  { key: { birthDate: 1 } },
];

const db = useEngineDb('cidx');

const keysOf = async (name: string) => (await db.collection(name).indexes()).map((i) => i.key);

describe('createIndexes with indexes that already exist', () => {
  it(
    'answers every index name and changes nothing when all of them exist',
    ...budgeted('two createIndexes', UNITS.engine, async () => {
      const c = db.collection('all');
      await c.insertOne({ _id: 'a', nik: '1' } as never);
      await c.createIndexes(PERSON_LIKE);
      const before = await keysOf('all');
      await expect(c.createIndexes(PERSON_LIKE)).resolves.toEqual(['nik_1', 'householdId_1', 'desaCode_1__id_1', 'kecamatanCode_1__id_1', 'birthDate_1']);
      expect(await keysOf('all')).toEqual(before);
      expect(await c.countDocuments({})).toBe(1);
    }),
  );

  it(
    'creates the new indexes of a list where existing and new ones alternate, and a reader can still use the collection',
    ...budgeted('two createIndexes', UNITS.engine, async () => {
      const c = db.collection('mixed');
      await c.insertMany([
        { _id: 'a', nik: '1', householdId: 'h1', desaCode: 'd', kecamatanCode: 'k', birthDate: new Date(0) },
        { _id: 'b', nik: '2', householdId: 'h1', desaCode: 'd', kecamatanCode: 'k', birthDate: new Date(1) },
      ] as never);
      await c.createIndexes([PERSON_LIKE[0]!, PERSON_LIKE[1]!, PERSON_LIKE[3]!]);
      await c.createIndexes(PERSON_LIKE);
      const keys = await keysOf('mixed');
      for (const { key } of PERSON_LIKE) expect(keys).toContainEqual(key);
      expect(keys).toHaveLength(PERSON_LIKE.length + 1);
      expect(await c.find({ desaCode: 'd' }).sort({ _id: 1 }).toArray()).toHaveLength(2);
    }),
  );

  it(
    'still refuses an existing key under another name with a clear code, not a dropped connection',
    ...budgeted('two createIndexes', UNITS.engine, async () => {
      const c = db.collection('conflict');
      await c.createIndexes(PERSON_LIKE);
      await expect(c.createIndexes([PERSON_LIKE[0]!, PERSON_LIKE[1]!, { key: { birthDate: 1 }, name: 'other' }])).rejects.toMatchObject({
        codeName: 'IndexOptionsConflict',
      });
      expect(await keysOf('conflict')).toHaveLength(PERSON_LIKE.length + 1);
    }),
  );
});

describe('the side table of an index on a path into an array of documents', () => {
  it(
    'is built while other connections write to the same database, without a "database is locked" failure',
    ...budgeted('side tables built beside concurrent writers', 3 * UNITS.engine, async () => {
      // Other clients keep writing (what test files copying their fixtures side by side do): each insert takes the write lock.
      let writing = true;
      const writers = Array.from({ length: 3 }, async (_, w) => {
        const other = db.collection<{ _id: string; n: number }>(`sideOther${w}`);
        for (let n = 0; writing; n++) await other.insertMany(Array.from({ length: 200 }, (_, i) => ({ _id: `${n}-${i}`, n })));
      });
      try {
        for (let round = 0; round < 12; round++) {
          const families = db.collection<{ _id: string; kkHistory: { kkNumber: string }[] }>(`sideFamilies${round}`);
          await families.insertMany(Array.from({ length: 1000 }, (_, i) => ({ _id: `H${i}`, kkHistory: [{ kkNumber: `35190${i}` }, { kkNumber: `35191${i}` }] })));
          await families.createIndex({ 'kkHistory.kkNumber': 1 });
          expect(await families.countDocuments({ 'kkHistory.kkNumber': '35191999' })).toBe(1);
        }
      } finally {
        writing = false;
        await Promise.all(writers);
      }
    }),
  );
});
