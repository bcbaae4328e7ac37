import mongoose from 'mongoose';
import { SCENARIOS } from '../../seeds/regency/scenarios';
import { Household, Person } from '../../src/db/models';
import { parseLineage } from '../../src/db/models/lineage';
import { RecordCache } from '../../src/integration/cache';
import { canonical, sameStored } from '../../src/integration/changeTracking';
import * as compiled from '../../src/integration/compiledValidation';
import { dropDatabase, importFile, tempDir, useFreshDatabase, writeScenario, type Written } from './helpers';
import { budgeted, UNITS } from '../helpers/budget';

type Doc = Record<string, unknown> & { _id: string };

/**
 * What an import spends per record it writes again (issue 12): a record that existed is compared
 * with its stored form as read, and only the fields the chunk changed are checked by the models
 * again; the stored values were checked when they were written.
 */
describe('the cost of writing a record an import changes', () => {
  const tmp = tempDir('import-cost');
  let written: Written;
  const db = () => mongoose.connection.db!;

  beforeAll(async () => {
    written = await writeScenario(SCENARIOS.tiny, tmp.dir);
    await useFreshDatabase();
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await dropDatabase();
    tmp.remove();
  });

  it(
    'checks only the changed fields of the persons and households a second source updates, and every field of those it creates',
    ...budgeted("importing the tiny regency's Senopati and DT-SEN extracts, twice", 2 * UNITS.importTiny, async () => {
      const cache = new RecordCache();
      const senopati = await importFile({ source: 'senopati', file: written.file('senopati'), cache });
      expect(senopati.status).toBe('COMPLETED');
      const existing = new Set<string>();
      for (const name of ['persons', 'households'])
        for (const d of await db()
          .collection<Doc>(name)
          .find({}, { projection: { _id: 1 } })
          .toArray())
          existing.add(d._id);
      expect(existing.size).toBeGreaterThan(0);

      const calls: { id: string; paths: unknown }[] = [];
      // The check of each written record: the compiled model rules (mongoose only for what they do not pass).
      const original = compiled.compiledCheck;
      jest.spyOn(compiled, 'compiledCheck').mockImplementation((model) => {
        const check = original(model);
        if (model !== Person && model !== Household) return check;
        return (doc, fields) => {
          calls.push({ id: String(doc._id), paths: fields });
          return check!(doc, fields);
        };
      });
      const dtsen = await importFile({ source: 'dtsen', file: written.file('dtsen'), cache });
      jest.restoreAllMocks();
      expect(dtsen.status).toBe('COMPLETED');
      expect(dtsen.counts.read).toBeGreaterThan(0);

      const ofExisting = calls.filter((c) => existing.has(c.id));
      const ofNew = calls.filter((c) => !existing.has(c.id));
      // Records that existed: a list of changed top-level fields, never the whole record.
      expect(ofExisting.length).toBeGreaterThan(0);
      for (const c of ofExisting) {
        expect(Array.isArray(c.paths)).toBe(true);
        expect((c.paths as string[]).length).toBeGreaterThan(0);
        expect(c.paths).not.toContain('lineage');
      }
      // Records DT-SEN created (people Senopati did not know): checked whole.
      for (const c of ofNew) expect(c.paths).toBeUndefined();
    }),
  );

  it('stops the import when a changed field of an existing record is invalid, as for a new record', async () => {
    const { validateWrites } = await import('../../src/integration/validate');
    const person = (await db().collection<Doc>('persons').findOne({}))!;
    const op = (changed: string[]) => [{ collection: 'persons', docs: [{ ...person, nik: '1234' }], existed: [person._id], changedFields: new Map([[person._id, changed]]) }];
    await expect(validateWrites(op(['nik']))).rejects.toThrow(/invalid NIK/);
    await expect(validateWrites([{ collection: 'persons', docs: [{ ...person, nik: '1234' }], existed: [] }])).rejects.toThrow(/invalid NIK/);
  });

  it('calls two stored records the same only when their canonical texts agree', async () => {
    const docs = [...(await db().collection<Doc>('persons').find({}).toArray()), ...(await db().collection<Doc>('households').find({}).toArray())];
    expect(docs.length).toBeGreaterThan(0);
    const variants = (d: Doc): Doc[] => {
      const keys = Object.keys(d);
      const lineage = typeof d.lineage === 'string' ? parseLineage<Record<string, unknown>>(d.lineage) : undefined;
      const someDate = keys.find((k) => d[k] instanceof Date);
      const someArray = keys.find((k) => Array.isArray(d[k]) && (d[k] as unknown[]).length > 0);
      return [
        Object.fromEntries([...Object.entries(d)].reverse()) as Doc,
        { ...d, extra: undefined },
        { ...d, extra: null },
        ...(someDate
          ? [
              { ...d, [someDate]: new Date((d[someDate] as Date).getTime() + 1) },
              { ...d, [someDate]: (d[someDate] as Date).toISOString() },
            ]
          : []),
        ...(someArray
          ? [
              { ...d, [someArray]: [...(d[someArray] as unknown[])].reverse() },
              { ...d, [someArray]: [...(d[someArray] as unknown[]), undefined] },
            ]
          : []),
        ...(lineage ? [{ ...d, lineage: JSON.stringify(Object.fromEntries(Object.entries(lineage).reverse())) }] : []),
      ];
    };
    let same = 0;
    for (const d of docs)
      for (const v of variants(d)) {
        if (!sameStored(d, v)) continue;
        same++;
        expect(canonical(v)).toBe(canonical(d));
      }
    expect(same).toBeGreaterThan(0);
  });
});
