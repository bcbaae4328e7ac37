import mongoose from 'mongoose';
import { SCENARIOS } from '../../seeds/regency/scenarios';
import { importFile } from './helpers';
import { crashAt, SimulatedCrash } from './crash';
import { dropDatabase, importAll, importedSmallCopy, saveState, snapshot, tempDir, useFreshDatabase, writeScenario, type SavedState, type Written } from './helpers';
import { applySeededApprovals } from '../../seeds/extracts';
import { canonicalState } from './canonicalState';
import type { EngineProfile } from '../../src/integration/store';
import { budgeted, UNITS } from '../helpers/budget';

const db = () => mongoose.connection.db!;

/**
 * The strategy the embedded engine's importer picks by itself (src/integration/store.ts detectEngineProfile), forced
 * wherever this file re-imports or resumes, so that it is the one tested there on any server the tests run against.
 */
const INDEXED = 'ferretdb-indexed';

/**
 * The small regency's extracts, written once and imported uninterrupted once (with the strategy of an engine without
 * the project's patch, ferretdb-scan), for the other imports below to compare with: the whole state, and the state
 * once DT-SEN is imported (what a resumed DT-SEN import must leave).
 */
const profileTmp = tempDir('profile');
let scannedImport: Promise<{ written: Written; scanned: Record<string, unknown[]>; scannedAfterDtsen: Record<string, unknown[]>; canonical: Record<string, unknown> }> | undefined;
const importedScanned = () =>
  (scannedImport ??= (async () => {
    const written = await writeScenario(SCENARIOS.small, profileTmp.dir);
    await useFreshDatabase();
    let scannedAfterDtsen: Record<string, unknown[]> | undefined;
    await importAll(written.extracts, 150, 'ferretdb-scan', { after: async (source) => void (source === 'dtsen' && (scannedAfterDtsen = await snapshot())) });
    const scanned = await snapshot();
    return { written, scanned, scannedAfterDtsen: scannedAfterDtsen!, canonical: await canonicalState(scanned) };
  })());
afterAll(() => profileTmp.remove());

/**
 * Crashes the DT-SEN import of a database holding the state DT-SEN finds (Senopati imported, the seeded approvals
 * applied) at the given point, checks it was left pending, and imports DT-SEN again: it resumes the crashed run and
 * counts every row once.
 */
async function crashAndResumeDtsen(written: Written, profile: EngineProfile, phase: 'journaled' | 'half-applied', chunk: number): Promise<void> {
  const file = written.file('dtsen');
  const rows = written.extracts.files.find((f) => f.source === 'dtsen')!.rows;
  await expect(importFile({ source: 'dtsen', file, chunkSize: 150, profile, ...crashAt(chunk, phase) })).rejects.toBeInstanceOf(SimulatedCrash);
  const running = await db().collection('importRuns').findOne({ status: 'RUNNING' });
  expect(running?.pending).not.toBeNull();
  const resumed = await importFile({ source: 'dtsen', file, chunkSize: 150, profile });
  expect([resumed.status, resumed.resumed, resumed.runId]).toEqual(['COMPLETED', true, running!._id]);
  expect(resumed.counts).toEqual({ read: rows, inserted: rows, updated: 0, unchanged: 0, rejected: 0 });
  // Nothing of the crash is left over for the files after DT-SEN to find: every run completed, no journal.
  const runs = await db().collection('importRuns').find({}).toArray();
  expect(runs.map((r) => [r.source, r.status, r.pending])).toEqual(runs.map((r) => [r.source, 'COMPLETED', null]));
  expect(await db().collection('importJournal').countDocuments()).toBe(0);
}

describe('importing the same files again', () => {
  const tmp = tempDir('again');
  let written: Written;
  /** The first import, before anything is imported again. */
  let first: Record<string, unknown[]>;
  /** The first import and the scanning one, each generated id renamed canonically (./canonicalState.ts). */
  let firstCanonical: Record<string, unknown>;
  let scannedCanonical: Record<string, unknown>;

  beforeAll(
    ...budgeted(
      'importing the extracts of the small regency (or waiting for it) and copying them, and importing them once more with the scanning strategy',
      UNITS.importedSmall + UNITS.importSmall,
      async () => {
        // The first import: the run's import of the small regency's extracts (tests/integration/helpers.ts importedSmall,
        // the embedded engine's own strategy and chunk size), a copy of it. Copied before anything connects: the
        // fixture may be built here.
        const imported = await importedSmallCopy(tmp.dir);
        scannedCanonical = (await importedScanned()).canonical;
        await useFreshDatabase(imported.db);
        written = imported.written;
        first = await snapshot();
        firstCanonical = await canonicalState(first);
      },
    ),
  );
  afterAll(async () => {
    await dropDatabase();
    tmp.remove();
  });

  // Ids are handed out chunk by chunk (so in another order here): the imports below in chunks of 150 compare whole.
  it('stores, with the engine’s own strategy and chunks of 5,000, what the scanning strategy stores in chunks of 150, ids renamed canonically', () => {
    expect(firstCanonical).toEqual(scannedCanonical);
  });

  it(
    'changes nothing: every row is reported unchanged and every record stays as it was',
    ...budgeted("importing the small regency's extracts again", UNITS.importSmall, async () => {
      for (const f of written.extracts.files) {
        const r = await importFile({ source: f.source, file: f.path, chunkSize: 400, profile: INDEXED });
        expect([f.source, r.status, r.counts]).toEqual([f.source, 'COMPLETED', { read: f.rows, inserted: 0, updated: 0, unchanged: f.rows, rejected: 0 }]);
      }
      expect(await snapshot()).toEqual(first);
    }),
  );

  it('keeps one run per import, each with its own counts', async () => {
    const runs = await db().collection('importRuns').find({}).sort({ _id: 1 }).toArray();
    expect(runs).toHaveLength(2 * written.extracts.files.length);
    expect(runs.every((r) => r.status === 'COMPLETED' && r.pending === null)).toBe(true);
  });
});

describe('an import stopped midway and run again', () => {
  const tmp = tempDir('stopped');
  let written: Written;
  let uninterrupted: Record<string, unknown[]>;
  let uninterruptedAfterDtsen: Record<string, unknown[]>;
  /** Senopati imported (with the strategy and chunks of the imports below) and the seeded approvals applied: what DT-SEN finds. */
  let beforeDtsen: SavedState;
  /** The database that state was saved from, still in it: the first test's (the second one's is a copy). */
  let beforeDtsenHere: string;

  beforeAll(
    ...budgeted("writing and importing the small regency's extracts (or waiting for it), and importing Senopati again", UNITS.importSmall, async () => {
      // The uninterrupted import the others compare with, imported once for the whole file.
      ({ written, scanned: uninterrupted, scannedAfterDtsen: uninterruptedAfterDtsen } = await importedScanned());
      // As importAll: the seeded VERVAL approvals land between Senopati and DT-SEN (seeds/extracts/verval.ts).
      await useFreshDatabase();
      await importFile({ source: 'senopati', file: written.file('senopati'), chunkSize: 150, profile: INDEXED });
      await applySeededApprovals(written.extracts.approvals);
      beforeDtsen = await saveState(tmp.dir);
      beforeDtsenHere = mongoose.connection.db!.databaseName;
    }),
  );
  afterAll(async () => {
    await dropDatabase();
    tmp.remove();
  });

  it(
    'ends in the same state as an uninterrupted import when it stopped after journaling a chunk',
    ...budgeted('crashing and resuming DT-SEN on the state before it', UNITS.importSmall, async () => {
      await useFreshDatabase(beforeDtsenHere);
      await crashAndResumeDtsen(written, INDEXED, 'journaled', 3);
      expect(await snapshot()).toEqual(uninterruptedAfterDtsen);
    }),
  );

  it(
    'ends in the same state as an uninterrupted import when it stopped halfway through writing a chunk, and so do the files after it',
    ...budgeted('copying the state before DT-SEN, crashing and resuming DT-SEN, importing the files after it', 2 * UNITS.importSmall, async () => {
      await useFreshDatabase(await beforeDtsen.copy());
      await crashAndResumeDtsen(written, INDEXED, 'half-applied', 4);
      expect(await snapshot()).toEqual(uninterruptedAfterDtsen);
      for (const f of written.extracts.files.slice(written.extracts.files.findIndex((x) => x.source === 'dtsen') + 1)) {
        await importFile({ source: f.source, file: f.path, chunkSize: 150, profile: INDEXED });
      }
      expect(await snapshot()).toEqual(uninterrupted);
    }),
  );
});

// The engine's own strategy (ferretdb-indexed) is the one of the imports above: imported uninterrupted, again, and resumed.
describe.each(['mongodb'] as const)('the %s read and write strategy (forced onto the embedded engine)', (profile) => {
  const tmp = tempDir(profile);
  let written: Written;
  let scanned: Record<string, unknown[]>;
  let scannedAfterDtsen: Record<string, unknown[]>;
  /** The state DT-SEN found in the import with this strategy (Senopati imported, the seeded approvals applied). */
  let beforeDtsen: SavedState;

  beforeAll(
    ...budgeted("writing and importing the small regency's extracts (or waiting for it)", UNITS.importSmall, async () => {
      ({ written, scanned, scannedAfterDtsen } = await importedScanned());
    }),
  );
  afterAll(async () => {
    await dropDatabase();
    tmp.remove();
  });

  it(
    'stores exactly what the embedded engine strategy stores',
    ...budgeted("importing the small regency's extracts with another strategy", UNITS.importSmall, async () => {
      await useFreshDatabase();
      await importAll(written.extracts, 150, profile, { before: async (source) => void (source === 'dtsen' && (beforeDtsen = await saveState(tmp.dir))) });
      expect(await snapshot()).toEqual(scanned);
    }),
  );

  it(
    'finds nothing to change on a second import and resumes a crashed one to the same state',
    ...budgeted("importing the small regency's extracts again, then crashing and resuming DT-SEN on the state before it", 2 * UNITS.importSmall, async () => {
      for (const f of written.extracts.files) {
        const r = await importFile({ source: f.source, file: f.path, chunkSize: 150, profile });
        expect([f.source, r.counts.unchanged]).toEqual([f.source, f.rows]);
      }
      await useFreshDatabase(await beforeDtsen.copy());
      await crashAndResumeDtsen(written, profile, 'half-applied', 4);
      expect(await snapshot()).toEqual(scannedAfterDtsen);
    }),
  );
});
