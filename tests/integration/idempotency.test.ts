import mongoose from 'mongoose';
import { SCENARIOS } from '../../seeds/regency/scenarios';
import { importFile } from './helpers';
import { crashAt, SimulatedCrash } from './crash';
import { dropDatabase, importAll, importedSmallCopy, snapshot, tempDir, useFreshDatabase, writeScenario, type Written } from './helpers';
import { applySeededApprovals } from '../../seeds/extracts';
import { canonicalState } from './canonicalState';
import { budgeted, UNITS } from '../helpers/budget';

const db = () => mongoose.connection.db!;

/**
 * The strategy the embedded engine's importer picks by itself (src/integration/store.ts detectEngineProfile), forced
 * wherever this file re-imports or resumes, so that it is the one tested there on any server the tests run against.
 */
const INDEXED = 'ferretdb-indexed';

/**
 * The small regency's extracts, written once and imported uninterrupted once (with the strategy of an engine without
 * the project's patch, ferretdb-scan), for the other imports below to compare with.
 */
const profileTmp = tempDir('profile');
let scannedImport: Promise<{ written: Written; scanned: Record<string, unknown[]>; canonical: Record<string, unknown> }> | undefined;
const importedScanned = () =>
  (scannedImport ??= (async () => {
    const written = await writeScenario(SCENARIOS.small, profileTmp.dir);
    await useFreshDatabase();
    await importAll(written.extracts, 150, 'ferretdb-scan');
    const scanned = await snapshot();
    return { written, scanned, canonical: await canonicalState(scanned) };
  })());
afterAll(() => profileTmp.remove());

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
  let written: Written;
  let uninterrupted: Record<string, unknown[]>;

  beforeAll(
    ...budgeted("writing and importing the small regency's extracts (or waiting for it)", UNITS.importSmall, async () => {
      // The uninterrupted import the others compare with, imported once for the whole file.
      ({ written, scanned: uninterrupted } = await importedScanned());
    }),
  );
  afterAll(() => dropDatabase());

  /** Imports every file, crashing the DT-SEN import once at the given point, then importing it again. */
  async function importWithCrash(phase: 'journaled' | 'half-applied', chunk: number): Promise<void> {
    await useFreshDatabase();
    for (const f of written.extracts.files) {
      if (f.source === 'dtsen') {
        // As importAll: the seeded VERVAL approvals land between Senopati and DT-SEN (seeds/extracts/verval.ts).
        await applySeededApprovals(written.extracts.approvals);
        await expect(importFile({ source: f.source, file: f.path, chunkSize: 150, profile: INDEXED, ...crashAt(chunk, phase) })).rejects.toBeInstanceOf(SimulatedCrash);
        const running = await db().collection('importRuns').findOne({ status: 'RUNNING' });
        expect(running?.pending).not.toBeNull();
        const resumed = await importFile({ source: f.source, file: f.path, chunkSize: 150, profile: INDEXED });
        expect([resumed.status, resumed.resumed, resumed.runId]).toEqual(['COMPLETED', true, running!._id]);
        expect(resumed.counts).toEqual({ read: f.rows, inserted: f.rows, updated: 0, unchanged: 0, rejected: 0 });
      } else {
        await importFile({ source: f.source, file: f.path, chunkSize: 150, profile: INDEXED });
      }
    }
  }

  it(
    'ends in the same state as an uninterrupted import when it stopped after journaling a chunk',
    ...budgeted("importing the small regency's extracts, crashing and resuming DT-SEN", 2 * UNITS.importSmall, async () => {
      await importWithCrash('journaled', 3);
      expect(await snapshot()).toEqual(uninterrupted);
    }),
  );

  it(
    'ends in the same state as an uninterrupted import when it stopped halfway through writing a chunk',
    ...budgeted("importing the small regency's extracts, crashing and resuming DT-SEN", 2 * UNITS.importSmall, async () => {
      await importWithCrash('half-applied', 4);
      expect(await snapshot()).toEqual(uninterrupted);
    }),
  );
});

// The engine's own strategy (ferretdb-indexed) is the one of the imports above: imported uninterrupted, again, and resumed.
describe.each(['mongodb'] as const)('the %s read and write strategy (forced onto the embedded engine)', (profile) => {
  let written: Written;
  let scanned: Record<string, unknown[]>;

  beforeAll(
    ...budgeted("writing and importing the small regency's extracts (or waiting for it)", UNITS.importSmall, async () => {
      ({ written, scanned } = await importedScanned());
    }),
  );
  afterAll(() => dropDatabase());

  it(
    'stores exactly what the embedded engine strategy stores',
    ...budgeted("importing the small regency's extracts with another strategy", UNITS.importSmall, async () => {
      await useFreshDatabase();
      await importAll(written.extracts, 150, profile);
      expect(await snapshot()).toEqual(scanned);
    }),
  );

  it(
    'finds nothing to change on a second import and resumes a crashed one to the same state',
    ...budgeted("importing the small regency's extracts again, then once more crashing and resuming DT-SEN", 3 * UNITS.importSmall, async () => {
      for (const f of written.extracts.files) {
        const r = await importFile({ source: f.source, file: f.path, chunkSize: 150, profile });
        expect([f.source, r.counts.unchanged]).toEqual([f.source, f.rows]);
      }
      await useFreshDatabase();
      for (const f of written.extracts.files) {
        if (f.source === 'dtsen') {
          await applySeededApprovals(written.extracts.approvals);
          await expect(importFile({ source: f.source, file: f.path, chunkSize: 150, profile, ...crashAt(4, 'half-applied') })).rejects.toBeInstanceOf(SimulatedCrash);
        }
        await importFile({ source: f.source, file: f.path, chunkSize: 150, profile });
      }
      expect(await snapshot()).toEqual(scanned);
    }),
  );
});
