/**
 * `npm run bench`: issue 12's table, in one command.
 *
 * For each regency (the default one, 2,000 families, seed "madiun", and a 250,000-family one,
 * seed "bench"):
 *   1. its source extracts, generated once and cached under `.bench-cache/extracts/`, keyed by
 *      the generator's version (a hash of the sources under seeds/) and the size;
 *   2. an import of those extracts, in `npm run seed` order, by a child process of its own into
 *      a fresh embedded engine (data kept under `.bench-cache/data/` for the reads, and for
 *      `--reuse-import`), timed, with the importer's and the engine's peak memory;
 *   3. the reads, on a hub started on that data directory: the nested page (first: 100) over
 *      HTTP, `person(nik:)`, a desa's `totalCount`, kabupaten statistics; and, in the same run,
 *      ratios: the hub over the same reads sent directly with the driver (the commands the hub
 *      sent, captured and replayed in the same order and parallelism), authorization on over
 *      off (served schema against the bare one, in process), DataLoader on over off.
 * Then prints one Markdown table (also written to `.bench-cache/last-table.md`).
 *
 * Run: npm run bench -- [--families 2000,250000] [--runs 30] [--reuse-import] [--import-only]
 *      [--chunk-size N] [--engine-profile P] [--import-limit-min 60] [--no-overlap]
 *      [--file-by-file] (the files one after the other, as before the first load by clusters)
 *      [--bucket-families N] (families per bucket of the first load by clusters, default 5,000)
 *      [--engine-debug-addr 127.0.0.1:PORT] (the import's engine serves Go pprof there)
 * Uses SIMPUL_ENGINE_DIR for the engine binary (built if missing), never MONGODB_URI.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, createReadStream } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { ApolloServer } from '@apollo/server';
import DataLoader from 'dataloader';
import mongoose from 'mongoose';
import { Long, type Document } from 'mongodb';
import { generateRegency } from '../seeds/regency';
import { SCENARIOS } from '../seeds/regency/scenarios';
import { writeExtracts, type Extracts } from '../seeds/extracts';
import { authenticate } from '../src/auth/authenticate';
import { mintToken } from '../src/auth/jwt';
import { systemViewer } from '../src/auth/viewer';
import { loadConfig, type Config } from '../src/config';
import { connectMongoose, ensureIndexes } from '../src/db/connection';
import { startEngine } from '../src/db/engine';
import { ensureEngineBinary } from '../src/db/engineBuild';
import { ensureRegions } from '../src/db/reference';
import { RecordCache } from '../src/integration/cache';
import { importFile } from '../src/integration/runner';
import { withIndexesAfterLoad } from '../src/integration/firstLoad';
import { loadByClusters, type ClusterLoadReport } from '../src/integration/clusterLoad';
import type { ImportResult } from '../src/integration/runner';
import type { EngineProfile } from '../src/integration/store';
import { createLoaders, type Loaders } from '../src/loaders';
import { createLogger } from '../src/log';
import { createContext, type Context } from '../src/server/context';
import { startHub, type Hub } from '../src/server/hub';
import { buildBareSchema, buildSchema } from '../src/server/schema';
import { NESTED } from '../tests/loaders/nested-query';
import { cpuSecondsOf as cpuOf } from './process';

const ROOT = resolve(__dirname, '..');
const CACHE = join(ROOT, '.bench-cache');
const BENCH_SEED = 'bench';

const args = process.argv.slice(2);
function option(name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

// ---------------------------------------------------------------------------------------------
// Cache keys

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]))
    .sort();
}

/** The generator's version: a hash of every file the extracts are made from. */
function generatorVersion(): string {
  const h = createHash('sha256');
  for (const f of filesUnder(join(ROOT, 'seeds'))) h.update(relative(ROOT, f)).update(readFileSync(f));
  return h.digest('hex').slice(0, 12);
}

/** The engine binary's identity: a patched build is another engine. */
function engineVersion(binary: string): string {
  const s = statSync(binary);
  return createHash('sha256').update(`${binary}:${s.size}:${s.mtimeMs}`).digest('hex').slice(0, 8);
}

interface Manifest {
  families: number;
  seed: string;
  persons: number;
  files: { source: string; name: string; rows: number }[];
}

// ---------------------------------------------------------------------------------------------
// Children: extracts and imports run in processes of their own, so that each one's memory is its own.

function runChild(childArgs: string[], env: NodeJS.ProcessEnv = {}, limitMs = 0): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    // SIMPUL_BENCH_CPU_PROF=<dir>: a V8 CPU profile of each child (the importer's own cost), for `--cpu-prof` readers.
    const prof = process.env.SIMPUL_BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', process.env.SIMPUL_BENCH_CPU_PROF] : [];
    const child = spawn(process.execPath, [...prof, '--import', 'tsx', __filename, ...childArgs], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString();
      for (const line of b.toString().split('\n')) if (line.startsWith('progress ')) process.stderr.write(`    ${line.slice(9)}\n`);
    });
    const timer = limitMs > 0 ? setTimeout(() => child.kill('SIGTERM'), limitMs) : null;
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      if (code === 0) resolvePromise(out);
      else reject(new Error(`bench child ${childArgs[0]} ${signal ? `stopped by ${signal}` : `exited with ${code}`}`));
    });
  });
}

/** Child: generates a regency and writes its extracts and manifest (the manifest last: its presence marks a whole cache entry). */
async function childWriteExtracts(dir: string, families: number, seed: string): Promise<void> {
  const regency = generateRegency({ families, seed });
  const extracts: Extracts = await writeExtracts(regency, dir, { seed, families });
  const manifest: Manifest = {
    families,
    seed,
    persons: regency.persons.length,
    files: extracts.files.map((f) => ({ source: f.source, name: f.path.split('/').pop()!, rows: f.rows })),
  };
  writeFileSync(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
}

async function ensureExtracts(families: number, seed: string): Promise<{ dir: string; manifest: Manifest; cached: boolean }> {
  const dir = join(CACHE, 'extracts', `${families}-${seed}-${generatorVersion()}`);
  const manifestPath = join(dir, 'manifest.json');
  if (existsSync(manifestPath)) return { dir, manifest: JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest, cached: true };
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const t = Date.now();
  await runChild(['--write-extracts', dir, String(families), seed]);
  console.error(`  wrote the extracts of ${families} families in ${((Date.now() - t) / 1000).toFixed(0)} s`);
  return { dir, manifest: JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest, cached: false };
}

interface ImportLine {
  source: string;
  status: string;
  rows: number;
  seconds: number;
  phases: Record<string, number>;
  /** CPU seconds of the importer and of the engine during this file (engine: 0 when unknown). */
  cpu?: { importer: number; engine: number };
  /** Documents written and ids read through the record store (journals aside), all collections. */
  docsWritten?: number;
  idsRead?: number;
}
interface ImportReport {
  rows: number;
  seconds: number;
  files: ImportLine[];
  peakRss: number;
  peakHeap: number;
  enginePeakRss: number;
  profile: string;
  /** CPU time of the importer process and of the engine during the import. */
  cpuSeconds: number;
  engineCpuSeconds: number;
  /** The first load by clusters (src/integration/clusterLoad.ts); absent for a load file after file. */
  clusterLoad?: Omit<ClusterLoadReport, 'results'>;
}

/** Child: imports the manifest's files in order into the engine at `uri`; one JSON line per file, then its memory. */
async function childImport(dir: string, uri: string, dbName: string): Promise<void> {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
  await connectMongoose(uri, dbName);
  await ensureIndexes();
  await ensureRegions();
  let peakHeap = 0;
  const sampler = setInterval(() => (peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)), 100);
  let profile = '';
  const enginePid = Number(option('--engine-pid') ?? 0);
  const cpuNow = () => {
    const c = process.cpuUsage();
    return { importer: (c.user + c.system) / 1e6, engine: enginePid ? cpuSecondsOf(enginePid) : 0 };
  };
  const progress = (source: string, rows: number, of: number, seconds: number) =>
    console.log(
      `progress ${source}: ${rows}/${of} rows in ${seconds.toFixed(0)} s, heap ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MB, RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB, CPU ${cpuNow().importer.toFixed(0)} s`,
    );
  const lineOf = (source: string, r: ImportResult, cpu?: ImportLine['cpu']): ImportLine => ({
    source,
    status: r.status,
    rows: r.counts.read,
    seconds: r.seconds,
    phases: Object.fromEntries(Object.entries(r.phases).map(([k, v]) => [k, Math.round(v / 100) / 10])),
    cpu,
    docsWritten: Object.values(r.tally.docsWritten).reduce((a, b) => a + b, 0),
    idsRead: Object.values(r.tally.idsRead).reduce((a, b) => a + b, 0),
  });
  const chunkSize = option('--chunk-size') ? Number(option('--chunk-size')) : undefined;
  const engineProfile = option('--engine-profile') as EngineProfile | undefined;
  // A first load, as the demo start and `npm run seed` do it: by clusters of families (src/integration/clusterLoad.ts).
  const byClusters = !process.argv.includes('--file-by-file')
    ? await (async () => {
        let lastShown = Date.now();
        const rowsOf = new Map(manifest.files.map((f) => [f.source, f.rows]));
        const workDir = join(CACHE, 'first-load-tmp');
        mkdirSync(workDir, { recursive: true });
        try {
          return await loadByClusters({
            files: manifest.files.map((f) => ({ source: f.source, path: join(dir, f.name) })),
            workDir,
            chunkSize,
            profile: engineProfile,
            familiesPerBucket: option('--bucket-families') ? Number(option('--bucket-families')) : undefined,
            onProgress: (source, p) => {
              if (source !== manifest.files[0]!.source || Date.now() - lastShown < 60_000) return;
              lastShown = Date.now();
              progress(source, p.counts.read, rowsOf.get(source) ?? 0, p.seconds);
            },
            onImported: (source, r) => {
              profile = r.profile ?? profile;
              if (r.status !== 'COMPLETED') throw new Error(`${source} ${r.status}: ${r.message ?? ''}`);
              // CPU per file is not known: the files of a bucket interleave (the load's total is).
              console.log(JSON.stringify(lineOf(source, r)));
            },
          });
        } finally {
          rmSync(workDir, { recursive: true, force: true });
        }
      })()
    : null;
  if (byClusters) {
    const { results: _r, ...rest } = byClusters;
    console.log(JSON.stringify({ clusterLoad: { ...rest, phases: Object.fromEntries(Object.entries(rest.phases).map(([k, v]) => [k, Math.round(v / 100) / 10])) } }));
  } else {
    const cache = new RecordCache();
    // A first load file after file (--file-by-file): secondary indexes built after the data (src/integration/firstLoad.ts).
    await withIndexesAfterLoad(async () => {
      for (const f of manifest.files) {
        let lastShown = Date.now();
        const cpuBefore = cpuNow();
        const r = await importFile({
          source: f.source,
          file: join(dir, f.name),
          cache,
          chunkSize,
          profile: engineProfile,
          // --no-overlap: each chunk waits for its own writes (ImportOptions.overlap), to measure what the pipelining buys.
          overlap: !process.argv.includes('--no-overlap'),
          onProgress: (p) => {
            if (Date.now() - lastShown < 60_000) return;
            lastShown = Date.now();
            progress(f.source, p.counts.read, f.rows, p.seconds);
          },
        });
        profile = r.profile ?? profile;
        if (r.status !== 'COMPLETED') throw new Error(`${f.source} ${r.status}: ${r.message ?? ''}`);
        const line = lineOf(f.source, r, { importer: Math.round(cpuNow().importer - cpuBefore.importer), engine: Math.round(cpuNow().engine - cpuBefore.engine) });
        console.log(JSON.stringify(line));
        console.log(
          `progress ${f.source} done: ${line.rows} rows in ${line.seconds.toFixed(0)} s, RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB, phases ${JSON.stringify(line.phases)}`,
        );
      }
    });
  }
  clearInterval(sampler);
  const cpu = process.cpuUsage();
  console.log(JSON.stringify({ peakRss: process.resourceUsage().maxRSS * 1024, peakHeap, profile, cpuSeconds: (cpu.user + cpu.system) / 1e6 }));
  await mongoose.disconnect();
}

/** CPU seconds (user + system) a process has used, 0 when unknown. */
function cpuSecondsOf(pid: number): number {
  try {
    return cpuOf(pid);
  } catch {
    return 0;
  }
}

/** Peak resident memory of a process (VmHWM), 0 when unknown. */
function peakRssOf(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

async function importInto(dataDir: string, extractsDir: string, config: Config, limitMs: number): Promise<ImportReport> {
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const log = createLogger('warn');
  const engine = await startEngine({ binary: await ensureEngineBinary(config.engineDir, log), dataDir, log, timeoutMs: 60_000, debugAddr: option('--engine-debug-addr') });
  try {
    const t = Date.now();
    const engineCpu = cpuSecondsOf(engine.pid);
    const passOn = [
      ...['--chunk-size', '--engine-profile', '--bucket-families'].flatMap((o) => (option(o) ? [o, option(o)!] : [])),
      ...['--no-overlap', '--file-by-file'].filter((o) => process.argv.includes(o)),
    ];
    const out = await runChild(['--import-dir', extractsDir, '--uri', engine.uri, '--db', config.dbName, '--engine-pid', String(engine.pid), ...passOn], {}, limitMs);
    const seconds = (Date.now() - t) / 1000;
    const lines = out
      .trim()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const memory = lines.pop() as { peakRss: number; peakHeap: number; profile: string; cpuSeconds: number };
    const clusterLoad = (lines.find((l) => 'clusterLoad' in l) as { clusterLoad: ImportReport['clusterLoad'] } | undefined)?.clusterLoad;
    const files = lines.filter((l) => 'source' in l) as unknown as ImportLine[];
    const report: ImportReport = {
      rows: files.reduce((n, f) => n + f.rows, 0),
      seconds,
      files,
      ...memory,
      ...(clusterLoad ? { clusterLoad } : {}),
      enginePeakRss: peakRssOf(engine.pid),
      engineCpuSeconds: cpuSecondsOf(engine.pid) - engineCpu,
    };
    writeFileSync(`${dataDir}.import.json`, `${JSON.stringify(report, null, 2)}\n`);
    return report;
  } finally {
    await engine.stop();
  }
}

// ---------------------------------------------------------------------------------------------
// Reads

const percentile = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
};
const p50 = (xs: number[]) => percentile(xs, 50);

interface Captured {
  db: string;
  command: Document;
  start: number;
  end: number;
}

const READ_COMMANDS = new Set(['find', 'aggregate', 'count', 'distinct']);
const DRIVER_FIELDS = new Set(['lsid', '$clusterTime', '$db', '$readPreference', 'txnNumber', 'apiVersion', 'apiStrict', 'apiDeprecationErrors']);

/** Runs `fn` and returns the read commands the driver sent meanwhile, with their times. */
async function capture(fn: () => Promise<unknown>): Promise<Captured[]> {
  const client = mongoose.connection.getClient();
  const open = new Map<number, Captured>();
  const done: Captured[] = [];
  const started = (e: { requestId: number; commandName: string; command: Document; databaseName: string }) => {
    if (!READ_COMMANDS.has(e.commandName)) return;
    const command = Object.fromEntries(Object.entries(e.command).filter(([k]) => !DRIVER_FIELDS.has(k)));
    open.set(e.requestId, { db: e.databaseName, command, start: performance.now(), end: Infinity });
  };
  const ended = (e: { requestId: number }) => {
    const c = open.get(e.requestId);
    if (!c) return;
    c.end = performance.now();
    open.delete(e.requestId);
    done.push(c);
  };
  client.on('commandStarted', started);
  client.on('commandSucceeded', ended);
  client.on('commandFailed', ended);
  try {
    await fn();
  } finally {
    client.off('commandStarted', started);
    client.off('commandSucceeded', ended);
    client.off('commandFailed', ended);
  }
  return done.sort((a, b) => a.start - b.start);
}

/**
 * The captured reads as waves: a command joins the current wave when it was sent before any
 * command of that wave had answered (so it could not depend on one); waves run one after the
 * other, the commands of a wave in parallel, as the hub sent them.
 */
function waves(cmds: Captured[]): Captured[][] {
  const out: Captured[][] = [];
  let wave: Captured[] = [];
  let firstEnd = Infinity;
  for (const c of cmds) {
    if (wave.length > 0 && c.start >= firstEnd) {
      out.push(wave);
      wave = [];
      firstEnd = Infinity;
    }
    wave.push(c);
    firstEnd = Math.min(firstEnd, c.end);
  }
  if (wave.length > 0) out.push(wave);
  return out;
}

/** Sends one captured read with the driver, draining its cursor as the hub's reads do. */
async function replayOne(c: Captured): Promise<number> {
  const db = mongoose.connection.getClient().db(c.db);
  const res = await db.command(c.command);
  let n = (res.cursor?.firstBatch as unknown[] | undefined)?.length ?? 0;
  let cursorId = Number(res.cursor?.id ?? 0);
  const coll = String(c.command.find ?? c.command.aggregate ?? '');
  while (cursorId !== 0) {
    const more = await db.command({ getMore: Long.fromNumber(cursorId), collection: coll });
    n += (more.cursor?.nextBatch as unknown[]).length;
    cursorId = Number(more.cursor?.id ?? 0);
  }
  return n;
}

async function replay(plan: Captured[][]): Promise<void> {
  for (const wave of plan) await Promise.all(wave.map(replayOne));
}

/** A context whose loaders do not batch or cache: every `load` sends a read of its own (DataLoader off). */
function unbatched(ctx: Context): Context {
  const loaders = {} as Record<string, DataLoader<string, unknown>>;
  for (const name of Object.keys(ctx.loaders)) {
    loaders[name] = new DataLoader<string, unknown>(
      async (keys) => Promise.all(keys.map((k) => (createLoaders(ctx.viewer, ctx.now)[name as keyof Loaders] as DataLoader<string, unknown>).load(k))),
      { batch: false, cache: false },
    );
  }
  return { ...ctx, loaders: loaders as unknown as Loaders };
}

interface ReadResults {
  nestedP50: number;
  nestedP99: number;
  nestedReads: number;
  personP50: number;
  desaCountP50: number;
  desaCount: number;
  statisticsP50: number;
  driverNestedP50: number;
  driverPersonP50: number;
  authOnP50: number;
  authOffP50: number;
  loaderOnP50: number;
  loaderOffP50: number;
  loaderOffReads: number;
  /** Failed calls per measurement (timed until they failed). */
  failed: Record<string, string>;
}

/** Errors of the timed calls since the last `takeFailures()`: a read that fails is timed until it fails, and reported. */
let failures: string[] = [];
function takeFailures(): string {
  const counts = new Map<string, number>();
  for (const f of failures) counts.set(f, (counts.get(f) ?? 0) + 1);
  failures = [];
  return [...counts].map(([code, k]) => `${k} × ${code}`).join(', ');
}

async function timeIt(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  try {
    await fn();
  } catch (err) {
    const m = /"code":"([A-Z_]+)"/.exec((err as Error).message);
    failures.push(m?.[1] ?? (err as Error).message.slice(0, 60));
  }
  return performance.now() - t;
}

async function sampleNiks(extractsDir: string, n: number): Promise<string[]> {
  const all: string[] = [];
  const lines = createInterface({ input: createReadStream(join(extractsDir, 'senopati.jsonl')) });
  for await (const line of lines) {
    const m = /"nik":"(\d{16})"/.exec(line);
    if (m) all.push(m[1]!);
  }
  const step = Math.max(1, Math.floor(all.length / n));
  return all.filter((_, i) => i % step === 0).slice(0, n);
}

async function measureReads(hub: Hub, config: Config, extractsDir: string, runs: number): Promise<ReadResults> {
  const token = await mintToken(config.jwt, { sub: 'bench', role: 'ADMIN' });
  const post = async (query: string, variables: Record<string, unknown> = {}): Promise<Record<string, unknown>> => {
    const res = await fetch(`http://127.0.0.1:${hub.port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-purpose': 'benchmark' },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { errors?: unknown[]; data?: Record<string, unknown> };
    if (body.errors) throw new Error(`query failed: ${JSON.stringify(body.errors).slice(0, 400)}`);
    return body.data!;
  };
  const repeat = async (n: number, fn: (i: number) => Promise<unknown>): Promise<number[]> => {
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push(await timeIt(() => fn(i)));
    return out;
  };
  const log = (s: string) => console.error(`    ${s}`);
  const failed: Record<string, string> = {};
  const note = (what: string) => {
    const f = takeFailures();
    if (f) failed[what] = f;
  };

  // Nested page, over HTTP.
  const nested = () => post(NESTED, { first: 100 });
  for (let i = 0; i < 3; i++) await timeIt(nested);
  takeFailures();
  const nestedTimes = await repeat(runs, nested);
  note('nested');
  log(`nested first:100 p50 ${p50(nestedTimes).toFixed(0)} ms`);

  // person(nik:), over HTTP, a different person each time.
  const niks = await sampleNiks(extractsDir, Math.max(10, runs * 3));
  const PERSON = 'query($nik: String!) { person(nik: $nik) { id fullName nik } }';
  for (let i = 0; i < 5; i++) await timeIt(() => post(PERSON, { nik: niks[i] }));
  takeFailures();
  const personTimes = await repeat(niks.length, (i) => post(PERSON, { nik: niks[i] }));
  note('person');
  log(`person(nik:) p50 ${p50(personTimes).toFixed(1)} ms`);

  // A desa's totalCount, over HTTP, rotating over the desas.
  const desas = ((await post('{ kecamatans { desas { code } } }')).kecamatans as { desas: { code: string }[] }[]).flatMap((k) => k.desas.map((d) => d.code));
  const DESA = 'query($code: String!) { households(filter: { desaCode: $code }, first: 0) { totalCount } }';
  let desaCount = 0;
  const desaTimes = await repeat(runs, async (i) => {
    const data = await post(DESA, { code: desas[(i * 7) % desas.length] });
    desaCount = Math.max(desaCount, (data.households as { totalCount: number }).totalCount);
  });
  note('desa');
  log(`desa totalCount p50 ${p50(desaTimes).toFixed(1)} ms (largest ${desaCount})`);

  // Kabupaten statistics (every kecamatan), over HTTP.
  const STATS = '{ statistics { kecamatan { code } households persons householdsReceivingAid suppressed } }';
  await timeIt(() => post(STATS));
  takeFailures();
  const statTimes = await repeat(Math.max(5, Math.floor(runs / 3)), () => post(STATS));
  note('statistics');
  log(`statistics p50 ${p50(statTimes).toFixed(0)} ms`);

  // Hub over driver: the reads one nested request and one person lookup sent, replayed directly.
  const nestedPlan = waves(await capture(() => timeIt(nested)));
  const personPlan: Captured[][][] = [];
  for (const nik of niks.slice(0, 20)) personPlan.push(waves(await capture(() => timeIt(() => post(PERSON, { nik })))));
  takeFailures();
  const driverNested: number[] = [];
  const hubNested: number[] = [];
  for (let i = 0; i < runs; i++) {
    hubNested.push(await timeIt(nested));
    driverNested.push(await timeIt(() => replay(nestedPlan)));
  }
  note('driver');
  const driverPerson: number[] = [];
  const hubPerson: number[] = [];
  for (let i = 0; i < 3; i++) {
    for (const [j, plan] of personPlan.entries()) {
      hubPerson.push(await timeIt(() => post(PERSON, { nik: niks[j] })));
      driverPerson.push(await timeIt(() => replay(plan)));
    }
  }
  log(
    `driver: nested ${p50(driverNested).toFixed(0)} ms (hub ${p50(hubNested).toFixed(0)}), ${nestedPlan.flat().length} reads in ${nestedPlan.length} waves; person ${p50(driverPerson).toFixed(1)} ms (hub ${p50(hubPerson).toFixed(1)})`,
  );

  // Authorization on over off, and DataLoader on over off: in process, the nested page.
  const bare = new ApolloServer<Context>({ schema: buildBareSchema() });
  const served = new ApolloServer<Context>({ schema: buildSchema() });
  await Promise.all([bare.start(), served.start()]);
  const header = (name: string) => (name === 'authorization' ? `Bearer ${token}` : undefined);
  const check = (res: unknown) => {
    const body = (res as { body: { kind: string; singleResult?: { errors?: unknown[] } } }).body;
    if (body.singleResult?.errors) throw new Error(JSON.stringify(body.singleResult.errors).slice(0, 400));
  };
  const variables = { first: 100 };
  const authOn = async () =>
    check(await served.executeOperation({ query: NESTED, variables }, { contextValue: createContext('bench', await authenticate(header, config), config.maskKey) }));
  const authOff = async () => check(await bare.executeOperation({ query: NESTED, variables }, { contextValue: createContext('bench', systemViewer(), config.maskKey) }));
  const loaderOff = async () =>
    check(await served.executeOperation({ query: NESTED, variables }, { contextValue: unbatched(createContext('bench', await authenticate(header, config), config.maskKey)) }));
  for (const fn of [authOn, authOff]) await timeIt(fn);
  takeFailures();
  const on: number[] = [];
  const off: number[] = [];
  for (let i = 0; i < runs; i++) {
    on.push(await timeIt(authOn));
    off.push(await timeIt(authOff));
  }
  note('authorization');
  log(`authorization on ${p50(on).toFixed(0)} ms, off ${p50(off).toFixed(0)} ms`);
  const loaderOffReads = (await capture(() => timeIt(loaderOff))).length;
  takeFailures();
  const lOn: number[] = [];
  const lOff: number[] = [];
  const loaderRuns = Math.max(3, Math.floor(runs / 5));
  for (let i = 0; i < loaderRuns; i++) {
    lOn.push(await timeIt(authOn));
    lOff.push(await timeIt(loaderOff));
  }
  note('dataloader');
  log(`DataLoader on ${p50(lOn).toFixed(0)} ms, off ${p50(lOff).toFixed(0)} ms (${loaderOffReads} reads)`);
  await Promise.all([bare.stop(), served.stop()]);

  return {
    nestedP50: p50(nestedTimes),
    nestedP99: percentile(nestedTimes, 99),
    nestedReads: nestedPlan.flat().length,
    personP50: p50(personTimes),
    desaCountP50: p50(desaTimes),
    desaCount,
    statisticsP50: p50(statTimes),
    driverNestedP50: p50(driverNested) / p50(hubNested),
    driverPersonP50: p50(driverPerson) / p50(hubPerson),
    authOnP50: p50(on),
    authOffP50: p50(off),
    loaderOnP50: p50(lOn),
    loaderOffP50: p50(lOff),
    loaderOffReads,
    failed,
  };
}

// ---------------------------------------------------------------------------------------------

interface Column {
  label: string;
  families: number;
  persons: number;
  imported: ImportReport;
  importCached: boolean;
  reads: ReadResults;
}

const ms = (x: number) => (x >= 100 ? `${x.toFixed(0)} ms` : `${x.toFixed(1)} ms`);
const mb = (b: number) => `${(b / 2 ** 20).toFixed(0)} MB`;
const ratio = (x: number) => `${x.toFixed(2)}×`;
const n = (x: number) => x.toLocaleString('en-US');

function table(columns: Column[], meta: string): string {
  const rows: [string, (c: Column) => string][] = [
    ['people / import rows', (c) => `${n(c.persons)} / ${n(c.imported.rows)}`],
    ['nested page, first: 100, p50 / p99', (c) => `${ms(c.reads.nestedP50)} / ${ms(c.reads.nestedP99)}`],
    ['`person(nik:)` p50', (c) => ms(c.reads.personP50)],
    ["a desa's `totalCount` p50 (largest desa's count)", (c) => `${ms(c.reads.desaCountP50)} (${n(c.reads.desaCount)})`],
    ['kabupaten `statistics` p50', (c) => ms(c.reads.statisticsP50)],
    [
      'import: wall time, rows/s',
      (c) => `${(c.imported.seconds / 60).toFixed(1)} min, ${n(Math.round(c.imported.rows / c.imported.seconds))} rows/s${c.importCached ? ' (cached run)' : ''}`,
    ],
    ['import: CPU importer / engine', (c) => `${c.imported.cpuSeconds.toFixed(0)} s / ${c.imported.engineCpuSeconds.toFixed(0)} s`],
    ['import: peak RSS importer / engine (peak heap)', (c) => `${mb(c.imported.peakRss)} / ${mb(c.imported.enginePeakRss)} (${mb(c.imported.peakHeap)})`],
    ['ratio hub / driver, nested page (reads replayed)', (c) => `${ratio(1 / c.reads.driverNestedP50)} (${c.reads.nestedReads} reads)`],
    ['ratio hub / driver, `person(nik:)`', (c) => ratio(1 / c.reads.driverPersonP50)],
    ['ratio authorization on / off, nested page', (c) => `${ratio(c.reads.authOnP50 / c.reads.authOffP50)} (${ms(c.reads.authOnP50)} / ${ms(c.reads.authOffP50)})`],
    [
      'ratio DataLoader on / off, nested page',
      (c) => `${ratio(c.reads.loaderOnP50 / c.reads.loaderOffP50)} (${ms(c.reads.loaderOnP50)} / ${ms(c.reads.loaderOffP50)}, ${n(c.reads.loaderOffReads)} reads off)`,
    ],
  ];
  const failedNote = columns.flatMap((c) => Object.entries(c.reads.failed).map(([what, f]) => `${c.label}, ${what}: ${f} (timed until they failed)`));
  const head = `| | ${columns.map((c) => c.label).join(' | ')} |\n|---|${columns.map(() => '---').join('|')}|\n`;
  const failedText = failedNote.length > 0 ? `\nFailed calls: ${failedNote.join('; ')}.\n` : '';
  return `${meta}\n\n${head}${rows.map(([label, f]) => `| ${label} | ${columns.map(f).join(' | ')} |`).join('\n')}\n${failedText}`;
}

async function main(): Promise<void> {
  if (args[0] === '--write-extracts') return childWriteExtracts(args[1]!, Number(args[2]), args[3]!);
  if (args[0] === '--import-dir') return childImport(args[1]!, option('--uri')!, option('--db')!);

  const sizes = (option('--families') ?? `${SCENARIOS.demo.families},250000`).split(',').map(Number);
  const runs = Number(option('--runs') ?? 30);
  const limitMs = Number(option('--import-limit-min') ?? 60) * 60_000;
  const base = loadConfig({ ...process.env, MONGODB_URI: undefined, LOG_LEVEL: 'warn' });
  const log = createLogger('warn');
  const binary = await ensureEngineBinary(base.engineDir, log);
  const engineKey = engineVersion(binary);
  const columns: Column[] = [];
  for (const families of sizes) {
    const seed = families === SCENARIOS.demo.families ? String(SCENARIOS.demo.seed) : BENCH_SEED;
    console.error(`${families} families (seed "${seed}")`);
    const { dir, manifest, cached } = await ensureExtracts(families, seed);
    console.error(`  extracts ${cached ? 'from the cache' : 'written'}: ${relative(ROOT, dir)}`);
    const dataDir = join(CACHE, 'data', `${families}-${seed}-${generatorVersion()}-${engineKey}`);
    const config = loadConfig({
      ...process.env,
      MONGODB_URI: undefined,
      MONGODB_DB: 'bench',
      SIMPUL_DATA_DIR: dataDir,
      SIMPUL_SEED_ON_START: 'none',
      PORT: '0',
      LOG_LEVEL: 'warn',
      // A benchmark measures how long reads take: slow ones run to the end instead of failing at the development limits.
      SIMPUL_DB_MAX_TIME_MS: '900000',
      SIMPUL_REQUEST_TIMEOUT_MS: '900000',
    });
    const reportPath = `${dataDir}.import.json`;
    let imported: ImportReport;
    let importCached = false;
    if (args.includes('--reuse-import') && existsSync(reportPath)) {
      imported = JSON.parse(readFileSync(reportPath, 'utf8')) as ImportReport;
      importCached = true;
      console.error(`  import: reusing ${relative(ROOT, dataDir)}`);
    } else {
      console.error(`  import of ${n(manifest.files.reduce((s, f) => s + f.rows, 0))} rows into a fresh engine`);
      imported = await importInto(dataDir, dir, config, limitMs);
      for (const f of imported.files)
        console.error(
          `    ${f.source.padEnd(18)} ${String(f.rows).padStart(8)} rows ${f.seconds.toFixed(1).padStart(7)} s  CPU ${f.cpu?.importer ?? '?'} / ${f.cpu?.engine ?? '?'} s, docs written ${f.docsWritten ?? '?'}, ids read ${f.idsRead ?? '?'}  ${JSON.stringify(f.phases)}`,
        );
      const cl = imported.clusterLoad;
      if (cl)
        console.error(
          `  by clusters: ${n(cl.clusters)} clusters of ${n(cl.keys)} keys in ${cl.buckets} buckets (heap growth over the cluster pass ${(cl.clusterHeapBytes / 2 ** 20).toFixed(0)} MB); flushes wrote ${n(cl.written.inserted)} documents inserted + ${n(cl.written.replaced)} replaced; phases (s) ${JSON.stringify(cl.phases)}; per file: docs handed to the buffer, ids read from buffer or engine`,
        );
      console.error(
        `  imported ${n(imported.rows)} rows in ${imported.seconds.toFixed(0)} s (${imported.profile} profile), CPU importer ${imported.cpuSeconds.toFixed(1)} s, engine ${imported.engineCpuSeconds.toFixed(1)} s, peak RSS importer ${(imported.peakRss / 2 ** 20).toFixed(0)} MB, engine ${(imported.enginePeakRss / 2 ** 20).toFixed(0)} MB`,
      );
    }
    if (args.includes('--import-only')) continue;
    const hub = await startHub(config, log);
    try {
      const reads = await measureReads(hub, config, dir, runs);
      columns.push({ label: `${n(families)} families`, families, persons: manifest.persons, imported, importCached, reads });
    } finally {
      await hub.close();
    }
  }
  if (columns.length === 0) return;
  const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  const meta = `\`npm run bench\` at ${new Date().toISOString().slice(0, 16)}Z, commit ${commit}, engine ${relative(ROOT, binary) || binary} (${engineKey}), ${runs} runs, load average ${(
    await import('node:os')
  )
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`;
  const out = table(columns, meta);
  mkdirSync(CACHE, { recursive: true });
  writeFileSync(join(CACHE, 'last-table.md'), out);
  console.log(out);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
