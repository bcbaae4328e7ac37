import mongoose from 'mongoose';
import { SCENARIOS } from '../../seeds/regency/scenarios';
import { RecordCache } from '../../src/integration/cache';
import type { JournaledChunk } from '../../src/integration/chunkImport';
import * as journal from '../../src/integration/journal';
import * as counters from '../../src/db/statisticsCounters';
import { RecordStore } from '../../src/integration/store';
import * as validation from '../../src/integration/validate';
import { dropDatabase, importFile, snapshot, tempDir, useFreshDatabase, writeScenario, type Written } from './helpers';
import { budgeted, UNITS } from '../helpers/budget';

const db = () => mongoose.connection.db!;
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What the importer did, in order: reads by id, each write's start and end, and each chunk's records checked (its work done). */
type Event = { at: 'fetch' | 'write-start' | 'write-end'; collection: string; ids: readonly string[] } | { at: 'checked'; busy: number };

/**
 * Records the importer's reads, writes and checks, each journal save and write held back
 * `writeMs` (a slow engine), so that whatever the importer does while a commit is at the engine shows.
 */
function watchImporter(writeMs: number): Event[] {
  const events: Event[] = [];
  let busy = 0;
  const fetch = RecordStore.prototype.fetch;
  const replace = RecordStore.prototype.replace;
  const save = journal.saveJournal;
  const saveUndo = journal.saveUndoJournal;
  const check = validation.validateWrites;
  const mark = counters.markCountersDirty;
  jest.spyOn(RecordStore.prototype, 'fetch').mockImplementation(async function (this: RecordStore, name, ids) {
    events.push({ at: 'fetch', collection: name, ids: [...ids] });
    return fetch.call(this, name, ids);
  });
  jest.spyOn(RecordStore.prototype, 'replace').mockImplementation(async function (this: RecordStore, name, docs, existing) {
    const ids = docs.map((d) => d._id);
    events.push({ at: 'write-start', collection: name, ids });
    busy++;
    await pause(writeMs);
    await replace.call(this, name, docs, existing).finally(() => busy--);
    events.push({ at: 'write-end', collection: name, ids });
  });
  jest.spyOn(journal, 'saveJournal').mockImplementation(async (...args) => {
    busy++;
    await pause(writeMs);
    return save(...args).finally(() => busy--);
  });
  // A chunk that mostly inserts saves what undoes it instead (journal.ts): as slow a save.
  jest.spyOn(journal, 'saveUndoJournal').mockImplementation(async (...args) => {
    busy++;
    await pause(writeMs);
    return saveUndo(...args).finally(() => busy--);
  });
  // A commit's first write (src/integration/chunkImport.ts): a chunk whose rows need nothing from the engine (link keys
  // known absent at a first load: src/integration/absence.ts) is prepared while it is at the engine.
  jest.spyOn(counters, 'markCountersDirty').mockImplementation(async (...args) => {
    busy++;
    await pause(writeMs);
    return mark(...args).finally(() => busy--);
  });
  jest.spyOn(validation, 'validateWrites').mockImplementation(async (ops) => {
    events.push({ at: 'checked', busy });
    return check(ops);
  });
  return events;
}

/**
 * Issue 12: the importer and the engine work at the same time. A chunk's writes go to the engine
 * while the next chunk is read, linked, recomputed and checked; that chunk sees the records the
 * previous one wrote (from the record cache, never from the engine mid-write), commits stay in
 * chunk order, and a failed write stops the run before anything later is committed.
 */
describe('an import whose chunks overlap with their writes', () => {
  const tmp = tempDir('pipeline');
  let written: Written;
  let sequential: Record<string, unknown[]>;
  const files = () => written.extracts.files.filter((f) => f.source === 'senopati' || f.source === 'dtsen' || f.source === 'pkh');

  beforeAll(
    ...budgeted("the tiny regency's extracts imported in chunks that wait for their writes", UNITS.importTiny, async () => {
      written = await writeScenario(SCENARIOS.tiny, tmp.dir);
      // Each chunk waits for its own writes: the reference result (ids depend on the chunks, so the same size).
      await useFreshDatabase();
      const cache = new RecordCache();
      for (const f of files()) expect((await importFile({ source: f.source, file: f.path, cache, chunkSize: 40, overlap: false })).status).toBe('COMPLETED');
      sequential = await snapshot();
    }),
  );
  afterEach(() => jest.restoreAllMocks());
  afterAll(async () => {
    await dropDatabase();
    tmp.remove();
  });

  it(
    'reads and prepares the next chunk while the previous chunk’s writes are at the engine, and writes the same records as chunks that wait for their writes',
    ...budgeted("the tiny regency's extracts imported in overlapping chunks", UNITS.importTiny, async () => {
      await useFreshDatabase();
      const events = watchImporter(100);
      const cache = new RecordCache();
      for (const f of files()) expect((await importFile({ source: f.source, file: f.path, cache, chunkSize: 40 })).status).toBe('COMPLETED');
      jest.restoreAllMocks();

      // Chunks whose work was done while the previous chunk's commit (counters marked, journal, writes) was at the engine.
      const checked = events.filter((e) => e.at === 'checked');
      expect(checked.length).toBeGreaterThan(5);
      expect(checked.filter((e) => e.busy > 0).length).toBeGreaterThan(checked.length / 2);
      // Never a read of a record whose write is under way.
      const inFlight = new Map<string, Set<string>>();
      for (const e of events) {
        if (e.at === 'checked') continue;
        const busy = inFlight.get(e.collection) ?? new Set<string>();
        inFlight.set(e.collection, busy);
        if (e.at === 'write-start') for (const id of e.ids) busy.add(id);
        else if (e.at === 'write-end') for (const id of e.ids) busy.delete(id);
        else expect({ collection: e.collection, readMidWrite: e.ids.filter((id) => busy.has(id)) }).toEqual({ collection: e.collection, readMidWrite: [] });
      }
      expect(await snapshot()).toEqual(sequential);
    }),
  );

  it(
    'stops at a failed write: the failed chunk stays pending, no later chunk is journaled or checkpointed, and importing again finishes with the same records',
    ...budgeted('Senopati and DT-SEN of the tiny regency imported, one stopped, imported again', UNITS.importTiny, async () => {
      await useFreshDatabase();
      const cache = new RecordCache();
      const [senopati, dtsen, pkh] = files();
      expect((await importFile({ source: senopati!.source, file: senopati!.path, cache, chunkSize: 40 })).status).toBe('COMPLETED');

      let chunk = 0;
      const journaled: number[] = [];
      const replace = RecordStore.prototype.replace;
      jest.spyOn(RecordStore.prototype, 'replace').mockImplementation(async function (this: RecordStore, name, docs, existing) {
        if (chunk === 3) throw new Error('engine refused the write of chunk 3');
        await pause(50);
        return replace.call(this, name, docs, existing);
      });
      const afterJournal = async (c: JournaledChunk) => {
        chunk = c.number;
        journaled.push(c.number);
      };
      await expect(importFile({ source: dtsen!.source, file: dtsen!.path, cache, chunkSize: 40, afterJournal })).rejects.toThrow('engine refused the write of chunk 3');
      jest.restoreAllMocks();

      expect(journaled).toEqual([1, 2, 3]);
      const run = (await db().collection('importRuns').findOne({ sourceName: 'dtsen' }))!;
      expect(run.status).toBe('RUNNING');
      expect(run.chunks).toBe(2);
      expect(run.pending?.chunk).toBe(3);
      const parts = await db()
        .collection('importJournal')
        .find({}, { projection: { chunk: 1 } })
        .toArray();
      expect([...new Set(parts.map((p) => p.chunk))]).toEqual([3]);

      // The same file again resumes the run (applying chunk 3 first); then the rest.
      const again = await importFile({ source: dtsen!.source, file: dtsen!.path, cache, chunkSize: 40 });
      expect([again.status, again.resumed]).toEqual(['COMPLETED', true]);
      expect((await importFile({ source: pkh!.source, file: pkh!.path, cache, chunkSize: 40 })).status).toBe('COMPLETED');
      expect(await snapshot()).toEqual(sequential);
    }),
  );
});
