import mongoose from 'mongoose';
import { SCENARIOS } from '../../seeds/regency/scenarios';
import { validateWrites } from '../../src/integration/validate';
import { dropDatabase, importAll, tempDir, useFreshDatabase, writeScenario } from './helpers';
import { budgeted, UNITS } from '../helpers/budget';

type Doc = Record<string, unknown> & { _id: string };

/** The importer's last check before a chunk is written: a record the models refuse stops the import. */
describe('the check of every record an import writes', () => {
  const tmp = tempDir('validate');
  let person: Doc;
  let household: Doc;
  let enrollment: Doc;
  const db = () => mongoose.connection.db!;
  const check = (collection: string, doc: Doc) => validateWrites([{ collection, docs: [doc], existed: [] }]);

  beforeAll(
    ...budgeted("writing and importing the tiny regency's extracts", UNITS.importTiny, async () => {
      const written = await writeScenario(SCENARIOS.tiny, tmp.dir);
      await useFreshDatabase();
      await importAll(written.extracts);
      person = (await db().collection<Doc>('persons').findOne({ deathDate: null }))!;
      household = (await db().collection<Doc>('households').findOne({}))!;
      enrollment = (await db().collection<Doc>('enrollments').findOne({}))!;
    }),
  );
  afterAll(async () => {
    await dropDatabase();
    tmp.remove();
  });

  it('passes the records an import of the tiny regency wrote', async () => {
    await expect(check('persons', person)).resolves.toBeUndefined();
    await expect(check('households', household)).resolves.toBeUndefined();
    await expect(check('enrollments', enrollment)).resolves.toBeUndefined();
  });

  it('refuses a person without a required field, with an invalid NIK, or from a desa outside the regency', async () => {
    const { birthDate: _, ...noBirth } = person;
    await expect(check('persons', noBirth as Doc)).rejects.toThrow(`import produced an invalid persons record ${person._id}`);
    await expect(check('persons', { ...person, nik: '1234' })).rejects.toThrow(/invalid NIK/);
    await expect(check('persons', { ...person, desaCode: '35.19.99.2999' })).rejects.toThrow(/desa 35\.19\.99\.2999 does not exist/);
  });

  it('refuses a person who died before being born and an enrolment that ends before it starts (document-level rules)', async () => {
    const born = person.birthDate as Date;
    await expect(check('persons', { ...person, deathDate: new Date(born.getTime() - 86_400_000) })).rejects.toThrow(/deathDate must not precede birthDate/);
    const start = enrollment.startDate as Date;
    await expect(check('enrollments', { ...enrollment, endDate: new Date(start.getTime() - 86_400_000) })).rejects.toThrow(/endDate must not precede startDate/);
  });

  it('refuses a household whose card history entry lacks its number', async () => {
    const history = (household.kkHistory as Record<string, unknown>[]).map((h) => ({ ...h }));
    delete history[0]!.kkNumber;
    await expect(check('households', { ...household, kkHistory: history })).rejects.toThrow(`import produced an invalid households record ${household._id}`);
  });
});
