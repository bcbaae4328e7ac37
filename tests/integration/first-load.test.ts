import mongoose from 'mongoose';
import { SCENARIOS } from '../../seeds/regency/scenarios';
import { seedRegency } from '../../seeds/importExtracts';
import { ensureIndexes, type CollectionIndexes } from '../../src/db/connection';
import { deferSecondaryIndexes } from '../../src/integration/firstLoad';
import { canonicalState } from './canonicalState';
import { dropDatabase, importAll, tempDir, useFreshDatabase, writeScenario } from './helpers';
import { budgeted, UNITS } from '../helpers/budget';

const db = () => mongoose.connection.db!;
const indexNames = async (collection: string) => ((await db().collection(collection).indexes()) as { name?: string }[]).map((i) => i.name ?? '').sort();
const sorted = (all: CollectionIndexes[]) => all.map((c) => ({ collection: c.collection, indexes: c.indexes.map((i) => i.name).sort() }));

/**
 * Issue 12: a load into an empty database (the demo start, `npm run seed`, `npm run bench`)
 * maintained every secondary index for each record it inserted, and again for each record a later
 * file replaced. It now builds them once, after the data; the importer reads by `_id` only.
 */
describe('a first load into an empty database', () => {
  const tmp = tempDir('first-load');
  let declared: ReturnType<typeof sorted>;

  beforeAll(
    ...budgeted('a fresh database with its indexes', UNITS.importTiny, async () => {
      await useFreshDatabase();
      declared = sorted(await ensureIndexes());
    }),
  );
  afterAll(async () => {
    await dropDatabase();
    tmp.remove();
  });

  it(
    'imports without the secondary indexes, builds them after the data, and stores what an import with them stores',
    ...budgeted("the tiny regency's extracts loaded three times, with and without the deferred indexes", 4 * UNITS.importTiny, async () => {
      const during: string[][] = [];
      const { extracts, clusterLoad } = await seedRegency({
        regency: SCENARIOS.tiny,
        dir: tmp.dir,
        // Asked while the load goes on (the indexes are built once every file is imported).
        onImported: (file) => {
          if (file.source === 'senopati') void indexNames('persons').then((names) => during.push(names));
        },
      });
      expect(during).toEqual([['_id_']]);
      // Into an empty database the load goes by clusters of families (src/integration/clusterLoad.ts).
      expect(clusterLoad).not.toBeNull();
      expect(sorted(await ensureIndexes())).toEqual(declared);
      const loaded = await canonicalState();

      // The same files into an empty database that keeps its indexes throughout, file after file
      // (ids handed out in another order: compared with each generated id renamed canonically).
      await useFreshDatabase();
      await importAll(extracts);
      expect(await canonicalState()).toEqual(loaded);

      // File after file as a seed forced so (or finding a database not empty) loads them (seeds/importExtracts.ts):
      // also without the secondary indexes until the end.
      await useFreshDatabase();
      const duringFiles: string[][] = [];
      const byFiles = await seedRegency({
        regency: SCENARIOS.tiny,
        dir: tmp.dir,
        byClusters: false,
        onImported: (file) => {
          if (file.source === 'senopati') void indexNames('persons').then((names) => duringFiles.push(names));
        },
      });
      expect(byFiles.clusterLoad).toBeNull();
      expect(duringFiles).toEqual([['_id_']]);
      expect(sorted(await ensureIndexes())).toEqual(declared);
      expect(await canonicalState()).toEqual(loaded);
    }),
  );

  it('touches only the collections the importer writes, and nothing in a database that holds imported records', async () => {
    await useFreshDatabase();
    expect(await deferSecondaryIndexes()).toBe(true);
    expect(await indexNames('trainingParticipations')).toEqual(['_id_']);
    const seats = await indexNames('trainingSeats');
    expect(seats.length).toBeGreaterThan(1);
    await ensureIndexes();
    await db()
      .collection('linkKeys')
      .insertOne({ _id: 'test:1' as never, id: 'P0000001' });
    expect(await deferSecondaryIndexes()).toBe(false);
    expect(sorted(await ensureIndexes())).toEqual(declared);
  });

  it(
    'killed midway, is repaired by the next start: the indexes are built before anything else',
    ...budgeted('Senopati of the tiny regency imported without the secondary indexes', UNITS.importTiny, async () => {
      await useFreshDatabase();
      await deferSecondaryIndexes();
      // What a killed first load leaves: records, and no secondary index.
      const dir = tempDir('first-load-killed');
      try {
        const written = await writeScenario(SCENARIOS.tiny, dir.dir);
        await importAll({ ...written.extracts, files: written.extracts.files.filter((f) => f.source === 'senopati') });
      } finally {
        dir.remove();
      }
      expect(await indexNames('persons')).toEqual(['_id_']);
      // Every start (src/db/database.ts openDatabase) runs ensureIndexes before the hub serves.
      expect(sorted(await ensureIndexes())).toEqual(declared);
    }),
  );
});
