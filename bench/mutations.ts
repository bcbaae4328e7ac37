/**
 * Issue 11: latency of the portals' mutations (p50, p99) on the default regency (SCENARIOS.demo), over HTTP, one at a
 * time, against a hub on an embedded engine of its own: recordVisit and takeDiscrepancy and proposeDataChange by the
 * desa's PSM, approveDataChange by an OPERATOR (its journal: decision, referral, audit).
 *
 * Run: npx tsx bench/mutations.ts [--runs 50]
 * Uses SIMPUL_ENGINE_DIR for the engine binary (built if missing), never MONGODB_URI.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { SCENARIOS } from '../seeds/regency/scenarios';
import { writeExtracts } from '../seeds/extracts';
import { generateRegency } from '../seeds/regency';
import { mintToken } from '../src/auth/jwt';
import { loadConfig } from '../src/config';
import { Discrepancy, type DiscrepancyDoc } from '../src/db/models/discrepancy';
import { RecordCache } from '../src/integration/cache';
import { importFile } from '../src/integration/runner';
import { createLogger } from '../src/log';
import { startHub } from '../src/server/hub';

const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1] ?? 50) || 50;

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]!;

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'simpul-bench-mut-'));
  const config = loadConfig({ ...process.env, MONGODB_URI: undefined, MONGODB_DB: 'bench', SIMPUL_DATA_DIR: dataDir, SIMPUL_SEED_ON_START: 'none', PORT: '0', LOG_LEVEL: 'warn' });
  const hub = await startHub(config, createLogger(config.logLevel));
  try {
    const { families, seed, asOf } = SCENARIOS.demo as { families: number; seed: string; asOf?: Date };
    const extracts = await writeExtracts(generateRegency(SCENARIOS.demo), join(dataDir, 'extracts'), { seed, families, asOf });
    const cache = new RecordCache();
    const t0 = Date.now();
    for (const f of extracts.files) await importFile({ source: f.source, file: f.path, cache });
    console.log(`default regency (${families} families) imported in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

    const open = await Discrepancy.find({ status: 'OPEN', subjectType: 'PERSON', kind: mongoose.trusted({ $in: ['IDENTITY_MISMATCH', 'INVALID_NIK', 'NOT_IN_CIVIL_REGISTRY'] }) })
      .sort({ _id: 1 })
      .lean<DiscrepancyDoc[]>();
    const subjects = open.filter((d) => d.aspect !== 'birthDate').slice(0, runs);
    if (subjects.length < runs) console.log(`only ${subjects.length} open identity discrepancies: ${subjects.length} runs`);
    const base = `http://127.0.0.1:${hub.port}/graphql`;
    const post = async (token: string, query: string, i: Record<string, unknown>) => {
      const t = performance.now();
      const res = await fetch(base, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables: { i } }),
      });
      const body = (await res.json()) as { data?: Record<string, { id: string }>; errors?: unknown[] };
      const ms = performance.now() - t;
      if (body.errors) throw new Error(JSON.stringify(body.errors).slice(0, 500));
      return { ms, id: Object.values(body.data!)[0]!.id };
    };
    const operator = await mintToken(config.jwt, { sub: 'bench-operator', role: 'OPERATOR' });
    const times: Record<string, number[]> = { recordVisit: [], takeDiscrepancy: [], proposeDataChange: [], approveDataChange: [] };
    const today = new Date().toISOString().slice(0, 10);
    let k = 0;
    for (const d of subjects) {
      const psm = await mintToken(config.jwt, { sub: 'bench-psm', role: 'PSM', desa: [d.desaCode] });
      const take = await post(psm, 'mutation($i: TakeDiscrepancyInput!) { takeDiscrepancy(input: $i) { id } }', {
        idempotencyKey: `b${++k}`,
        discrepancyId: d._id,
        expectedVersion: 0,
      });
      const visit = await post(psm, 'mutation($i: RecordVisitInput!) { recordVisit(input: $i) { id } }', {
        idempotencyKey: `b${++k}`,
        personId: d.personId,
        date: today,
        outcome: 'FOUND',
        observed: { fullName: 'Nama Bench' },
        discrepancyIds: [d._id],
      });
      const propose = await post(psm, 'mutation($i: ProposeDataChangeInput!) { proposeDataChange(input: $i) { id } }', {
        idempotencyKey: `b${++k}`,
        personId: d.personId,
        changes: { fullName: 'Nama Bench' },
        visitId: visit.id,
        discrepancyId: d._id,
      });
      const approve = await post(operator, 'mutation($i: DecideDataChangeInput!) { approveDataChange(input: $i) { id } }', {
        idempotencyKey: `b${++k}`,
        requestId: propose.id,
        expectedVersion: 0,
      });
      times.takeDiscrepancy!.push(take.ms);
      times.recordVisit!.push(visit.ms);
      times.proposeDataChange!.push(propose.ms);
      times.approveDataChange!.push(approve.ms);
    }
    console.log(`\n| mutation (${subjects.length} runs, sequential, HTTP) | p50 ms | p99 ms | max ms |\n|---|---|---|---|`);
    for (const [m, xs] of Object.entries(times)) console.log(`| ${m} | ${pct(xs, 50).toFixed(1)} | ${pct(xs, 99).toFixed(1)} | ${Math.max(...xs).toFixed(1)} |`);
  } finally {
    await hub.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
