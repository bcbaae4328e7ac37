/**
 * Issue 13 item 4's measurements: `persons(orderBy: NAME_ASC)` and a name search (`filter: { name }`) at page size
 * 100, as ADMIN (every row) and as a TKSK (one kecamatan), on the default (demo) regency and on a large one.
 *
 * Run: npx tsx bench/lists.ts [--runs N] [--large-families N] [--skip-large]
 * Each regency runs on its own embedded engine in a temporary data directory. The large load gives up after
 * SIMPUL_BENCH_LOAD_LIMIT_MIN minutes (default 15). See bench/README.md for measured numbers.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { generateRegency } from '../seeds/regency';
import { SCENARIOS } from '../seeds/regency/scenarios';
import { mintToken } from '../src/auth/jwt';
import { loadConfig } from '../src/config';
import { loadRegency } from '../seeds/loadRegency';
import { createLogger } from '../src/log';
import { startHub, type Hub } from '../src/server/hub';

const args = process.argv.slice(2);
const option = (name: string, fallback: number): number => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const RUNS = option('--runs', 20);
const LARGE = option('--large-families', 50_000);
const LOAD_LIMIT_MS = Number(process.env.SIMPUL_BENCH_LOAD_LIMIT_MIN ?? 15) * 60_000;
const PAGE = 100;

interface BenchHub {
  hub: Hub;
  admin: string;
  tksk: string;
  close(): Promise<void>;
}

async function openHub(dbName: string): Promise<BenchHub> {
  const dataDir = mkdtempSync(join(tmpdir(), 'simpul-bench-'));
  const config = loadConfig({ ...process.env, MONGODB_URI: undefined, MONGODB_DB: dbName, SIMPUL_DATA_DIR: dataDir, SIMPUL_SEED_ON_START: 'none', PORT: '0', LOG_LEVEL: 'fatal' });
  const hub = await startHub(config, createLogger(config.logLevel));
  return {
    hub,
    admin: await mintToken(config.jwt, { sub: 'bench', role: 'ADMIN' }),
    tksk: await mintToken(config.jwt, { sub: 'bench-tksk', role: 'TKSK', kecamatan: ['35.19.01'] }),
    async close() {
      await hub.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const QUERY = `query($filter: PersonFilter, $orderBy: PersonOrder, $after: String) {
  persons(filter: $filter, orderBy: $orderBy, first: ${PAGE}, after: $after) { pageInfo { endCursor } edges { node { id fullName } } } }`;

async function post(b: BenchHub, token: string, variables: Record<string, unknown>): Promise<{ ms: number; rows: number; end: string | null }> {
  const started = performance.now();
  const res = await fetch(`http://127.0.0.1:${b.hub.port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: QUERY, variables }),
  });
  const body = (await res.json()) as { errors?: unknown[]; data?: { persons: { edges: unknown[]; pageInfo: { endCursor: string | null } } } };
  if (body.errors) throw new Error(JSON.stringify(body.errors).slice(0, 400));
  return { ms: performance.now() - started, rows: body.data!.persons.edges.length, end: body.data!.persons.pageInfo.endCursor };
}

async function median(label: string, b: BenchHub, token: string, variables: () => Record<string, unknown>): Promise<void> {
  try {
    await timed(label, b, token, variables);
  } catch (err) {
    console.log(`  ${label}: failed: ${(err as Error).message.slice(0, 200)}`);
  }
}

async function timed(label: string, b: BenchHub, token: string, variables: () => Record<string, unknown>): Promise<void> {
  for (let i = 0; i < 2; i++) await post(b, token, variables());
  const ms: number[] = [];
  let rows = 0;
  for (let i = 0; i < RUNS; i++) {
    const r = await post(b, token, variables());
    ms.push(r.ms);
    rows = r.rows;
  }
  ms.sort((a, c) => a - c);
  console.log(`  ${label}: median ${ms[Math.floor(ms.length / 2)]!.toFixed(0)} ms, min ${ms[0]!.toFixed(0)} ms, max ${ms[ms.length - 1]!.toFixed(0)} ms (${rows} rows)`);
}

async function measure(b: BenchHub): Promise<void> {
  // A page in the middle of the name order: its cursor, taken once.
  const first = await post(b, b.admin, { orderBy: 'NAME_ASC' }).catch(() => ({ end: null }));
  const tkskFirst = await post(b, b.tksk, { orderBy: 'NAME_ASC' }).catch(() => ({ end: null }));
  const name = String((await mongoose.connection.db!.collection('persons').findOne({ kecamatanCode: '35.19.01' }))?.fullName ?? 'Siti').split(' ')[0]!;
  await median('orderBy NAME_ASC, first page, ADMIN', b, b.admin, () => ({ orderBy: 'NAME_ASC' }));
  await median('orderBy NAME_ASC, second page (after a cursor), ADMIN', b, b.admin, () => ({ orderBy: 'NAME_ASC', after: first.end }));
  await median('orderBy NAME_ASC, first page, TKSK (one kecamatan)', b, b.tksk, () => ({ orderBy: 'NAME_ASC' }));
  await median('orderBy NAME_ASC, second page, TKSK', b, b.tksk, () => ({ orderBy: 'NAME_ASC', after: tkskFirst.end }));
  await median(`name search "${name.toLowerCase()}", ADMIN`, b, b.admin, () => ({ filter: { name: name.toLowerCase() } }));
  await median(`name search "${name.toLowerCase()}", TKSK`, b, b.tksk, () => ({ filter: { name: name.toLowerCase() } }));
  await median(`name search "${name.toLowerCase()}" ordered by name, ADMIN`, b, b.admin, () => ({ filter: { name: name.toLowerCase() }, orderBy: 'NAME_ASC' }));
  await median('id order (no orderBy), first page, ADMIN, for comparison', b, b.admin, () => ({}));
}

async function run(families: number, seed: string | number, db: string): Promise<void> {
  const b = await openHub(db);
  try {
    const started = performance.now();
    const regency = generateRegency({ families, seed });
    const guard = setTimeout(() => {
      console.log(`  STOPPED: loading ${families} families took more than ${LOAD_LIMIT_MS / 60_000} min`);
      process.exit(2);
    }, LOAD_LIMIT_MS);
    await loadRegency(regency);
    clearTimeout(guard);
    console.log(
      `${families} families (${regency.persons.length} people), built and loaded in ${((performance.now() - started) / 1000).toFixed(0)} s; page size ${PAGE}, ${RUNS} runs each:`,
    );
    await measure(b);
  } finally {
    await b.close();
  }
}

async function main(): Promise<void> {
  await run(SCENARIOS.demo.families, SCENARIOS.demo.seed, 'bench_lists_default');
  if (!args.includes('--skip-large')) await run(LARGE, 'bench', 'bench_lists_large');
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
