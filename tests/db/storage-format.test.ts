import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { BSON, Double, Long, MongoClient, ObjectId, type Db, type Document, type IndexDescription } from 'mongodb';

import { loadConfig } from '../../src/config';
import { startEngine, type Engine } from '../../src/db/engine';
import { budgeted, deadlineMs, UNITS } from '../helpers/budget';
import { ensureEngineBinary } from '../../src/db/engineBuild';
import { createLogger } from '../../src/log';
import { prng } from '../helpers/prng';

const { EJSON } = BSON;

/*
 * Since simpul.5 the engine stores the documents of a new collection as SQLite's binary JSON (JSONB), so that
 * the expression indexes read each key without parsing the document's text again (src/db/engine-patches/README.md,
 * item 16). Collections written by older binaries keep their text: a data directory from an earlier release opens
 * as it is, its collections read, write and use their indexes as before, and new collections beside them are JSONB.
 * The "old" engine here is the same binary with SIMPUL_FERRETDB_JSONB=off (which writes text tables exactly as
 * simpul.4 did), or the binary in SIMPUL_TEST_OLD_ENGINE_BINARY (a real older release).
 */

const log = createLogger('silent');
const dir = mkdtempSync(join(tmpdir(), 'simpul-storage-'));
const dataDir = join(dir, 'data');
const DB = 'storage';
let engine: Engine | undefined;
let client: MongoClient | undefined;

async function open(old: boolean): Promise<Db> {
  const config = loadConfig();
  const binary = await ensureEngineBinary(config.engineDir, log);
  let run = process.env.SIMPUL_TEST_OLD_ENGINE_BINARY && old ? process.env.SIMPUL_TEST_OLD_ENGINE_BINARY : binary;
  if (old && !process.env.SIMPUL_TEST_OLD_ENGINE_BINARY) {
    run = join(dir, 'ferretdb-text');
    writeFileSync(run, `#!/bin/sh\nSIMPUL_FERRETDB_JSONB=off exec '${binary}' "$@"\n`, { mode: 0o755 });
  }
  engine = await startEngine({ binary: run, dataDir, log, timeoutMs: deadlineMs(UNITS.engine) });
  client = await MongoClient.connect(engine.uri);
  return client.db(DB);
}

async function close(): Promise<void> {
  await client?.close();
  await engine?.stop();
  client = undefined;
  engine = undefined;
}

afterAll(async () => {
  await close();
  rmSync(dir, { recursive: true, force: true });
});

/** How SQLite holds the documents of a collection: 'text' or 'blob' (read from the stopped engine's file). */
function storedAs(collection: string): string[] {
  const db = new DatabaseSync(join(dataDir, `${DB}.sqlite`), { readOnly: true });
  try {
    const { table_name } = db.prepare('SELECT table_name FROM _ferretdb_collections WHERE name = ?').get(collection) as { table_name: string };
    const rows = db.prepare(`SELECT DISTINCT typeof(_ferretdb_sjson) AS t FROM "${table_name}" ORDER BY 1`).all() as { t: string }[];
    return rows.map((r) => r.t);
  } finally {
    db.close();
  }
}

const rnd = prng(20261130);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
const NAMES = ['SITI', 'SITI AMINAH', 'SUPARMI', 'a"b', 'a\\b', 'x\ny', '<&>', 'é', '日本', '\u2028', '', 'Budi!'];
const SCALARS: unknown[] = [
  0,
  1,
  -1,
  7,
  new Double(1),
  new Double(1.5),
  new Double(-0),
  Long.fromNumber(7),
  Long.fromString('9007199254740993'),
  null,
  true,
  new Date(86_400_000),
  new ObjectId('64b000000000000000000001'),
  'x',
  ...NAMES,
];
const DESA = ['35.19.01.2001', '35.19.01.2002', '35.19.02.2001'];

/** Person-shaped documents: indexed scalars, arrays, nested documents, missing fields. */
function people(count: number, from: number): Doc[] {
  return Array.from({ length: count }, (_, i) => {
    const doc: Doc = { _id: `p${String(from + i).padStart(5, '0')}`, fullName: pick(NAMES), desaCode: pick(DESA) };
    if (rnd() < 0.8) doc.nik = `3519${String(Math.floor(rnd() * 1e12)).padStart(12, '0')}`;
    if (rnd() < 0.5) doc.aid = Array.from({ length: Math.floor(rnd() * 3) }, () => pick(['PKH', 'BPNT', 'PBI', 7, null]));
    if (rnd() < 0.7) doc.v = pick(SCALARS);
    if (rnd() < 0.4) doc.address = { rt: pick(['001', '002']), geo: { lat: rnd() * -8, lng: 111.5 + rnd() }, tags: [pick(NAMES)] };
    if (rnd() < 0.2) doc.nameKeys = [pick(['siti', 'suparmi', 'budi']), pick(['aminah', 'x'])];
    return doc;
  });
}

const INDEXES: IndexDescription[] = [
  { key: { nik: 1 } },
  { key: { desaCode: 1 } },
  { key: { aid: 1 } },
  { key: { v: 1 } },
  { key: { fullName: 1, _id: 1 } },
  { key: { nameKeys: 1 } },
];
/** Documents with string ids, as the hub's. */
type Doc = Document & { _id: string };
const show = (docs: Document[]) => docs.map((d) => EJSON.stringify(d, { relaxed: false }));

/** The reads compared on both collections: equalities, $in, null, arrays, keyset pages, prefixes, counts. */
async function reads(db: Db, name: string): Promise<unknown[]> {
  const c = db.collection<Doc>(name);
  const out: unknown[] = [];
  const filters: Document[] = [
    {},
    { desaCode: DESA[0] },
    { aid: 'PKH' },
    { aid: null },
    { v: 7 },
    { v: null },
    { v: { $in: [1, 'x', '<&>', null] } },
    { fullName: 'SITI AMINAH' },
    { fullName: { $in: NAMES.slice(3, 8) } },
    { desaCode: DESA[1], aid: { $in: ['BPNT', 7] } },
    { 'address.rt': '001' },
    { nameKeys: { $regex: '^sit' } },
    { _id: { $gte: 'p00100', $lt: 'p00150' } },
  ];
  for (const f of filters) {
    out.push(show(await c.find(f).sort({ _id: 1 }).toArray()));
    out.push(await c.countDocuments(f));
  }
  out.push(show(await c.find({}).sort({ fullName: 1, _id: 1 }).limit(40).toArray()));
  out.push(show(await c.find({ desaCode: DESA[2] }).sort({ fullName: -1, _id: -1 }).limit(25).toArray()));
  out.push(
    show(
      await c
        .find({ $or: [{ fullName: { $gt: 'SITI' } }, { fullName: 'SITI', _id: { $gt: 'p00200' } }] })
        .sort({ fullName: 1, _id: 1 })
        .limit(30)
        .toArray(),
    ),
  );
  for (let i = 0; i < 20; i++) {
    const doc = await c.findOne({ _id: `p${String(i * 37).padStart(5, '0')}` });
    out.push(doc && show([doc]));
  }
  return out;
}

/** The writes applied to both collections: replaces, updates, deletes, and the importer's delete + insert. */
async function writes(db: Db, name: string): Promise<void> {
  const c = db.collection<Doc>(name);
  await c.replaceOne({ _id: 'p00003' }, { fullName: 'SITI "BARU"', desaCode: DESA[1], aid: ['PKH'], v: new Double(2.5) });
  await c.updateMany({ desaCode: DESA[0] }, { $set: { checked: true }, $inc: { visits: 1 } });
  await c.updateOne({ _id: 'p00010' }, { $push: { aid: 'BPNT' } as Document });
  await c.deleteMany({ v: 7 });
  const ids = ['p00020', 'p00021', 'p00022'];
  await c.deleteMany({ _id: { $in: ids } });
  await c.insertMany(REPLACEMENTS.map((d, i) => ({ ...d, _id: ids[i]! })));
  await c.bulkWrite([{ replaceOne: { filter: { _id: 'p00030' }, replacement: { fullName: 'SUPARMI', desaCode: DESA[2], nik: '3519000000000030' } } }]);
}

const DOCS = people(300, 0);
const REPLACEMENTS = people(3, 20);

describe('data directories written by older engines', () => {
  test(
    'a collection stored as text by an older engine reads, writes and uses its indexes on the new engine, beside a new JSONB collection, with the same answers',
    ...budgeted('three engine starts on one data directory, with writes and reads on each', 4 * UNITS.engine, async () => {
      let db = await open(true);
      await db.collection<Doc>('old').insertMany(DOCS.map((d) => ({ ...d })));
      await db.collection('old').createIndexes(INDEXES);
      await close();
      expect(storedAs('old')).toEqual(['text']);

      db = await open(false);
      await db.collection('fresh').createIndexes(INDEXES);
      await db.collection<Doc>('fresh').insertMany(DOCS.map((d) => ({ ...d })));
      const before = await reads(db, 'old');
      expect(await reads(db, 'fresh')).toEqual(before);
      expect(before[0]).toHaveLength(300);

      await writes(db, 'old');
      await writes(db, 'fresh');
      const after = await reads(db, 'old');
      expect(await reads(db, 'fresh')).toEqual(after);
      expect(after).not.toEqual(before);

      // Both collections are served by the same indexes.
      for (const name of ['old', 'fresh']) {
        const e = (await db.collection(name).find({ nik: '3519000000000030' }).explain('queryPlanner')) as unknown as { queryPlanner: { Plan: string[] } };
        expect(e.queryPlanner.Plan.join('\n')).toMatch(/USING INDEX \S+_nik_1/);
      }
      await close();

      // The old table keeps text, new writes to it included; the new one holds JSONB only.
      expect(storedAs('old')).toEqual(['text']);
      expect(storedAs('fresh')).toEqual(['blob']);

      // And the directory opens again on the new engine with the same answers.
      db = await open(false);
      expect(await reads(db, 'old')).toEqual(after);
      expect(await reads(db, 'fresh')).toEqual(after);
      await close();
    }),
  );
});
