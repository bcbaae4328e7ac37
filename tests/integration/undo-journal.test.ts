import { inflateRawSync } from 'node:zlib';
import mongoose from 'mongoose';
import { SCENARIOS } from '../../seeds/regency/scenarios';
import type { JournaledChunk } from '../../src/integration/chunkImport';
import { crashAt, SimulatedCrash } from './crash';
import { dropDatabase, importFile, snapshot, tempDir, useFreshDatabase, writeScenario, type Written } from './helpers';
import { budgeted, UNITS } from '../helpers/budget';

const db = () => mongoose.connection.db!;

/** The statistics counters by desa, without the moment each was counted. */
async function statisticsCounters(): Promise<unknown[]> {
  const docs = await db().collection('statisticsCounters').find({}).toArray();
  return docs.map(({ countedAt: _c, ...rest }) => rest).sort((a, b) => (String(a._id) < String(b._id) ? -1 : 1));
}

/**
 * Issue 12: a first load journaled every record it inserted, whole, a second time. A chunk that
 * mostly inserts now journals what undoes it (the ids it inserts, the records it replaces as they
 * were, the id counters before it); a crash at any point of its writes is undone and its rows
 * imported again, to the state an uninterrupted import reaches.
 */
describe('the undo journal of a chunk that inserts records (a first load)', () => {
  const tmp = tempDir('undo');
  let written: Written;
  let uninterrupted: Record<string, unknown[]>;
  let counters: unknown[];

  beforeAll(
    ...budgeted("the tiny regency's extracts written and Senopati imported once", UNITS.importTiny, async () => {
      written = await writeScenario(SCENARIOS.tiny, tmp.dir);
      await useFreshDatabase();
      await importFile({ source: 'senopati', file: written.file('senopati'), chunkSize: 50 });
      uninterrupted = await snapshot();
      counters = await statisticsCounters();
    }),
  );
  afterAll(async () => {
    await dropDatabase();
    tmp.remove();
  });

  it(
    'journals the ids it inserts, not the records: a tenth of the bytes of the records it writes, or less',
    ...budgeted('Senopati of the tiny regency imported into an empty database', UNITS.importTiny, async () => {
      await useFreshDatabase();
      const seen: { undo: boolean; journaled: number; written: number }[] = [];
      const afterJournal = async (c: JournaledChunk) => {
        const run = await db().collection('importRuns').findOne({ status: 'RUNNING' });
        const parts = await db().collection('importJournal').find({ chunk: c.number }).toArray();
        seen.push({
          undo: run?.pending?.undo === true,
          journaled: parts.reduce((n, p) => n + inflateRawSync((p.z as { buffer: Uint8Array }).buffer).length, 0),
          written: c.ops.reduce((n, op) => n + op.docs.reduce((m, d) => m + JSON.stringify(d).length, 0), 0),
        });
      };
      const r = await importFile({ source: 'senopati', file: written.file('senopati'), chunkSize: 50, afterJournal });
      expect(r.status).toBe('COMPLETED');
      expect(seen.length).toBeGreaterThan(1);
      for (const s of seen) {
        expect(s.undo).toBe(true);
        expect(s.journaled).toBeLessThan(s.written / 10);
      }
      expect(await snapshot()).toEqual(uninterrupted);
    }),
  );

  /** Imports Senopati into an empty database, crashing once at chunk `chunk`, then imports it again. */
  async function crashAndResume(phase: 'journaled' | 'half-applied', chunk: number): Promise<void> {
    await useFreshDatabase();
    const file = written.file('senopati');
    await expect(importFile({ source: 'senopati', file, chunkSize: 50, ...crashAt(chunk, phase) })).rejects.toBeInstanceOf(SimulatedCrash);
    const running = await db().collection('importRuns').findOne({ status: 'RUNNING' });
    expect(running?.pending?.undo).toBe(true);
    const resumed = await importFile({ source: 'senopati', file, chunkSize: 50 });
    const rows = written.extracts.files.find((f) => f.source === 'senopati')!.rows;
    expect([resumed.status, resumed.resumed, resumed.runId]).toEqual(['COMPLETED', true, running!._id]);
    expect(resumed.counts).toEqual({ read: rows, inserted: rows, updated: 0, unchanged: 0, rejected: 0 });
    expect(await snapshot()).toEqual(uninterrupted);
    expect(await statisticsCounters()).toEqual(counters);
    expect(await db().collection('importJournal').countDocuments({})).toBe(0);
  }

  it(
    'takes back a chunk stopped after its journal was committed and imports its rows again, to the state and statistics of an uninterrupted import',
    ...budgeted('Senopati of the tiny regency imported, crashed and resumed', 2 * UNITS.importTiny, () => crashAndResume('journaled', 2)),
  );

  it(
    'takes back a chunk stopped with half of its writes applied and imports its rows again, to the state and statistics of an uninterrupted import',
    ...budgeted('Senopati of the tiny regency imported, crashed and resumed', 2 * UNITS.importTiny, () => crashAndResume('half-applied', 3)),
  );
});
