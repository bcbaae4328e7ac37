import mongoose from 'mongoose';
import { SCENARIOS } from '../../seeds/regency/scenarios';
import { RecordCache } from '../../src/integration/cache';
import { RecordStore } from '../../src/integration/store';
import { dropDatabase, importFile, snapshot, tempDir, useFreshDatabase, writeScenario, type Written } from './helpers';
import { budgeted, UNITS } from '../helpers/budget';

const FILES = ['senopati', 'dtsen', 'pkh', 'pbi-jk'];

/**
 * Issue 12: at a first load most link keys a row looks up do not exist yet (each Senopati row's
 * NIK and cards, each DT-SEN row's member and family ids, each roster row's enrolment id). Each
 * was asked of the engine, and kept in the record cache as absent, crowding real records out.
 * A session that found the link keys empty now knows which ids it wrote (src/integration/absence.ts).
 */
describe('a first load and the link keys that do not exist yet', () => {
  const tmp = tempDir('absent-keys');
  let written: Written;
  const db = () => mongoose.connection.db!;

  /** Imports the files with one small cache (so that records fall out of it), noting each link key asked of the engine and whether it existed. */
  async function importCounting(): Promise<{ asked: Record<string, number>; absentAsked: Record<string, number> }> {
    const asked: Record<string, number> = {};
    const absentAsked: Record<string, number> = {};
    const fetch = RecordStore.prototype.fetch;
    const spy = jest.spyOn(RecordStore.prototype, 'fetch').mockImplementation(async function (this: RecordStore, name, ids) {
      const found = await fetch.call(this, name, ids);
      if (name === 'linkKeys') {
        const source = current;
        asked[source] = (asked[source] ?? 0) + ids.length;
        absentAsked[source] = (absentAsked[source] ?? 0) + ids.length - found.length;
      }
      return found;
    });
    let current = '';
    try {
      const cache = new RecordCache(20);
      for (const source of FILES) {
        current = source;
        const r = await importFile({ source, file: written.file(source), cache, chunkSize: 50 });
        expect(r.status).toBe('COMPLETED');
      }
    } finally {
      spy.mockRestore();
    }
    return { asked, absentAsked };
  }

  beforeAll(async () => {
    written = await writeScenario(SCENARIOS.tiny, tmp.dir);
  });
  afterAll(async () => {
    await dropDatabase();
    tmp.remove();
  });

  it(
    'asks the engine for no link key the session never wrote, and stores what a load that asks for every one stores',
    ...budgeted("the tiny regency's Senopati, DT-SEN, PKH and PBI-JK extracts imported twice", 2 * UNITS.importTiny, async () => {
      await useFreshDatabase();
      const first = await importCounting();
      // Keys written by earlier chunks and fallen out of the small cache are still read (DT-SEN finds Senopati's NIKs and cards).
      expect(first.asked.dtsen).toBeGreaterThan(0);
      expect(first.absentAsked).toEqual({ dtsen: 0, pkh: 0, 'pbi-jk': 0, ...(first.asked.senopati ? { senopati: 0 } : {}) });
      const loaded = await snapshot();

      // The same files into a database holding one unrelated link key: nothing is known absent, every key is asked.
      await useFreshDatabase();
      await db()
        .collection('linkKeys')
        .insertOne({ _id: 'test:unrelated' as never, id: 'P9999999' });
      const second = await importCounting();
      expect(second.absentAsked.senopati).toBeGreaterThan(0);
      await db()
        .collection('linkKeys')
        .deleteOne({ _id: 'test:unrelated' as never });
      expect(await snapshot()).toEqual(loaded);
    }),
  );
});
