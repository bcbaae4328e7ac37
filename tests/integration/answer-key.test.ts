import mongoose from 'mongoose';
import { entryKey } from '../../seeds/extracts';
import { SCENARIOS } from '../../seeds/regency/scenarios';
import { DISCREPANCY_KINDS } from '../../src/domain/provenance';
import { parseLineage } from '../../src/db/models/lineage';
import type { ImportResult } from '../../src/integration/runner';
import { budgeted, UNITS } from '../helpers/budget';
import { seedRegency } from '../../seeds/importExtracts';
import { generateRegency } from '../../seeds/regency';
import { byKind, dropDatabase, importAll, openDiscrepancyKeys, tempDir, useFreshDatabase, writeScenario, type Written } from './helpers';

const db = () => mongoose.connection.db!;

/**
 * Loaded as `npm start` and `npm run seed` load it (seeds/importExtracts.ts seedRegency): into an empty database, by
 * clusters of families (src/integration/clusterLoad.ts). The second seed below goes file after file; that both paths
 * store the same is tests/integration/cluster-load.test.ts.
 */
describe('the default regency (SCENARIOS.demo) through the importers', () => {
  const tmp = tempDir('demo');
  let written: Written;
  let results: ImportResult[];

  beforeAll(
    ...budgeted("writing the default regency's extracts and loading them by clusters", UNITS.importedDemo, async () => {
      await useFreshDatabase();
      const bySource = new Map<string, ImportResult>();
      const seeded = await seedRegency({ regency: SCENARIOS.demo, dir: tmp.dir, onImported: (file, r) => bySource.set(file.source, r) });
      expect(seeded.clusterLoad).not.toBeNull();
      const { extracts } = seeded;
      written = { regency: generateRegency(SCENARIOS.demo), extracts, file: (source) => extracts.files.find((f) => f.source === source)!.path };
      // One result per file, in the order of the files.
      results = extracts.files.map((f) => bySource.get(f.source)!);
      expect(results).toHaveLength(bySource.size);
    }),
  );
  afterAll(async () => {
    await dropDatabase();
    tmp.remove();
  });

  it('finds exactly the discrepancies of the answer key, kind by kind: every injected one, none invented', async () => {
    const expected = written.extracts.answerKey.entries.map(entryKey).sort();
    const found = await openDiscrepancyKeys();
    expect(byKind(found)).toEqual(byKind(expected));
    expect(found).toEqual(expected);
  });

  it('holds every kind of docs/domain.md section 4, injected ones among them', () => {
    const { counts, entries } = written.extracts.answerKey;
    for (const kind of DISCREPANCY_KINDS) expect([kind, counts[kind] > 0]).toEqual([kind, true]);
    for (const kind of DISCREPANCY_KINDS) expect([kind, entries.some((e) => e.kind === kind && e.origin === 'injected')]).toEqual([kind, true]);
  });

  it('accounts for every row of every file: read = inserted + updated + unchanged + rejected, all of them new', () => {
    for (const [i, f] of written.extracts.files.entries()) {
      const c = results[i]!.counts;
      expect([f.source, results[i]!.status, c.read, c.inserted + c.updated + c.unchanged + c.rejected]).toEqual([f.source, 'COMPLETED', f.rows, f.rows]);
      expect([f.source, c.inserted]).toEqual([f.source, f.rows]);
    }
  });

  it('loses no record: every generated person, family, training, participation and pilar has its golden record', async () => {
    const { regency } = written;
    expect(await db().collection('persons').countDocuments()).toBe(regency.persons.length);
    expect(await db().collection('households').countDocuments()).toBe(regency.households.length);
    expect(await db().collection('trainings').countDocuments()).toBe(regency.trainings.length);
    expect(await db().collection('trainingParticipations').countDocuments()).toBe(regency.participations.length);
    expect(await db().collection('pilar').countDocuments()).toBe(regency.pilar.length);
    const rosterRows = written.extracts.files
      .filter((f) => ['pkh', 'bpnt', 'pbi-jk', 'sekolah-rakyat', 'permodalan-usaha', 'atensi'].includes(f.source))
      .reduce((n, f) => n + f.rows, 0);
    expect(await db().collection('enrollments').countDocuments()).toBe(rosterRows);
  });

  it('builds golden persons equal to the generated ones, identity from Senopati (DT-SEN only when Senopati lacks the person)', async () => {
    const links = await db()
      .collection('linkKeys')
      .find({ _id: { $regex: '^DA:' } as never })
      .toArray();
    const golden = new Map((await db().collection('persons').find({}).toArray()).map((p) => [String(p._id), p]));
    const generated = new Map(written.regency.persons.map((p) => [`ART${p._id.slice(1)}`, p]));
    const households = new Map((await db().collection('households').find({}).toArray()).map((h) => [String(h._id), h]));
    const kkNumbers = new Map(written.regency.households.map((h) => [h._id, h.kkNumber]));
    // Gathered and compared once, each person named by its link key (an expect per person cost more than the reads).
    const stored: unknown[] = [];
    const truths: unknown[] = [];
    let fromDtsen = 0;
    for (const link of links) {
      const truth = generated.get(String(link._id).slice(3))!;
      const p = golden.get(String(link.id))!;
      const { provenance } = parseLineage<{ provenance: Record<string, string> }>(p.lineage)!;
      const identityFromDtsen = provenance.fullName === 'DTSEN';
      if (identityFromDtsen) fromDtsen++;
      stored.push([
        link._id,
        [p.fullName, p.sex, p.birthDate.getTime(), p.education, p.isDeceased, p.disability ?? null],
        households.get(p.householdId)!.kkNumber,
        identityFromDtsen ? null : [provenance.fullName, provenance.birthDate, provenance.education, provenance.disability],
      ]);
      truths.push([
        link._id,
        [truth.fullName, truth.sex, truth.birthDate.getTime(), truth.education, truth.isDeceased, truth.disability],
        kkNumbers.get(truth.householdId ?? ''),
        identityFromDtsen ? null : ['SENOPATI', 'SENOPATI', 'DTSEN', 'DTSEN'],
      ]);
    }
    expect(stored).toEqual(truths);
    expect(links).toHaveLength(written.regency.persons.length);
    expect(fromDtsen).toBe(written.extracts.answerKey.counts.NOT_IN_CIVIL_REGISTRY);
  });
});

describe('a second seed with other rates', () => {
  const tmp = tempDir('second');

  afterAll(async () => {
    await dropDatabase();
    tmp.remove();
  });

  it(
    'also finds exactly the answer key, kind by kind',
    ...budgeted('writing and importing the extracts of 500 families at answer-key rates', 2 * UNITS.importSmall, async () => {
      await useFreshDatabase();
      const rates = {
        INVALID_NIK: 0.01,
        NIK_ATTRIBUTE_MISMATCH: 0.01,
        DUPLICATE_NIK: 0.01,
        NOT_IN_CIVIL_REGISTRY: 0.01,
        IDENTITY_MISMATCH: 0.015,
        DOMICILE_MISMATCH: 0.02,
        FAMILY_MISMATCH: 0.01,
        DECEASED_RECIPIENT: 0.8,
        EXCEEDS_MAX_DURATION: 0.1,
        INCLUSION_ERROR: 0.08,
        EXCLUSION_ERROR: 0.3,
      };
      const written = await writeScenario({ families: 500, seed: 'verval-2' }, tmp.dir, rates);
      await importAll(written.extracts, 700);
      const expected = written.extracts.answerKey.entries.map(entryKey).sort();
      const found = await openDiscrepancyKeys();
      expect(byKind(found)).toEqual(byKind(expected));
      expect(found).toEqual(expected);
      expect(written.extracts.answerKey.entries.filter((e) => e.origin === 'injected').length).toBeGreaterThan(60);
    }),
  );
});
