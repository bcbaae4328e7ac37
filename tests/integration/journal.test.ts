import mongoose from 'mongoose';
import { SCENARIOS } from '../../seeds/regency/scenarios';
import type { JournaledChunk } from '../../src/integration/chunkImport';
import { readJournal } from '../../src/integration/journal';
import type { WriteOp } from '../../src/integration/changeTracking';
import { dropDatabase, importFile, tempDir, useFreshDatabase, writeScenario, type Written } from './helpers';
import { budgeted, UNITS } from '../helpers/budget';

const db = () => mongoose.connection.db!;
const journal = () => db().collection<{ _id: string; runId: string; chunk: number; part: number; ops?: string; z?: { buffer: Uint8Array } }>('importJournal');

/** The chunk journal's JSON text, as an earlier version saved it: what a resumed run may find. */
const asText = (ops: readonly WriteOp[]) =>
  `[${ops.flatMap((op) => op.docs.map((doc) => JSON.stringify({ collection: op.collection, docs: [doc], existed: op.existed.includes(String(doc._id)) ? [String(doc._id)] : [] }))).join(',')}]`;

/**
 * Issue 12: every record a chunk writes is written twice, once inside its journal. The journal's
 * text is saved compressed, so the engine stores a fraction of the bytes; a crashed chunk is
 * applied again from it, and a part saved as text by an earlier version is still read.
 */
describe('the chunk journal', () => {
  const tmp = tempDir('journal');
  let written: Written;

  beforeAll(
    ...budgeted("the tiny regency's extracts written", UNITS.importTiny, async () => {
      written = await writeScenario(SCENARIOS.tiny, tmp.dir);
      await useFreshDatabase();
    }),
  );
  afterAll(async () => {
    await dropDatabase();
    tmp.remove();
  });

  it(
    'is saved compressed, at most a third of the text, and read back as the same writes',
    ...budgeted('Senopati, DT-SEN and PKH of the tiny regency imported, the journal of PKH read back', UNITS.importTiny, async () => {
      const seen: { chunk: number; ops: readonly WriteOp[]; bytes: number; text: number; read: WriteOp[] }[] = [];
      const afterJournal = async (c: JournaledChunk) => {
        const parts = await journal().find({ chunk: c.number }).toArray();
        // Chunks that mostly insert journal what undoes them instead (undo-journal.test.ts).
        if ((await db().collection('importRuns').findOne({ status: 'RUNNING' }))?.pending?.undo) return;
        expect(parts.every((p) => p.z && p.ops === undefined)).toBe(true);
        const runId = parts[0]!.runId;
        seen.push({
          chunk: c.number,
          ops: c.ops,
          bytes: parts.reduce((n, p) => n + p.z!.buffer.length, 0),
          text: asText(c.ops).length,
          read: await readJournal(runId, c.number, parts.length),
        });
      };
      // PKH replaces the persons and households Senopati and DT-SEN wrote: its chunks journal their writes.
      await importFile({ source: 'senopati', file: written.file('senopati') });
      await importFile({ source: 'dtsen', file: written.file('dtsen') });
      const r = await importFile({ source: 'pkh', file: written.file('pkh'), chunkSize: 3, afterJournal });
      expect(r.status).toBe('COMPLETED');
      expect(seen.length).toBeGreaterThan(1);
      for (const s of seen) {
        expect(s.bytes).toBeLessThan(s.text / 3);
        expect(JSON.parse(JSON.stringify(s.read))).toEqual(JSON.parse(JSON.stringify(s.ops.map(({ collection, docs, existed }) => ({ collection, docs, existed })))));
      }
    }),
  );

  it('reads a part an earlier version saved as text', async () => {
    const ops: WriteOp[] = [{ collection: 'linkKeys', docs: [{ _id: 'test:1', id: 'P0000001' }], existed: [] }];
    await journal().insertOne({ _id: 'IR999999:1:0', runId: 'IR999999', chunk: 1, part: 0, ops: asText(ops) });
    expect(await readJournal('IR999999', 1, 1)).toEqual(ops);
    await journal().deleteOne({ _id: 'IR999999:1:0' });
  });
});
