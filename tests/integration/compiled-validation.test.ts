import mongoose, { type Model, type Schema, type SchemaType } from 'mongoose';
import { SCENARIOS } from '../../seeds/regency/scenarios';
import { cloneRecord } from '../../src/integration/cache';
import { compiledCheck } from '../../src/integration/compiledValidation';
import { MODELS } from '../../src/integration/validate';
import { dropDatabase, importAll, tempDir, useFreshDatabase, writeScenario } from './helpers';
import { budgeted, UNITS } from '../helpers/budget';

type Plain = Record<string, unknown>;

interface Rule {
  collection: string;
  /** Schema path with array positions as `$` (kkHistory.$.kkNumber, aid.$). */
  path: string;
  kind: string;
}

/** Every validator of every path of a schema, subdocuments and array elements included. */
function rulesOf(collection: string, schema: Schema, prefix = ''): Rule[] {
  const out: Rule[] = [];
  for (const [path, st] of Object.entries(schema.paths)) {
    const full = prefix + path;
    const s = st as unknown as {
      validators: { type: string }[];
      schema?: Schema;
      $isMongooseArray?: boolean;
      $isMongooseDocumentArray?: boolean;
      embeddedSchemaType?: SchemaType;
      caster?: SchemaType;
    };
    for (const v of s.validators) out.push({ collection, path: full, kind: v.type });
    if (s.$isMongooseDocumentArray) out.push(...rulesOf(collection, s.schema!, `${full}.$.`));
    else if (s.schema) out.push(...rulesOf(collection, s.schema, `${full}.`));
    else if (s.$isMongooseArray) for (const v of (s.embeddedSchemaType ?? s.caster)!.validators as { type: string }[]) out.push({ collection, path: `${full}.$`, kind: v.type });
  }
  return out;
}

/** Values meant to break each kind of rule, and values of other types (which mongoose casts or refuses). */
function badValues(st: SchemaType): unknown[] {
  const o = st.options as { enum?: unknown; maxlength?: number; min?: number; max?: number };
  const out: unknown[] = [undefined, null];
  switch (st.instance) {
    case 'String':
      out.push('', 'zz', 'x!', 'NOT_A_CODE', '0000000000000000', 42, true, new Date(0), { a: 1 });
      if (o.maxlength) out.push('a'.repeat(o.maxlength + 1), ` ${'a'.repeat(o.maxlength)} `);
      break;
    case 'Number':
      out.push(-1, 0, 2.5, 11, 31, 100_001, '5', 'abc', Number.NaN, Number.POSITIVE_INFINITY);
      if (o.min !== undefined) out.push(o.min - 1);
      if (o.max !== undefined) out.push(o.max + 1);
      break;
    case 'Date':
      out.push(new Date('1800-01-01'), new Date(Date.now() + 86_400_000 * 400), new Date('invalid'), '2020-01-01', 'nope', 12);
      break;
    case 'Boolean':
      out.push('true', 'no', 1, {});
      break;
    default:
      out.push('zz', 42);
  }
  return out;
}

/** Sets a value at a path of `$`-separated pieces (array positions as `$`: the first element). */
function setAt(doc: Plain, pieces: readonly string[], value: unknown): boolean {
  let cur: unknown = doc;
  for (let i = 0; i < pieces.length - 1; i++) {
    const k = pieces[i] === '$' ? 0 : pieces[i]!;
    const next = (cur as Record<string | number, unknown>)[k];
    if (next === null || typeof next !== 'object') return false;
    cur = next;
  }
  const last = pieces[pieces.length - 1]!;
  if (last === '$') {
    if (!Array.isArray(cur)) return false;
    cur.push(value);
    return true;
  }
  if (value === undefined) delete (cur as Plain)[last];
  else (cur as Plain)[last] = value;
  return true;
}

function schemaTypeAt(schema: Schema, pieces: readonly string[]): SchemaType | undefined {
  // pieces: path within this schema, with `$` after document arrays and primitive arrays.
  for (let n = pieces.length; n >= 1; n--) {
    const path = pieces.slice(0, n).join('.');
    const st = schema.paths[path] as unknown as { schema?: Schema; embeddedSchemaType?: SchemaType; caster?: SchemaType } | undefined;
    if (!st) continue;
    if (n === pieces.length) return st as unknown as SchemaType;
    const rest = pieces.slice(n);
    if (rest[0] === '$') return rest.length === 1 ? (st.embeddedSchemaType ?? st.caster) : schemaTypeAt(st.schema!, rest.slice(1));
    return schemaTypeAt(st.schema!, rest);
  }
  return undefined;
}

/** A rule's path as mongoose names it in errors: array positions as `$`, none inside document arrays (`kkHistory.kkNumber`). */
const sameRule = (path: string) => path.replace(/\.\d+(?=\.|$)/g, '.$').replace(/\.\$\./g, '.');

/** Mongoose's verdict, with the rules it names (`path kind`). */
async function mongooseVerdict(model: Model<any>, doc: Plain, fields?: readonly string[]): Promise<{ valid: boolean; paths: string[] }> {
  try {
    if (fields) await model.validate(doc, [...fields]);
    else await model.validate(doc);
    return { valid: true, paths: [] };
  } catch (err) {
    const errors = (err as { errors?: Record<string, { kind?: string }> }).errors ?? {};
    return { valid: false, paths: Object.entries(errors).map(([p, e]) => `${sameRule(p)} ${e.kind}`) };
  }
}

/**
 * The importer's check of the records it writes (issue 12): the models' path rules compiled once
 * per model must never pass a record mongoose's `Model.validate` refuses; what they do not pass
 * goes to mongoose, so both give the same verdict on every record.
 */
describe('the compiled check of the records an import writes', () => {
  const tmp = tempDir('compiled-validation');
  const bases: Record<string, Plain[]> = {};
  const db = () => mongoose.connection.db!;

  beforeAll(
    ...budgeted("the tiny regency's extracts written and imported", UNITS.importTiny, async () => {
      const written = await writeScenario(SCENARIOS.tiny, tmp.dir);
      await useFreshDatabase();
      await importAll(written.extracts);
      for (const name of Object.keys(MODELS)) bases[name] = (await db().collection<Plain & { _id: string }>(name).find({}).toArray()) as Plain[];
      // What the tiny regency lacks: a rejected row, and a person in a Karang Taruna.
      const run = (await db().collection<{ _id: string }>('importRuns').findOne({}))!;
      if (bases.importRejects!.length === 0) bases.importRejects!.push({ _id: 'RJ00000001', runId: run._id, line: 7, reason: 'NIK is not 16 digits', raw: '{"nik":"12"}' });
      const person = bases.persons!.find((p) => p.karangTaruna) ?? bases.persons![0]!;
      person.karangTaruna ??= { desaCode: person.desaCode, role: 'ANGGOTA', since: new Date('2024-03-01') };
    }),
  );
  afterAll(async () => {
    await dropDatabase();
    tmp.remove();
  });

  it('passes every record an import of the tiny regency wrote, without asking mongoose', async () => {
    for (const [name, model] of Object.entries(MODELS)) {
      const check = compiledCheck(model);
      expect(check).not.toBeNull();
      expect(bases[name]!.length).toBeGreaterThan(0);
      for (const doc of bases[name]!) {
        expect((await mongooseVerdict(model, doc)).valid).toBe(true);
        expect({ name, id: doc._id, passed: check!(doc) }).toEqual({ name, id: doc._id, passed: true });
      }
    }
  });

  it(
    'gives mongoose’s verdict on generated invalid records, breaking every rule of every model at least once',
    ...budgeted('generated invalid records checked by the compiled rules and by mongoose', 2 * UNITS.importTiny, async () => {
      const broken = new Set<string>();
      let records = 0;
      let refused = 0;
      for (const [name, model] of Object.entries(MODELS)) {
        const check = compiledCheck(model)!;
        const rules = rulesOf(name, model.schema);
        const paths = [...new Set(rules.map((r) => r.path)), ...Object.keys(model.schema.paths)];
        // A few records of the collection, and for each path one whose value there is set (a person with a disability...).
        const docs = bases[name]!;
        for (const path of new Set(paths)) {
          const pieces = path.split('.');
          const st = schemaTypeAt(model.schema, pieces);
          if (!st) throw new Error(`no schema type at ${name} ${path}`);
          const parent = pieces.filter((p) => p !== '$').slice(0, -1);
          const holders = docs.filter((d) =>
            parent.every((_, i) => ((v) => v !== null && v !== undefined)(parent.slice(0, i + 1).reduce<unknown>((o, k) => (o as Plain | undefined)?.[k], d))),
          );
          const base = holders.length > 0 ? holders : docs;
          for (const doc of [base[0]!, base[base.length - 1]!]) {
            for (const value of badValues(st)) {
              const variant = cloneRecord(doc);
              if (!setAt(variant, pieces, value)) continue;
              for (const fields of [undefined, [pieces[0]!], ['_id']]) {
                records++;
                const truth = await mongooseVerdict(model, variant, fields);
                const compiled = check(variant, fields);
                // Passing here means valid: never where mongoose refuses.
                if (compiled) expect({ name, path, value: String(value), fields, valid: truth.valid }).toEqual({ name, path, value: String(value), fields, valid: true });
                if (!truth.valid) {
                  refused++;
                  for (const p of truth.paths) broken.add(`${name} ${p}`);
                }
              }
            }
          }
          // Wrong shapes of a whole subdocument, array or nested object.
          for (const value of ['zz', 42, [], [null], [{}], {}]) {
            const variant = cloneRecord(docs[0]!);
            if (!setAt(variant, [pieces[0]!], value)) continue;
            records++;
            const truth = await mongooseVerdict(model, variant);
            if (check(variant))
              expect({ name, field: pieces[0], value: JSON.stringify(value), valid: truth.valid }).toEqual({ name, field: pieces[0], value: JSON.stringify(value), valid: true });
          }
        }
        const missed = rules.filter((r) => !broken.has(`${name} ${sameRule(r.path)} ${r.kind}`)).map((r) => `${r.path} (${r.kind})`);
        expect({ name, missed }).toEqual({ name, missed: [] });
      }
      expect(refused).toBeGreaterThan(records / 4);
    }),
  );
});
