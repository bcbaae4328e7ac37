import { once } from 'node:events';
import { createInterface } from 'node:readline';
import mongoose from 'mongoose';
import { SCENARIOS } from '../../seeds/regency/scenarios';
import { connectMongoose } from '../../src/db/connection';
import { importFile } from './helpers';
import { dropDatabase, snapshot, spawnImport, tempDir, useFreshDatabase, writeScenario, type Written } from './helpers';
import { budgeted, UNITS } from '../helpers/budget';

const CHUNK = '100';

/** The import command as one process, so that SIGKILL reaches the importer itself. */
const importProcess = (dbName: string, file: string, source = 'dtsen') => spawnImport(dbName, [source, file, '--chunk-size', CHUNK]);

/** Starts an import process and SIGKILLs it after its third chunk, while it works on the fourth. */
async function killAfterThreeChunks(dbName: string, file: string, source: string): Promise<void> {
  const killed = importProcess(dbName, file, source);
  let chunks = 0;
  // One progress line per chunk.
  for await (const _line of createInterface({ input: killed.stderr! })) {
    if (++chunks === 3) {
      killed.kill('SIGKILL');
      break;
    }
  }
  const [, signal] = (await once(killed, 'exit')) as [number | null, string | null];
  expect(signal).toBe('SIGKILL');
}

/** Runs the killed import again in a process of its own: it resumes, and counts each of the file's rows once, as inserted. */
async function resumeCountingEveryRowOnce(dbName: string, file: string, source: string, rows: number): Promise<void> {
  const again = importProcess(dbName, file, source);
  let out = '';
  again.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  const [code] = (await once(again, 'exit')) as [number];
  expect(code).toBe(0);
  expect(out).toContain('resumed');
  expect(out).toContain(`read ${rows.toLocaleString('en-US')} = inserted ${rows.toLocaleString('en-US')} + updated 0 + unchanged 0 + rejected 0`);
}

describe('an import killed with SIGKILL midway', () => {
  const tmp = tempDir('kill');
  let written: Written;
  let uninterrupted: Record<string, unknown[]>;

  beforeAll(
    ...budgeted("writing the small regency's extracts and importing Senopati and DT-SEN", UNITS.importSmall, async () => {
      written = await writeScenario(SCENARIOS.small, tmp.dir);
      await useFreshDatabase();
      await importFile({ source: 'senopati', file: written.file('senopati'), chunkSize: Number(CHUNK) });
      await importFile({ source: 'dtsen', file: written.file('dtsen'), chunkSize: Number(CHUNK) });
      uninterrupted = await snapshot();
    }),
  );
  afterAll(async () => {
    await dropDatabase();
    tmp.remove();
  });

  it(
    'run again, ends in the same state as one that was never interrupted, with every row counted once',
    ...budgeted('an import process killed midway, and the import run again (a command each)', UNITS.importSmall + 2 * UNITS.command, async () => {
      const dbName = await useFreshDatabase();
      await importFile({ source: 'senopati', file: written.file('senopati'), chunkSize: Number(CHUNK) });
      await mongoose.disconnect();

      await killAfterThreeChunks(dbName, written.file('dtsen'), 'dtsen');

      await resumeCountingEveryRowOnce(dbName, written.file('dtsen'), 'dtsen', written.extracts.files.find((f) => f.source === 'dtsen')!.rows);

      await connectMongoose(process.env.MONGODB_URI!, dbName);
      expect(await snapshot()).toEqual(uninterrupted);
      const runs = await mongoose.connection.db!.collection('importRuns').find({ source: 'DTSEN' }).toArray();
      expect(runs.map((r) => [r.status, r.resumedAt.length])).toEqual([['COMPLETED', 1]]);
    }),
  );

  it(
    'run again on a first load (chunks journaled as their undo), ends in the same state as one that was never interrupted',
    ...budgeted('a Senopati import process killed midway, run again, then DT-SEN imported', UNITS.importSmall + 3 * UNITS.command, async () => {
      const dbName = await useFreshDatabase();
      await mongoose.disconnect();
      await killAfterThreeChunks(dbName, written.file('senopati'), 'senopati');

      await connectMongoose(process.env.MONGODB_URI!, dbName);
      const interrupted = await mongoose.connection.db!.collection('importRuns').findOne({ source: 'SENOPATI', status: 'RUNNING' });
      await mongoose.disconnect();
      await resumeCountingEveryRowOnce(dbName, written.file('senopati'), 'senopati', written.extracts.files.find((f) => f.source === 'senopati')!.rows);

      await connectMongoose(process.env.MONGODB_URI!, dbName);
      // Killed after its third chunk's progress line, the run had committed chunks (each journaled as its undo).
      expect(interrupted?.chunks).toBeGreaterThanOrEqual(1);
      await importFile({ source: 'dtsen', file: written.file('dtsen'), chunkSize: Number(CHUNK) });
      expect(await snapshot()).toEqual(uninterrupted);
      const runs = await mongoose.connection.db!.collection('importRuns').find({ source: 'SENOPATI' }).toArray();
      expect(runs.map((r) => [r.status, r.resumedAt.length])).toEqual([['COMPLETED', 1]]);
    }),
  );
});
