/**
 * Where a read's time goes (issue 12): the hub's reads over HTTP as ADMIN against a server named
 * by MONGODB_URI (typically an embedded-engine binary started by hand on a data directory built by
 * bench/build-large.ts, with `--debug-addr` for pprof), with every database command the hub sent
 * timed (driver command events) and grouped by command and collection.
 *
 * Run: MONGODB_URI=mongodb://127.0.0.1:PORT/ MONGODB_DB=simpul npx tsx bench/read-profile.ts [--runs 10] [--only nested,person,desa,stats,lookups] [--engine-pid PID]
 */
import mongoose from 'mongoose';
import { mintToken } from '../src/auth/jwt';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/log';
import { startHub } from '../src/server/hub';
import { aidTokens } from '../src/domain/aid';
import { NESTED } from '../tests/loaders/nested-query';
import { cpuSecondsOf } from './process';

const args = process.argv.slice(2);
const option = (name: string, fallback: string): string => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1]! : fallback;
};
const RUNS = Number(option('--runs', '10'));
const ONLY = new Set(option('--only', 'nested,person,desa,stats,lookups,explain').split(','));
/** `--engine-pid`: the engine's process, whose CPU time (/proc/<pid>/stat) each measurement also reports per request. */
const ENGINE_PID = option('--engine-pid', '');

/** User + system CPU milliseconds of a process so far (Linux clock ticks of 10 ms). */
const engineCpuMs = (): number => {
  if (!ENGINE_PID) return 0;
  return cpuSecondsOf(Number(ENGINE_PID)) * 1000;
};
const hubCpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

const p = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((q / 100) * s.length) - 1))]!;
};

async function main(): Promise<void> {
  if (!process.env.MONGODB_URI) throw new Error('set MONGODB_URI');
  const config = loadConfig({ ...process.env, SIMPUL_SEED_ON_START: 'none', PORT: '0', LOG_LEVEL: 'warn', SIMPUL_DB_MAX_TIME_MS: '900000', SIMPUL_REQUEST_TIMEOUT_MS: '900000' });
  const hub = await startHub(config, createLogger('warn'));
  const token = await mintToken(config.jwt, { sub: 'bench', role: 'ADMIN' });
  const client = mongoose.connection.getClient();
  const perCommand = new Map<string, number[]>();
  const started = new Map<number, string>();
  client.on('commandStarted', (e) => {
    const coll = (e.command as Record<string, unknown>)[e.commandName];
    started.set(e.requestId, `${e.commandName} ${typeof coll === 'string' ? coll : ''}`);
  });
  client.on('commandSucceeded', (e) => {
    const k = started.get(e.requestId) ?? e.commandName;
    (perCommand.get(k) ?? perCommand.set(k, []).get(k)!).push(e.duration);
  });
  const post = async (query: string, variables: Record<string, unknown> = {}) => {
    const res = await fetch(`http://127.0.0.1:${hub.port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { errors?: unknown[]; data?: Record<string, unknown> };
    if (body.errors) throw new Error(JSON.stringify(body.errors).slice(0, 400));
    return body.data!;
  };
  const measure = async (label: string, n: number, fn: (i: number) => Promise<unknown>) => {
    for (let i = 0; i < Math.min(3, n); i++) await fn(i);
    perCommand.clear();
    const ms: number[] = [];
    const cpu0 = { hub: hubCpuMs(), engine: engineCpuMs() };
    for (let i = 0; i < n; i++) {
      const t = performance.now();
      await fn(i);
      ms.push(performance.now() - t);
    }
    const cpu = { hub: (hubCpuMs() - cpu0.hub) / n, engine: (engineCpuMs() - cpu0.engine) / n };
    console.log(`${label}: p50 ${p(ms, 50).toFixed(1)} ms, p90 ${p(ms, 90).toFixed(1)} ms, min ${Math.min(...ms).toFixed(1)} ms (${n} runs)`);
    // The hub's CPU includes this script's own HTTP client (small next to GraphQL execution).
    console.log(`   CPU per request: hub ${cpu.hub.toFixed(1)} ms${ENGINE_PID ? `, engine ${cpu.engine.toFixed(1)} ms` : ''}`);
    const rows = [...perCommand].map(([k, d]) => ({ k, per: d.length / n, p50: p(d, 50), sum: d.reduce((a, b) => a + b, 0) / n }));
    for (const r of rows.sort((a, b) => b.sum - a.sum)) console.log(`   ${r.k.padEnd(40)} ${r.per.toFixed(1)}/req  p50 ${r.p50.toFixed(1)} ms  per req ${r.sum.toFixed(1)} ms`);
  };
  try {
    const db = mongoose.connection.db!;
    if (ONLY.has('nested')) await measure('nested first:100', RUNS, () => post(NESTED, { first: 100 }));
    if (ONLY.has('commands')) {
      // One nested request, command by command: what each read asked for and how long it took.
      const seen = new Map<number, { what: string; t: number }>();
      const shape = (v: unknown): unknown =>
        Array.isArray(v) ? `[${v.length}]` : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shape(x)])) : v;
      const on = (e: { requestId: number; commandName: string; command: Record<string, unknown> }) => {
        const c = e.command;
        seen.set(e.requestId, {
          what: `${e.commandName} ${String(c[e.commandName])} ${JSON.stringify(shape({ filter: c.filter, sort: c.sort, limit: c.limit, projection: c.projection, pipeline: c.pipeline }))}`,
          t: performance.now(),
        });
      };
      const off = (e: { requestId: number; duration: number; reply?: unknown }) => {
        const s0 = seen.get(e.requestId);
        const batch = (e.reply as { cursor?: { firstBatch?: unknown[] } } | undefined)?.cursor?.firstBatch;
        const docs = batch ? `${String(batch.length).padStart(5)} docs` : '          ';
        if (s0) console.log(`   ${e.duration.toFixed(0).padStart(6)} ms ${docs}  ${s0.what.slice(0, 400)}`);
      };
      client.on('commandStarted', on);
      client.on('commandSucceeded', off);
      await post(NESTED, { first: 100 });
      client.off('commandStarted', on);
      client.off('commandSucceeded', off);
    }
    const count = await db.collection('persons').estimatedDocumentCount();
    const niks: string[] = [];
    for (let i = 0; ONLY.has('person') && i < Math.max(RUNS, 10); i++) {
      const doc = await db
        .collection('persons')
        .find({}, { projection: { nik: 1 } })
        .skip(Math.floor((i * count) / Math.max(RUNS, 10)))
        .limit(1)
        .next();
      if (doc) niks.push(doc.nik as string);
    }
    if (ONLY.has('person'))
      await measure('person(nik:)', niks.length, (i) => post('query($nik: String!) { person(nik: $nik) { id fullName nik } }', { nik: niks[i % niks.length] }));
    if (ONLY.has('desa')) {
      const desas = ((await post('{ kecamatans { desas { code } } }')).kecamatans as { desas: { code: string }[] }[]).flatMap((k) => k.desas.map((d) => d.code));
      await measure('desa households totalCount', RUNS, (i) =>
        post('query($code: String!) { households(filter: { desaCode: $code }, first: 0) { totalCount } }', { code: desas[(i * 7) % desas.length] }),
      );
    }
    if (ONLY.has('stats')) await measure('statistics', RUNS, () => post('{ statistics { kecamatan { code } households persons householdsReceivingAid suppressed } }'));
    if (ONLY.has('lookups')) {
      const hh = await db
        .collection('households')
        .find({})
        .skip(Math.floor(count / 6))
        .limit(RUNS)
        .toArray();
      await measure('householdByKk', hh.length, (i) => post('query($kk: String!) { householdByKk(kkNumber: $kk) { id kkNumber } }', { kk: hh[i]!.kkNumber }));
    }
    if (ONLY.has('explain')) {
      // The SQLite plan of each lookup and row scope (the engine's explain, src/db/engine-patches/ item 5), and its time.
      const p0 = await db.collection('persons').findOne({ disability: { $ne: null } });
      const h0 = await db.collection('households').findOne({ desaCode: p0?.desaCode });
      const desa = p0?.desaCode as string;
      const cases: [string, string, Record<string, unknown>][] = [
        ['person(nik:)', 'persons', { nik: p0?.nik }],
        ['householdByKk (kkHistory.kkNumber)', 'households', { 'kkHistory.kkNumber': h0?.kkNumber }],
        ['household by current kkNumber', 'households', { kkNumber: h0?.kkNumber }],
        ['members of a household', 'persons', { householdId: { $in: [h0?._id] } }],
        ['a desa, PKH scope (aid tokens)', 'persons', { desaCode: { $in: [desa] }, aid: { $in: aidTokens('PKH', null) } }],
        ['a desa, disability scope', 'persons', { desaCode: { $in: [desa] }, disability: { $ne: null } }],
        ['kabupaten, disability scope', 'persons', { disability: { $ne: null } }],
        ['a desa, youth scope', 'persons', { desaCode: { $in: [desa] }, birthDate: { $gte: new Date('1996-01-01'), $lte: new Date('2011-01-01') } }],
      ];
      for (const [label, coll, filter] of cases) {
        const e = (await db.command({ explain: { find: coll, filter }, verbosity: 'queryPlanner' })) as { queryPlanner?: { Plan?: string[] }; filterPushdown?: boolean };
        const t = performance.now();
        const n = (await db.collection(coll).find(filter).toArray()).length;
        const ms = performance.now() - t;
        console.log(`explain ${label}: ${n} rows in ${ms.toFixed(0)} ms; pushdown ${String(e.filterPushdown)}; ${(e.queryPlanner?.Plan ?? []).join(' / ')}`);
      }
    }
  } finally {
    await hub.close();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
