/**
 * Issue 3's measurements: the latency of the nested household query at page
 * size 100 on the default (demo) regency, and the time to build and load the
 * default regency and a 50,000-family one into the embedded engine.
 *
 * Run: npx tsx bench/nested-query.ts [--runs N] [--large-families N] [--skip-large]
 * Each part runs on its own embedded engine in a temporary data directory.
 * The large load gives up after 15 minutes (SIMPUL_BENCH_LOAD_LIMIT_MIN) and
 * prints how far it got. See bench/README.md for measured numbers.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { generateRegency } from '../seeds/regency';
import { SCENARIOS } from '../seeds/regency/scenarios';
import { mintToken } from '../src/auth/jwt';
import { loadConfig } from '../src/config';
import { loadRegency, type LoadProgress } from '../seeds/loadRegency';
import { createLogger } from '../src/log';
import { startHub, type Hub } from '../src/server/hub';
import { NESTED } from '../tests/loaders/nested-query';

const args = process.argv.slice(2);
const option = (name: string, fallback: number): number => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const RUNS = option('--runs', 30);
const WARM_UPS = 3;
const PAGE = 100;
const LARGE = option('--large-families', 50_000);
const LOAD_LIMIT_MS = Number(process.env.SIMPUL_BENCH_LOAD_LIMIT_MIN ?? 15) * 60_000;

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function percentile(sorted: number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

interface BenchHub {
  hub: Hub;
  token: string;
  dataDir: string;
  close(): Promise<void>;
}

/** A hub on an embedded engine of its own, in a fresh data directory, with no demo data. */
async function openHub(dbName: string, logLevel = 'warn'): Promise<BenchHub> {
  const dataDir = mkdtempSync(join(tmpdir(), 'simpul-bench-'));
  const config = loadConfig({
    ...process.env,
    MONGODB_URI: undefined,
    MONGODB_DB: dbName,
    SIMPUL_DATA_DIR: dataDir,
    SIMPUL_SEED_ON_START: 'none',
    PORT: '0',
    LOG_LEVEL: logLevel,
  });
  const hub = await startHub(config, createLogger(config.logLevel));
  const token = await mintToken(config.jwt, { sub: 'bench', role: 'ADMIN' });
  return {
    hub,
    token,
    dataDir,
    async close() {
      await hub.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Generates the regency and writes it through loadRegency, printing progress per collection. */
async function buildAndLoad(families: number, seed: string | number, limitMs: number): Promise<{ generateMs: number; loadMs: number; counts: Record<string, number> }> {
  const started = performance.now();
  const regency = generateRegency({ families, seed });
  const generateMs = performance.now() - started;
  const counts = Object.fromEntries(Object.entries(regency).map(([k, v]) => [k, (v as unknown[]).length]));
  console.log(`  generated ${families} families in ${seconds(generateMs)}: ${JSON.stringify(counts)}`);
  const loadStarted = performance.now();
  let last = 0;
  let seen: LoadProgress | null = null;
  const guard = setTimeout(() => {
    console.log(
      `  STOPPED: loading ${families} families took more than ${seconds(limitMs)}; last progress ${JSON.stringify(seen)} after ${seconds(performance.now() - loadStarted)}`,
    );
    process.exit(2);
  }, limitMs);
  await loadRegency(regency, (p) => {
    seen = p;
    if (p.written === p.total || performance.now() - last > 10_000) {
      last = performance.now();
      console.log(`    ${seconds(performance.now() - loadStarted)}: ${p.collection} ${p.written}/${p.total}`);
    }
  });
  clearTimeout(guard);
  return { generateMs, loadMs: performance.now() - loadStarted, counts };
}

interface Run {
  ms: number;
  commands: number;
  reads: number;
  /** Sum of the round trips of the commands (they overlap when sent in parallel). */
  dbMs: number;
}

async function post(b: BenchHub, first: number): Promise<Run> {
  const client = mongoose.connection.getClient();
  let commands = 0;
  let reads = 0;
  let dbMs = 0;
  const listener = (e: { commandName: string }) => {
    commands += 1;
    if (['find', 'aggregate', 'count', 'distinct'].includes(e.commandName)) reads += 1;
  };
  const done = (e: { duration: number }) => {
    dbMs += e.duration;
  };
  client.on('commandStarted', listener);
  client.on('commandSucceeded', done);
  const started = performance.now();
  try {
    const res = await fetch(`http://127.0.0.1:${b.hub.port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${b.token}` },
      body: JSON.stringify({ query: NESTED, variables: { first } }),
    });
    const body = (await res.json()) as { errors?: unknown[]; data?: { households: { edges: unknown[] } } };
    const ms = performance.now() - started;
    if (body.errors) throw new Error(`nested query failed: ${JSON.stringify(body.errors).slice(0, 500)}`);
    if (body.data!.households.edges.length !== first) throw new Error(`expected a full page of ${first}, got ${body.data!.households.edges.length}`);
    return { ms, commands, reads, dbMs };
  } finally {
    client.off('commandStarted', listener);
    client.off('commandSucceeded', done);
  }
}

/** p50 of `person(nik:)` (one person by NIK, as ADMIN) over `runs` requests, NIKs taken from the database. */
async function personByNik(b: BenchHub, runs: number): Promise<number> {
  const niks = (
    await mongoose.connection
      .db!.collection('persons')
      .find({}, { projection: { nik: 1 } })
      .limit(runs)
      .toArray()
  ).map((p) => p.nik as string);
  const ms: number[] = [];
  for (const nik of [...niks.slice(0, 3), ...niks]) {
    const started = performance.now();
    const res = await fetch(`http://127.0.0.1:${b.hub.port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${b.token}` },
      body: JSON.stringify({ query: 'query($nik: String!) { person(nik: $nik) { id fullName } }', variables: { nik } }),
    });
    const body = (await res.json()) as { errors?: unknown[]; data?: { person: { id: string } | null } };
    if (body.errors || !body.data?.person) throw new Error(`person(nik:) failed: ${JSON.stringify(body).slice(0, 300)}`);
    ms.push(performance.now() - started);
  }
  const timed = ms.slice(3).sort((a, b) => a - b);
  return timed[Math.floor(timed.length / 2)]!;
}

async function main(): Promise<void> {
  const { families, seed } = SCENARIOS.demo;
  console.log(`default regency (SCENARIOS.demo: ${families} families, seed ${JSON.stringify(seed)})`);
  const small = await openHub('bench_default');
  try {
    const built = await buildAndLoad(families, seed, LOAD_LIMIT_MS);
    console.log(`  build ${seconds(built.generateMs)} + load ${seconds(built.loadMs)} = ${seconds(built.generateMs + built.loadMs)}`);

    for (let i = 0; i < WARM_UPS; i++) await post(small, PAGE);
    const runs: Run[] = [];
    for (let i = 0; i < RUNS; i++) runs.push(await post(small, PAGE));
    const ms = runs.map((r) => r.ms).sort((a, b) => a - b);
    const ten = await post(small, 10);
    console.log(`nested query, first: ${PAGE}, ${RUNS} runs after ${WARM_UPS} warm-ups:`);
    console.log(
      `  median ${ms[Math.floor(ms.length / 2)]!.toFixed(0)} ms, p90 ${percentile(ms, 90).toFixed(0)} ms, min ${ms[0]!.toFixed(0)} ms, max ${ms[ms.length - 1]!.toFixed(0)} ms`,
    );
    const db = runs.map((r) => r.dbMs).sort((a, b) => a - b);
    console.log(`  database round trips per request, summed: median ${db[Math.floor(db.length / 2)]!.toFixed(0)} ms`);
    console.log(
      `  database commands per request: ${runs[0]!.commands} (${runs[0]!.reads} find/aggregate/count; the rest getMore and audit writes); at first: 10: ${ten.commands} (${ten.reads})`,
    );
    console.log(`person(nik:), ${RUNS} runs after 3 warm-ups: median ${(await personByNik(small, RUNS)).toFixed(1)} ms`);
  } finally {
    await small.close();
  }

  if (args.includes('--skip-large')) return;
  console.log(`large regency (${LARGE} families, seed "bench")`);
  // Quiet: a request cut by the deadline keeps resolving until the hub closes, and logs each abandoned read.
  const large = await openHub('bench_large', 'fatal');
  try {
    const built = await buildAndLoad(LARGE, 'bench', LOAD_LIMIT_MS);
    console.log(`  build ${seconds(built.generateMs)} + load ${seconds(built.loadMs)} = ${seconds(built.generateMs + built.loadMs)}`);
    // Not asked for by issue 3, but it shows how the read cost grows with the collections: FerretDB
    // reads a whole collection for any filter but an _id equality, `$in` included.
    for (const first of [10, PAGE]) {
      const started = performance.now();
      try {
        const run = await post(large, first);
        console.log(`nested query on the large regency, first: ${first}, one run: ${run.ms.toFixed(0)} ms, ${run.reads} find/aggregate/count`);
      } catch (err) {
        console.log(`nested query on the large regency, first: ${first}, failed after ${seconds(performance.now() - started)}: ${(err as Error).message.slice(0, 200)}`);
      }
    }
    const runs: number[] = [];
    for (let i = 0; i < 10; i++) runs.push((await post(large, PAGE).catch(() => ({ ms: Number.NaN }))).ms);
    runs.sort((a, b) => a - b);
    console.log(`nested query on the large regency, first: ${PAGE}, 10 more runs: median ${runs[5]!.toFixed(0)} ms, max ${runs[9]!.toFixed(0)} ms`);
    console.log(`person(nik:) on the large regency, 10 runs: median ${(await personByNik(large, 10)).toFixed(1)} ms`);
  } finally {
    await large.close();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
