import { createHash } from 'node:crypto';
import mongoose from 'mongoose';
import { canonical } from '../../src/integration/changeTracking';
import { snapshot } from './helpers';

const db = () => mongoose.connection.db!;

/** Generated ids (golden records, discrepancies, rejects, runs), not the rosters' own ids (`PKH-E00000173`). */
const GENERATED_ID = /(?<![-\w])(?:TP\d{8}|PL\d{4}|DQ\d{8}|RJ\d{8}|IR\d{6}|P\d{7}|H\d{7}|E\d{8}|T\d{5})\b/g;

function renamed(value: unknown, names: ReadonlyMap<string, string>, key?: string): unknown {
  // The hash of each open discrepancy's values, which name generated ids: the discrepancies themselves are compared.
  if (key === 'lineage' && typeof value === 'string' && value.includes('openDiscrepancies')) {
    const lineage = JSON.parse(value) as { openDiscrepancies?: { hash: string }[] };
    for (const d of lineage.openDiscrepancies ?? []) d.hash = '<hash of values>';
    return renamed(JSON.stringify(lineage), names);
  }
  // A workflow's write marker: a hash of its idempotency key, which names the person's id (seeds/extracts/verval.ts).
  if (key === 'lastWrite' && typeof value === 'string') return value.replace(/^[0-9a-f]+:/, '<journal>:');
  if (typeof value === 'string') return value.replace(GENERATED_ID, (id) => names.get(id) ?? id);
  if (Array.isArray(value)) return value.map((v) => renamed(v, names));
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renamed(v, names, k)]));
  }
  return value;
}

/**
 * The database as a load leaves it, with every generated id renamed canonically: a golden record
 * by the smallest link key pointing at it, a run by its source, a reject by its run and line, a
 * discrepancy by its renamed contents. Two loads of the same extracts that hand ids out in
 * another order compare equal; one that misses a row, or links a row elsewhere, does not.
 */
export async function canonicalState(taken?: Record<string, unknown[]>): Promise<Record<string, unknown>> {
  // `taken`: this database's snapshot() taken already (and nothing written since), not read again.
  const snap = taken ?? (await snapshot());
  const names = new Map<string, string>();
  for (const k of snap.linkKeys as { _id: string; id: string }[]) {
    const was = names.get(k.id);
    if (was === undefined || k._id < was) names.set(k.id, k._id);
  }
  const runs = await db().collection('importRuns').find({}).toArray();
  for (const r of runs) names.set(String(r._id), `run:${String(r.sourceName)}`);
  for (const r of snap.importRejects as { _id: string; runId: string; line: number }[]) names.set(r._id, `reject:${names.get(r.runId)}:${r.line}`);
  for (const d of snap.discrepancies as { _id: string }[]) {
    const { _id, ...rest } = d;
    names.set(
      _id,
      `DQ:${createHash('sha1')
        .update(canonical(renamed(rest, names)))
        .digest('hex')
        .slice(0, 16)}`,
    );
  }
  const byId = (a: unknown, b: unknown) => (String((a as { _id: unknown })._id) < String((b as { _id: unknown })._id) ? -1 : 1);
  const out: Record<string, unknown> = {};
  for (const [name, docs] of Object.entries(snap)) out[name] = (renamed(docs, names) as unknown[]).sort(byId);
  out.runs = runs
    .map((r) => ({ source: r.sourceName, file: r.file, contentHash: r.contentHash, status: r.status, counts: r.counts }))
    .sort((a, b) => (a.source < b.source ? -1 : 1));
  out.statisticsCounters = (await db().collection('statisticsCounters').find({}).toArray()).map(({ countedAt: _c, ...rest }) => rest).sort(byId);
  out.verval = (await db().collection('dataChangeRequests').find({}).toArray()).map((r) => renamed({ status: r.status, changes: r.changes, personId: r.personId }, names));
  return out;
}
