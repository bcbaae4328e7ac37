import { appendFileSync, closeSync, cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { BSON, MongoClient, type Collection, type Document } from 'mongodb';
import mongoose from 'mongoose';
import { connectMongoose, ensureIndexes } from '../../src/db/connection';
import { ensureRegions } from '../../src/db/reference';
import { uniqueDbName } from './config';

/*
 * Fixtures built once per run. The first test file that needs one builds it into a template database of the run's
 * engine (one builder at a time across workers: a lock file in the run's folder, tests/setup/globalSetup.ts); every
 * other file waits for it and then either reads the template itself, read-only (files that only read), or gets a copy
 * of it in a database of its own (files that write). Copies go through the driver in bulk: the embedded engine
 * (FerretDB on SQLite) discovers database files only when it starts, and opening a copied file later makes it drop
 * the file, so a file copy is not an option there.
 */

/** What a fixture's builder may hand to the files that use it (JSON). */
export type FixtureData = Record<string, unknown>;

export interface FixtureSpec<D extends FixtureData = FixtureData> {
  /** Names the template (letters, digits, dashes): one per distinct content. */
  name: string;
  /**
   * Fills the empty template database, to which mongoose is connected (its indexes and the region reference data are
   * there already). `dir` is a folder of the fixture's own that outlives the build (extract files, for example).
   */
  build(dir: string): Promise<D>;
}

export interface Built<D extends FixtureData = FixtureData> {
  /** The template database. */
  db: string;
  /** The fixture's folder (see FixtureSpec.build). */
  dir: string;
  data: D;
  /** How long the build took, in this run. */
  buildMs: number;
  /** Documents per collection and indexes per collection, right after the build. */
  fingerprint: Record<string, string>;
}

const runId = () => {
  const id = process.env.SIMPUL_TEST_RUN_ID;
  if (!id) throw new Error('tests need SIMPUL_TEST_RUN_ID and SIMPUL_TEST_RUN_DIR (set by tests/setup/globalSetup.ts)');
  return id;
};
const runDir = () => process.env.SIMPUL_TEST_RUN_DIR!;
const uri = () => {
  if (!process.env.MONGODB_URI) throw new Error('tests need MONGODB_URI (set by tests/setup/globalSetup.ts)');
  return process.env.MONGODB_URI;
};

/** The prefix of every template database of this run (globalTeardown drops them on a MongoDB server). */
export const templatePrefix = (id: string) => `tpl_${id}_`;

/** The template's database: built by the first caller of the run, by the others waited for. */
export async function template<D extends FixtureData>(spec: FixtureSpec<D>): Promise<Built<D>> {
  const base = join(runDir(), 'fixtures');
  mkdirSync(base, { recursive: true });
  const done = join(base, `${spec.name}.json`);
  const lock = join(base, `${spec.name}.lock`);
  for (;;) {
    if (existsSync(done)) return JSON.parse(readFileSync(done, 'utf8')) as Built<D>;
    let fd: number;
    try {
      fd = openSync(lock, 'wx');
    } catch {
      // Another worker builds it: wait while that worker lives (a dead builder's lock is taken over).
      if (!builderAlive(lock)) rmSync(lock, { force: true });
      await sleep(200);
      continue;
    }
    writeFileSync(fd, String(process.pid));
    closeSync(fd);
    try {
      const built = await buildTemplate(spec, base);
      writeFileSync(`${done}.tmp`, JSON.stringify(built));
      renameSync(`${done}.tmp`, done);
      // SIMPUL_TEST_TIMINGS=<file>: one line per fixture built, for calibrating hook budgets (tests/helpers/budget.ts).
      if (process.env.SIMPUL_TEST_TIMINGS)
        appendFileSync(process.env.SIMPUL_TEST_TIMINGS, `${spec.name} built in ${built.buildMs} ms; reference ${process.env.SIMPUL_TEST_REFERENCE_MS} ms\n`);
      return built;
    } finally {
      rmSync(lock, { force: true });
    }
  }
}

function builderAlive(lock: string): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(lock, 'utf8'));
  } catch {
    return true; // just created, pid not written yet
  }
  if (!pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function buildTemplate<D extends FixtureData>(spec: FixtureSpec<D>, base: string): Promise<Built<D>> {
  if (mongoose.connection.readyState !== 0) throw new Error(`fixture ${spec.name}: build it before the file connects to a database of its own`);
  const db = `${templatePrefix(runId())}${spec.name.replace(/-/g, '_')}`;
  const dir = join(base, spec.name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const started = Date.now();
  await connectMongoose(uri(), db);
  try {
    // A half-built template a dead builder left behind is started again from nothing.
    await mongoose.connection.dropDatabase();
    await ensureIndexes();
    await ensureRegions();
    const data = await spec.build(dir);
    return { db, dir, data, buildMs: Date.now() - started, fingerprint: await fingerprint(mongoose.connection.getClient(), db) };
  } catch (err) {
    await mongoose.connection.dropDatabase().catch(() => undefined);
    throw err;
  } finally {
    await mongoose.disconnect();
  }
}

/**
 * The one write a reader may make: the hub appends an audit event to `auditEvents` whenever a caller reads a
 * sensitive field (AuditWriter, src/auth/audit.ts), so every read spec writes there. Nothing else is allowed, and a file that reads
 * the audit trail (tests/auth/audit.test.ts) takes a copy of its own.
 */
const APPEND_ONLY = new Set(['auditEvents']);

/** Documents and indexes per collection: what a read-only user must leave as it found. */
export async function fingerprint(client: MongoClient, dbName: string): Promise<Record<string, string>> {
  const db = client.db(dbName);
  const out: Record<string, string> = {};
  for (const { name } of await db.listCollections({}, { nameOnly: true }).toArray()) {
    const c = db.collection(name);
    const [docs, indexes] = await Promise.all([c.countDocuments({}), c.listIndexes().toArray()]);
    out[name] = `${docs} documents, indexes ${indexes
      .map((i) => String(i.name))
      .sort()
      .join(',')}`;
  }
  return out;
}

/**
 * A fresh database of this file's own holding a copy of the template (documents and indexes), for a file that
 * writes. Returns its name: start the hub on it (`startTestHub({ MONGODB_DB: name })`).
 */
export async function copyOf(built: Built): Promise<string> {
  const target = uniqueDbName();
  const started = Date.now();
  const client = await new MongoClient(uri()).connect();
  try {
    const saved = await savedTemplate(built, client);
    const to = client.db(target);
    // Created one at a time, in the template's order (the first one creates the database).
    for (const { name } of saved) await to.createCollection(name);
    // Collections side by side (the engine works on several requests at once).
    await Promise.all(saved.map((c) => copyCollection(c, to.collection(c.name))));
    const copied = await fingerprint(client, target);
    const sorted = (f: Record<string, string>) => JSON.stringify(Object.entries(f).sort());
    if (sorted(copied) !== sorted(built.fingerprint)) {
      throw new Error(`the copy of ${built.db} differs from it: ${JSON.stringify(copied)} vs ${JSON.stringify(built.fingerprint)}`);
    }
  } catch (err) {
    await client
      .db(target)
      .dropDatabase()
      .catch(() => undefined);
    throw err;
  } finally {
    await client.close();
  }
  if (process.env.SIMPUL_TEST_TIMINGS) appendFileSync(process.env.SIMPUL_TEST_TIMINGS, `${built.db} copied in ${Date.now() - started} ms\n`);
  return target;
}

/**
 * Saves a database's documents and indexes for copyOf as its first copy would, without copying it (the database itself
 * may then be used as it is, by one user).
 */
export async function saveForCopies(built: Built): Promise<void> {
  const client = await new MongoClient(uri()).connect();
  try {
    await savedTemplate(built, client);
  } finally {
    await client.close();
  }
}

/** Documents copied per insert. */
const COPY_BATCH = 2000;

/** One collection of a template as saved for its copies: its documents (raw BSON, one after the other) and its indexes. */
interface SavedCollection {
  name: string;
  /** The file holding its documents. */
  file: string;
  indexes: Document[];
}

/**
 * The template's collections, documents and indexes, in the template's order, saved once per run in the run's folder
 * by the first copy: the engine then reads the template once, not once per copy. The documents of APPEND_ONLY
 * collections are not saved: the audit events the readers of the shared template appended since it was built are
 * theirs, not the fixture's (a template holds none when built: the fingerprint check of copyOf says so if one ever does).
 */
async function savedTemplate(built: Built, client: MongoClient): Promise<SavedCollection[]> {
  const at = `${built.dir}.saved`;
  const list = join(at, 'collections.json');
  if (existsSync(list)) return JSON.parse(readFileSync(list, 'utf8')) as SavedCollection[];
  // Saved into a folder of this process's own, then moved into place whole: a worker that saves the same template at
  // the same time loses the race harmlessly (its folder is removed).
  const tmp = mkdtempSync(`${at}.tmp-`);
  try {
    const from = client.db(built.db);
    const names = (await from.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name);
    const saved = await Promise.all(
      names.map(async (name, i): Promise<SavedCollection> => {
        const docs: Uint8Array[] = APPEND_ONLY.has(name) ? [] : ((await from.collection(name).find({}, { raw: true, batchSize: COPY_BATCH }).toArray()) as unknown as Uint8Array[]);
        writeFileSync(join(tmp, `${i}.bson`), Buffer.concat(docs));
        // Indexes after the documents (copyCollection): building one over a full table is cheaper than keeping it up to date row by row.
        const indexes = (await from.collection(name).listIndexes().toArray()).filter((x) => x.name !== '_id_').map(({ v: _v, ns: _ns, ...spec }) => spec);
        return { name, file: join(at, `${i}.bson`), indexes };
      }),
    );
    writeFileSync(join(tmp, 'collections.json'), JSON.stringify(saved));
    try {
      renameSync(tmp, at);
    } catch {
      // Another worker's folder is in place already: its list names its files.
      return JSON.parse(readFileSync(list, 'utf8')) as SavedCollection[];
    }
    return saved;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** One collection of a template into its copy (created already): its saved documents, then its indexes. */
async function copyCollection(saved: SavedCollection, to: Collection): Promise<void> {
  const bytes = readFileSync(saved.file);
  let batch: Document[] = [];
  for (let at = 0; at < bytes.length;) {
    const size = bytes.readInt32LE(at);
    batch.push(BSON.deserialize(bytes.subarray(at, at + size)));
    at += size;
    if (batch.length === COPY_BATCH || at === bytes.length) {
      await to.insertMany(batch, { ordered: false });
      batch = [];
    }
  }
  if (saved.indexes.length) await to.createIndexes(saved.indexes as never);
}

/** Copies the fixture's folder (its extract files) into `dir`, so that a file may change them. */
export function copyFiles(built: Built, dir: string): void {
  cpSync(built.dir, dir, { recursive: true });
}

/** Commands that change a database: none of them may reach a shared template (but inserts into APPEND_ONLY). */
const WRITES = new Set(['insert', 'update', 'delete', 'findAndModify', 'drop', 'dropDatabase', 'dropIndexes', 'renameCollection', 'collMod', 'bulkWrite']);

/**
 * Watches a mongoose client for writes to the shared template (everything the hub, or the file itself, sends), and
 * returns the check to run when the file is done: it fails, naming the writes, when any was sent or when the
 * template's documents or indexes changed (a write from another process).
 */
export function guardReadOnly(built: Built, client: MongoClient): () => Promise<void> {
  const writes: string[] = [];
  const watch = (ev: { databaseName: string; commandName: string; command: Record<string, unknown> }) => {
    if (ev.databaseName !== built.db || !WRITES.has(ev.commandName)) return;
    const collection = String(ev.command[ev.commandName]);
    if (ev.commandName === 'insert' && APPEND_ONLY.has(collection)) return;
    writes.push(`${ev.commandName} ${collection}`);
  };
  client.on('commandStarted', watch);
  return async () => {
    client.off('commandStarted', watch);
    const now = await fingerprint(client, built.db);
    const changed = Object.keys({ ...now, ...built.fingerprint }).filter((c) => !APPEND_ONLY.has(c) && now[c] !== built.fingerprint[c]);
    if (writes.length) {
      throw new Error(`this file changed the shared read-only fixture ${built.db} (${[...new Set(writes)].slice(0, 5).join('; ')}): give it a copy of its own (copyOf) instead`);
    }
    if (changed.length) {
      const what = changed.map((c) => `${c}: ${built.fingerprint[c] ?? 'absent'} -> ${now[c] ?? 'absent'}`).join('; ');
      throw new Error(
        `the shared read-only fixture ${built.db} changed while this file used it, not through this file's connection (${what}): another file or process wrote to it`,
      );
    }
  };
}
