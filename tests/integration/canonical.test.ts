import mongoose from 'mongoose';
import { SCENARIOS } from '../../seeds/regency/scenarios';
import { parseLineage } from '../../src/db/models/lineage';
import { canonical } from '../../src/integration/changeTracking';
import { scopeText, subjectScopeOf } from '../../src/integration/discrepancies';
import type { HouseholdWork, PersonWork } from '../../src/integration/workingRecords';
import { dropDatabase, importAll, tempDir, useFreshDatabase, writeScenario } from './helpers';
import { budgeted, UNITS } from '../helpers/budget';

/** The text the importer compared records by, and hashed discrepancies with, before it was written by hand. */
const before = (value: unknown): string =>
  JSON.stringify(value, (_k, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date)) {
      const sorted: Record<string, unknown> = {};
      for (const k of Object.keys(v).sort()) sorted[k] = (v as Record<string, unknown>)[k];
      return sorted;
    }
    return v;
  });

describe('the canonical text of a record (change detection and discrepancy hashes)', () => {
  const tmp = tempDir('canonical');

  beforeAll(
    ...budgeted("writing and importing the tiny regency's extracts", UNITS.importTiny, async () => {
      const written = await writeScenario(SCENARIOS.tiny, tmp.dir);
      await useFreshDatabase();
      await importAll(written.extracts);
    }),
  );
  afterAll(async () => {
    await dropDatabase();
    tmp.remove();
  });

  it('is the same text as before for every record an import stored, packed and unpacked', async () => {
    let compared = 0;
    for (const name of ['persons', 'households', 'enrollments', 'discrepancies', 'linkKeys', 'trainings', 'trainingParticipations', 'pilar']) {
      for (const doc of await mongoose.connection.db!.collection(name).find({}).toArray()) {
        const unpacked = typeof doc.lineage === 'string' ? { ...doc, ...parseLineage<Record<string, unknown>>(doc.lineage), lineage: undefined } : doc;
        expect(canonical(doc)).toBe(before(doc));
        expect(canonical(unpacked)).toBe(before(unpacked));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(100);
  });

  it('is the text the discrepancy scope hash is built from, for every person and household an import stored', async () => {
    let compared = 0;
    for (const name of ['persons', 'households']) {
      for (const doc of await mongoose.connection.db!.collection(name).find({}).toArray()) {
        const unpacked = { ...doc, ...parseLineage<Record<string, unknown>>(String(doc.lineage)) } as unknown as PersonWork | HouseholdWork;
        const scope = subjectScopeOf(unpacked);
        expect(scopeText(scope)).toBe(canonical(scope));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(100);
  });

  it('is the same text as before for the awkward values: index-like keys, undefined, NaN, nested dates, empty containers', () => {
    const values: unknown[] = [
      { b: 1, a: [1, undefined, () => 1, NaN, Infinity, -0], 10: 'x', 2: 'y', '02': 'z', c: { z: new Date(0), y: null, x: undefined } },
      [{}, [], '', 0, false, null, { '4294967295': 1, '4294967294': 2, ' 1': 3 }],
      'text "quoted" \u2028',
      new Date(86_400_000),
      null,
      7,
    ];
    for (const v of values) expect(canonical(v)).toBe(before(v));
  });
});
