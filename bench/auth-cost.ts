/**
 * Cost of authorization and audit on a 100-row nested page, same run:
 *   bare  = the schema without shield/masking/audit, a context with no scope;
 *   authz = the served schema (shield + masking + audit plugin) with the
 *           viewer authenticated from a Bearer token on every request.
 * Run: npx tsx bench/auth-cost.ts [families=2000] [runs=30]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApolloServer } from '@apollo/server';
import { generateRegency } from '../seeds/regency';
import { SCENARIOS } from '../seeds/regency/scenarios';
import { AuditRecorder, AuditWriter, auditPlugin } from '../src/auth/audit';
import { authenticate } from '../src/auth/authenticate';
import { mintToken } from '../src/auth/jwt';
import { systemViewer } from '../src/auth/viewer';
import { loadConfig } from '../src/config';
import { connectMongoose, disconnectMongoose, ensureIndexes } from '../src/db/connection';
import { startEngine } from '../src/db/engine';
import { ensureEngineBinary } from '../src/db/engineBuild';
import { ensureRegions } from '../src/db/reference';
import { loadRegency } from '../seeds/loadRegency';
import { createLogger } from '../src/log';
import { createContext, type Context } from '../src/server/context';
import { buildBareSchema, buildSchema } from '../src/server/schema';

const QUERY = `{ households(first: 100) { edges { node { id kkNumber desil head { fullName nik }
  members { fullName nik birthDate ageGroup hasDisability enrollments { status programme { code } } }
  enrollments { status yearsReceived } } } } }`;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p90 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.9)]!;

async function main(): Promise<void> {
  const families = Number(process.argv[2] ?? SCENARIOS.demo.families);
  const runs = Number(process.argv[3] ?? 30);
  const log = createLogger('warn');
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'warn' });
  const dataDir = mkdtempSync(join(tmpdir(), 'simpul-bench-'));
  const engine = await startEngine({ binary: await ensureEngineBinary(config.engineDir, log), dataDir, log, timeoutMs: 30_000 });
  try {
    await connectMongoose(engine.uri, 'bench');
    await ensureIndexes();
    await ensureRegions();
    await loadRegency(generateRegency({ families, seed: SCENARIOS.demo.seed }));
    const writer = new AuditWriter(log);
    const bare = new ApolloServer<Context>({ schema: buildBareSchema() });
    const guarded = new ApolloServer<Context>({ schema: buildSchema(), plugins: [auditPlugin(writer)] });
    await Promise.all([bare.start(), guarded.start()]);
    const token = await mintToken(config.jwt, { sub: 'bench', role: 'ADMIN' });
    const psm = await mintToken(config.jwt, { sub: 'bench-psm', role: 'PSM', kecamatan: ['35.19.01', '35.19.02', '35.19.03'] });
    const header = (t: string) => (name: string) => (name === 'authorization' ? `Bearer ${t}` : undefined);

    // Warm: one context reused, so every relation comes from the loaders' cache and the
    // cost left is GraphQL execution (plus the one page read): the shield's own overhead.
    const warmBare = createContext('bench-warm', systemViewer(), config.maskKey);
    const warmGuarded = createContext('bench-warm', await authenticate(header(token), config), config.maskKey);
    const variants: [string, () => Promise<unknown>][] = [
      ['warm loaders, bare', async () => bare.executeOperation({ query: QUERY }, { contextValue: { ...warmBare, audit: new AuditRecorder() } })],
      [
        'warm loaders, authorized ADMIN (shield + masking + audit)',
        async () => guarded.executeOperation({ query: QUERY }, { contextValue: { ...warmGuarded, audit: new AuditRecorder() } }),
      ],
      ['bare (no authorization, no audit)', async () => bare.executeOperation({ query: QUERY }, { contextValue: createContext('bench', systemViewer(), config.maskKey) })],
      [
        'authorized ADMIN (token + shield + masking + audit)',
        async () => guarded.executeOperation({ query: QUERY }, { contextValue: createContext('bench', await authenticate(header(token), config), config.maskKey) }),
      ],
      [
        'authorized PSM (scoped rows, masked NIK, denied fields)',
        async () => guarded.executeOperation({ query: QUERY }, { contextValue: createContext('bench', await authenticate(header(psm), config), config.maskKey) }),
      ],
    ];
    const times = new Map<string, number[]>(variants.map(([n]) => [n, []]));
    for (let i = 0; i < 3; i++) for (const [, run] of variants) await run();
    // Interleaved, so that both see the same machine load.
    for (let i = 0; i < runs; i++) {
      for (const [name, run] of variants) {
        const t = process.hrtime.bigint();
        const res = (await run()) as { body: { kind: string; singleResult?: { errors?: unknown[] } } };
        times.get(name)!.push(Number(process.hrtime.bigint() - t) / 1e6);
        if (name.startsWith('bare') && res.body.singleResult?.errors) throw new Error(JSON.stringify(res.body.singleResult.errors));
      }
    }
    await writer.flush();
    console.log(`families=${families} runs=${runs} query=households(first: 100) nested`);
    for (const [name, xs] of times) console.log(`${name.padEnd(58)} median ${median(xs).toFixed(1)} ms  p90 ${p90(xs).toFixed(1)} ms`);
    console.log(`audit events written: ${writer.written}, failed: ${writer.failed}`);
    await Promise.all([bare.stop(), guarded.stop()]);
  } finally {
    await disconnectMongoose();
    await engine.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
