/**
 * Issue 11 part B: concurrent training registration and aid-proposal mutation latency, over HTTP, on a hub started
 * with its own embedded engine on the default regency (SCENARIOS.demo, loaded through `loadRegency`).
 *
 *   1. registration throughput: `--people` registrations (distinct persons) for one training of `--quota` places, sent
 *      `--concurrency` at a time by an OPERATOR; wall time, registrations per second, latency p50/p99, and the count
 *      check (exactly `quota` registered, the rest TRAINING_FULL);
 *   2. aid proposals: `--runs` proposals each submitted (PSM), verified (TKSK) and approved (OPERATOR), one request at
 *      a time; p50/p99 of each mutation.
 *
 * Run: npx tsx bench/registration.ts [--runs 30] [--people 120] [--quota 100] [--concurrency 30]
 * Uses SIMPUL_ENGINE_DIR for the engine binary (built if missing), never MONGODB_URI.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateRegency } from '../seeds/regency';
import { SCENARIOS } from '../seeds/regency/scenarios';
import { mintToken, type TokenClaims } from '../src/auth/jwt';
import { loadConfig } from '../src/config';
import { Training } from '../src/db/models/training';
import { loadRegency } from '../seeds/loadRegency';
import { createLogger } from '../src/log';
import { startHub } from '../src/server/hub';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const RUNS = option('--runs', 30);
const PEOPLE = option('--people', 120);
const QUOTA = option('--quota', 100);
const CONCURRENCY = option('--concurrency', 30);

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;
const ms = (x: number) => `${x.toFixed(0)} ms`;

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'simpul-bench-reg-'));
  const config = loadConfig({ ...process.env, NODE_ENV: 'test', MONGODB_URI: '', SIMPUL_DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn', SIMPUL_SEED_ON_START: 'none' });
  const hub = await startHub(config, createLogger('warn'));
  try {
    const regency = generateRegency(SCENARIOS.demo);
    await loadRegency(regency);
    const post = async (claims: Partial<TokenClaims> & Pick<TokenClaims, 'role'>, query: string, variables: Record<string, unknown>) => {
      const token = await mintToken(config.jwt, { sub: `bench-${claims.role.toLowerCase()}`, ...claims });
      const t0 = performance.now();
      const res = await fetch(`${hub.url}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as { data?: Record<string, any>; errors?: { extensions?: { code?: string }; message: string }[] };
      return { ms: performance.now() - t0, body };
    };

    // 1. Registration under concurrency.
    const living = regency.persons.filter((p) => !p.isDeceased && !p.movedOut);
    const start = new Date(Date.now() + 30 * 86_400_000);
    const desa = living[0]!.desaCode;
    await Training.create({
      _id: 'T99001',
      title: 'Bench',
      organizer: 'Dinsos',
      category: 'VOCATIONAL',
      startDate: start,
      endDate: new Date(start.getTime() + 86_400_000),
      desaCode: desa,
      kecamatanCode: desa.slice(0, 8),
      quota: QUOTA,
    });
    const REGISTER = 'mutation($input: RegisterTrainingParticipantInput!) { registerTrainingParticipant(input: $input) { id } }';
    const queue = living.slice(0, PEOPLE);
    const latencies: number[] = [];
    const codes = new Map<string, number>();
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        for (let p = queue.shift(); p; p = queue.shift()) {
          const r = await post({ role: 'OPERATOR' }, REGISTER, { input: { idempotencyKey: randomUUID(), trainingId: 'T99001', personId: p._id } });
          latencies.push(r.ms);
          const code = r.body.errors?.[0]?.extensions?.code ?? 'OK';
          codes.set(code, (codes.get(code) ?? 0) + 1);
        }
      }),
    );
    const wall = (performance.now() - t0) / 1000;
    console.log(
      `registration: ${PEOPLE} requests, ${CONCURRENCY} at a time, quota ${QUOTA}: ${wall.toFixed(1)} s, ${(PEOPLE / wall).toFixed(1)} requests/s, ${((codes.get('OK') ?? 0) / wall).toFixed(1)} registrations/s`,
    );
    console.log(`  outcomes ${JSON.stringify(Object.fromEntries(codes))}; latency p50 ${ms(pct(latencies, 0.5))}, p99 ${ms(pct(latencies, 0.99))}`);
    if (codes.get('OK') !== Math.min(QUOTA, PEOPLE)) console.log(`  QUOTA BROKEN: ${codes.get('OK')} registered for ${QUOTA} places`);

    // 2. Aid-proposal mutations, one at a time.
    const inBpnt = new Set(regency.enrollments.filter((e) => e.programmeCode === 'BPNT' && (e.status === 'ACTIVE' || e.status === 'SUSPENDED')).map((e) => e.householdId));
    const h = regency.households.filter((x) => !inBpnt.has(x._id) && regency.persons.some((p) => p.householdId === x._id && !p.isDeceased && !p.movedOut));
    const SUBMIT = 'mutation($input: SubmitAidProposalInput!) { submitAidProposal(input: $input) { id version } }';
    const STEP = (m: string) => `mutation($input: AidProposalStepInput!) { ${m}(input: $input) { id version } }`;
    const times: Record<string, number[]> = { submitAidProposal: [], verifyAidProposal: [], approveAidProposal: [] };
    for (let i = 0; i < RUNS; i++) {
      const fam = h[i]!;
      const sub = await post({ role: 'PSM', desa: [fam.desaCode] }, SUBMIT, {
        input: { idempotencyKey: randomUUID(), kind: 'ENROL', programme: 'BPNT', householdId: fam._id, justification: 'bench' },
      });
      const id = sub.body.data?.submitAidProposal?.id;
      if (!id) throw new Error(`submit failed: ${JSON.stringify(sub.body.errors)}`);
      times.submitAidProposal!.push(sub.ms);
      const ver = await post({ role: 'TKSK', kecamatan: [fam.kecamatanCode] }, STEP('verifyAidProposal'), {
        input: { idempotencyKey: randomUUID(), proposalId: id, expectedVersion: 1 },
      });
      times.verifyAidProposal!.push(ver.ms);
      const app = await post({ role: 'OPERATOR' }, STEP('approveAidProposal'), { input: { idempotencyKey: randomUUID(), proposalId: id, expectedVersion: 2 } });
      if (app.body.errors) throw new Error(`approve failed: ${JSON.stringify(app.body.errors)}`);
      times.approveAidProposal!.push(app.ms);
    }
    for (const [m, xs] of Object.entries(times)) console.log(`${m}: ${xs.length} runs, p50 ${ms(pct(xs, 0.5))}, p99 ${ms(pct(xs, 0.99))}`);
  } finally {
    await hub.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
