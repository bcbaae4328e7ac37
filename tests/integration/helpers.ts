import type { EngineProfile } from '../../src/integration/store';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import mongoose from 'mongoose';
import { generateRegency, type GenerateRegencyOptions, type Regency } from '../../seeds/regency';
import { applySeededApprovals, entryKey, writeExtracts, type DiscrepancyRates, type Extracts } from '../../seeds/extracts';
import { connectMongoose, ensureIndexes } from '../../src/db/connection';
import { RecordCache } from '../../src/integration/cache';
import { importFile as runImport, type ImportOptions, type ImportResult } from '../../src/integration/runner';
import { SCENARIOS } from '../../seeds/regency/scenarios';
import { databaseEnv, spawnCommand } from '../helpers/command';
import { uniqueDbName } from '../helpers/config';
import { copyFiles, copyOf, fingerprint, saveForCopies, template, type Built, type FixtureSpec } from '../helpers/fixtures';
import { UNITS } from '../helpers/budget';
import { startTestHub, type TestHub } from '../helpers/hub';
import { useHub } from '../helpers/useHub';

/*
 * Import-pipeline specs run the importers against the run's embedded engine,
 * each file in databases of its own, on extracts written by the seed writers.
 */

/**
 * `npm run import -- <args>` as one process (no npm or tsx wrapper, so that a signal reaches the
 * importer itself) on the run's engine and this database, its output piped (not a terminal).
 */
export function spawnImport(dbName: string, args: readonly string[]) {
  return spawnCommand('src/cli/import.ts', args, databaseEnv(dbName));
}

let imports = new AbortController();
const running = new Set<Promise<unknown>>();

/**
 * importFile of src/integration/runner.ts, stopped when this file's database is switched or
 * dropped: an import a timed-out test left going stops at its next chunk and releases the import
 * lock, instead of writing on into the next test's database and holding the lock there.
 */
export function importFile(opts: ImportOptions): Promise<ImportResult> {
  const started = runImport({ ...opts, signal: imports.signal });
  running.add(started);
  void started.catch(() => undefined).finally(() => running.delete(started));
  return started;
}

/** Stops the imports started through importFile and waits until they have let go of the database. */
async function stopImports(): Promise<void> {
  imports.abort(new Error('the test that started this import is over'));
  await Promise.allSettled([...running]);
  imports = new AbortController();
}

/** Connects to a fresh database of the run's engine, or to `name` (a copy of a fixture), switching from any previous one. */
export async function useFreshDatabase(name = uniqueDbName('imp')): Promise<string> {
  if (!process.env.MONGODB_URI) throw new Error('tests need MONGODB_URI (set by tests/setup/globalSetup.ts)');
  await stopImports();
  if (mongoose.connection.readyState !== 0) await mongoose.disconnect();
  await connectMongoose(process.env.MONGODB_URI, name);
  await ensureIndexes();
  return name;
}

export async function dropDatabase(): Promise<void> {
  await stopImports();
  await mongoose.connection.dropDatabase().catch(() => undefined);
  await mongoose.disconnect();
}

export function tempDir(prefix: string): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), `simpul-${prefix}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface Written {
  regency: Regency;
  extracts: Extracts;
  file(source: string): string;
}

export async function writeScenario(opts: GenerateRegencyOptions, dir: string, rates?: Partial<DiscrepancyRates>): Promise<Written> {
  const regency = generateRegency(opts);
  const extracts = await writeExtracts(regency, dir, { seed: opts.seed, families: opts.families, asOf: opts.asOf, rates });
  return { regency, extracts, file: (source) => extracts.files.find((f) => f.source === source)!.path };
}

/** Called between the files of importAll, to look at (or save) the state a file finds or leaves. */
export interface BetweenFiles {
  /** Before the file is imported (before DT-SEN: once the seeded approvals are applied). */
  before?(source: string): Promise<void>;
  /** Once the file is imported. */
  after?(source: string): Promise<void>;
}

/**
 * Imports every file of the extracts in order, sharing one cache as `npm run seed` does, with the seeded world's
 * approved data changes applied before DT-SEN (seeds/extracts/verval.ts).
 */
export async function importAll(extracts: Extracts, chunkSize?: number, profile?: EngineProfile, between: BetweenFiles = {}): Promise<ImportResult[]> {
  const cache = new RecordCache();
  const out: ImportResult[] = [];
  for (const f of extracts.files) {
    if (f.source === 'dtsen') {
      for (const id of await applySeededApprovals(extracts.approvals)) cache.forget('persons', id);
    }
    await between.before?.(f.source);
    out.push(await importFile({ source: f.source, file: f.path, cache, chunkSize, profile }));
    await between.after?.(f.source);
  }
  return out;
}

/** A database state saved by saveState: each copy() is a fresh database of this file's own holding it. */
export interface SavedState {
  copy(): Promise<string>;
}

/**
 * The database mongoose is connected to, saved as it is now (its documents and indexes, in files under `dir`, as the
 * fixtures' templates are: tests/helpers/fixtures.ts copyOf), for a test that needs the state before the step it
 * exercises instead of importing everything before that step again. The database itself may then change.
 */
export async function saveState(dir: string): Promise<SavedState> {
  const name = mongoose.connection.db!.databaseName;
  const saved: Built = { db: name, dir: join(dir, name), data: {}, buildMs: 0, fingerprint: await fingerprint(mongoose.connection.getClient(), name) };
  await saveForCopies(saved);
  return { copy: () => copyOf(saved) };
}

/** The small regency's extracts (demo rates) imported through the importer, once per run (tests/helpers/fixtures.ts). */
export const importedSmall: FixtureSpec<{ extracts: Extracts }> = {
  name: 'imported-small',
  async build(dir) {
    const written = await writeScenario(SCENARIOS.small, dir);
    await importAll(written.extracts);
    return { extracts: written.extracts };
  },
};

/**
 * What `writeScenario(SCENARIOS.small, dir)` then `importAll` leave, for a file that goes on writing: the extract files
 * copied into `dir` (the file may change them) and a database of its own holding a copy of the run's import of them
 * (start the hub on it: `startTestHub({ MONGODB_DB: db })`). The import itself runs once per run.
 */
export async function importedSmallCopy(dir: string): Promise<{ db: string; written: Written }> {
  const built = await template(importedSmall);
  copyFiles(built, dir);
  const at = (path: string) => join(dir, relative(built.dir, path));
  const extracts: Extracts = { ...built.data.extracts, dir, files: built.data.extracts.files.map((f) => ({ ...f, path: at(f.path) })) };
  const written: Written = { regency: generateRegency(SCENARIOS.small), extracts, file: (source) => extracts.files.find((f) => f.source === source)!.path };
  return { db: await copyOf(built), written };
}

export interface ImportedSmallSetup {
  /** The hub on this file's copy of the run's import of the small regency (a live handle, tests/helpers/useHub.ts). */
  readonly hub: TestHub;
  /** The extracts, copied into this file's own folder (the file may change them). */
  readonly written: Written;
  /** This file's folder (removed after the file). */
  readonly dir: string;
}

/**
 * The one setup of a file that writes on the imported small regency: before its tests, the run's import of the small
 * regency's extracts (built once per run, here or by another worker) copied into a database and a folder of the
 * file's own and a hub started on it, then `then` (inside the same deadline); after them, hub closed, folder removed.
 */
export function useImportedSmallHub(prefix: string, then?: (setup: ImportedSmallSetup) => Promise<void>): ImportedSmallSetup {
  const tmp = tempDir(prefix);
  const setup = { dir: tmp.dir } as { hub: TestHub; written: Written; dir: string };
  setup.hub = useHub(
    'importing the extracts of the small regency (or waiting for it), copying them and starting a hub on the copy',
    UNITS.importedSmall,
    async () => {
      const imported = await importedSmallCopy(tmp.dir);
      setup.written = imported.written;
      return startTestHub({ MONGODB_DB: imported.db });
    },
    { then: then && (() => then(setup)), cleanup: tmp.remove },
  );
  return setup;
}

const db = () => mongoose.connection.db!;

/** Open discrepancies named as the answer key names them (NIK or card number of the subject). */
export async function openDiscrepancyKeys(): Promise<string[]> {
  const [discrepancies, persons, households] = await Promise.all([
    db().collection('discrepancies').find({ status: 'OPEN' }).toArray(),
    db()
      .collection('persons')
      .find({}, { projection: { nik: 1 } })
      .toArray(),
    db()
      .collection('households')
      .find({}, { projection: { kkNumber: 1 } })
      .toArray(),
  ]);
  const nik = new Map(persons.map((p) => [String(p._id), p.nik as string]));
  const kk = new Map(households.map((h) => [String(h._id), h.kkNumber as string]));
  return discrepancies
    .map((d) =>
      entryKey({
        kind: d.kind,
        nik: d.subjectType === 'PERSON' ? nik.get(d.personId) : undefined,
        kkNumber: d.subjectType === 'HOUSEHOLD' ? kk.get(d.householdId) : undefined,
        aspect: d.aspect,
      }),
    )
    .sort();
}

/** Counts by kind of a list of answer-key style keys. */
export function byKind(keys: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of keys) out[k.split('|')[0]!] = (out[k.split('|')[0]!] ?? 0) + 1;
  return out;
}

const STATE = ['persons', 'households', 'enrollments', 'trainings', 'trainingParticipations', 'pilar', 'discrepancies', 'linkKeys', 'importRejects'];

/**
 * Ids the hub mints for what a workflow creates (src/writes/run.ts newRecordId: a prefix, the time, random digits),
 * such as the data change request behind a seeded VERVAL value: different in every run, so written as their prefix.
 */
const MINTED_ID = /\b([A-Z]{2})[0-9A-Z]{9}[0-9A-F]{8}\b/g;
function withoutMintedIds(value: unknown, key?: string): unknown {
  // A record's lineage keeps each open discrepancy's hash of its values, which name the request behind a VERVAL value.
  if (key === 'lineage' && typeof value === 'string' && value.includes('VERVAL_CONTRADICTED')) {
    const lineage = JSON.parse(value) as { openDiscrepancies?: { key: string; hash: string }[] };
    for (const d of lineage.openDiscrepancies ?? []) if (d.key.startsWith('VERVAL_CONTRADICTED:')) d.hash = '<hash of minted ids>';
    return withoutMintedIds(JSON.stringify(lineage));
  }
  if (typeof value === 'string') return value.replace(MINTED_ID, '$1<minted>');
  if (Array.isArray(value)) return value.map((v) => withoutMintedIds(v));
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutMintedIds(v, k)]));
  }
  return value;
}

/**
 * Every record the imports wrote, in id order: what "the same state" means.
 * Moments stamped from the wall clock (when a discrepancy was opened or closed)
 * are left out, since two imports never start at the same instant, and so are
 * the ids workflows mint (withoutMintedIds).
 */
export async function snapshot(): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const name of STATE) {
    const docs = await db().collection(name).find({}).toArray();
    out[name] = docs
      .map((d) => {
        const { openedAt: _o, closedAt: _c, resolution, ...rest } = d as Record<string, unknown>;
        return withoutMintedIds(name === 'discrepancies' ? { ...rest, resolution: resolution ? { ...(resolution as object), at: null } : null } : d);
      })
      .sort((a, b) => (String((a as { _id: unknown })._id) < String((b as { _id: unknown })._id) ? -1 : 1));
  }
  out.counters = (await db()
    .collection('importState')
    .find({ _id: 'ids' as never })
    .toArray()) as unknown[];
  return out;
}
