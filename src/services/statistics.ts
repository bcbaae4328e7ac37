import type { Model } from 'mongoose';
import { aidTokens } from '../domain/aid';
import { regionReference } from '../reference/regions';
import { SMALL_CELL } from '../auth/matrix';
import { rowFilter, type RowFilter } from '../auth/scope';
import { Household } from '../db/models/household';
import { Person } from '../db/models/person';
import type { StatisticsCounterDoc } from '../db/models/statisticsCounter';
import { readDesaCounters } from '../db/statisticsCounters';
import type { DesaDoc, KecamatanDoc } from '../db/models/region';
import type { Context } from '../context';
import { readOptions } from '../db/request-scope';
import { kecamatanArg } from './arguments';
import { suppressTable } from './suppression';

export interface StatisticsCellShape {
  kecamatan: KecamatanDoc;
  desa: DesaDoc | null;
  households: number | null;
  persons: number | null;
  householdsReceivingAid: number | null;
  suppressed: boolean;
}

interface Counted {
  counts: Map<string, number>;
  /** The viewer may see no row of this kind: the counts cover everyone and small cells are hidden. */
  suppress: boolean;
}

async function countBy(model: Model<any>, scope: RowFilter, match: Record<string, unknown>, key: 'kecamatanCode' | 'desaCode'): Promise<Counted> {
  const suppress = scope === null;
  const parts = [match, ...(scope ? [scope] : [])].filter((p) => Object.keys(p).length > 0);
  const $match = parts.length === 0 ? {} : parts.length === 1 ? parts[0]! : { $and: parts };
  const rows = await model.aggregate<{ _id: string; n: number }>([{ $match }, { $group: { _id: `$${key}`, n: { $sum: 1 } } }]).option(readOptions());
  return { counts: new Map(rows.map((r) => [r._id, r.n])), suppress };
}

type CounterField = 'households' | 'persons' | 'householdsReceivingAid';

/** The codes of a `$in` or of a single value, when the value is one of these. */
function codesOf(value: unknown): string[] | undefined {
  if (typeof value === 'string') return [value];
  if (value && typeof value === 'object' && Object.keys(value).length === 1 && Array.isArray((value as { $in?: unknown }).$in)) {
    const list = (value as { $in: unknown[] }).$in;
    return list.every((v) => typeof v === 'string') ? (list as string[]) : undefined;
  }
  return undefined;
}

/**
 * Which desas a row filter keeps, when it tests nothing but the area (every row, a kecamatan, a
 * desa, or an `$or` of those): `(desa, kecamatan) => boolean`. Undefined for any other filter.
 */
function areaTest(filter: Record<string, unknown>): ((desa: string, kecamatan: string) => boolean) | undefined {
  const keys = Object.keys(filter);
  if (keys.length === 0) return () => true;
  if (keys.length !== 1) return undefined;
  const [key] = keys as [string];
  if (key === '$or' && Array.isArray(filter.$or)) {
    const tests = (filter.$or as Record<string, unknown>[]).map(areaTest);
    if (tests.some((t) => t === undefined)) return undefined;
    return (d, k) => tests.some((t) => t!(d, k));
  }
  if (key !== 'kecamatanCode' && key !== 'desaCode') return undefined;
  const codes = codesOf(filter[key]);
  if (!codes) return undefined;
  const set = new Set(codes);
  return key === 'desaCode' ? (d) => set.has(d) : (_d, k) => set.has(k);
}

/**
 * The same counts as `countBy`, from the per-desa counters (src/db/statisticsCounters.ts), when
 * the viewer's scope and the match test only the area; undefined otherwise.
 */
function countFromCounters(
  counters: Map<string, StatisticsCounterDoc> | null,
  field: CounterField,
  scope: RowFilter,
  match: Record<string, unknown>,
  key: 'kecamatanCode' | 'desaCode',
): Counted | undefined {
  if (!counters) return undefined;
  const inScope = scope === null ? () => true : areaTest(scope);
  const inMatch = areaTest(match);
  if (!inScope || !inMatch) return undefined;
  const counts = new Map<string, number>();
  for (const c of counters.values()) {
    if (!inScope(c._id, c.kecamatanCode) || !inMatch(c._id, c.kecamatanCode)) continue;
    const k = key === 'desaCode' ? c._id : c.kecamatanCode;
    counts.set(k, (counts.get(k) ?? 0) + c[field]);
  }
  return { counts, suppress: scope === null };
}

/**
 * The cells of one measure, suppressed where the viewer has no rows of its kind: 1 to 4, and with complementary
 * suppression inside each group whose total is published elsewhere (the desa of one kecamatan add up to the
 * kecamatan's cell; the kecamatan to the regency), so that no hidden cell is the group total less the shown ones.
 */
function cells(c: Counted, regions: readonly { code: string; kecamatanCode: string }[], level: 'KECAMATAN' | 'DESA'): Map<string, { value: number | null; suppressed: boolean }> {
  const out = new Map<string, { value: number | null; suppressed: boolean }>();
  const groups = new Map<string, string[]>();
  for (const r of regions) {
    const group = level === 'DESA' ? r.kecamatanCode : '';
    groups.set(group, [...(groups.get(group) ?? []), r.code]);
  }
  for (const codes of groups.values()) {
    const counts = codes.map((code) => c.counts.get(code) ?? 0);
    const hidden = c.suppress ? suppressTable(counts, SMALL_CELL) : counts.map(() => false);
    codes.forEach((code, i) => out.set(code, hidden[i] ? { value: null, suppressed: true } : { value: counts[i]!, suppressed: false }));
  }
  return out;
}

/** Aggregates follow the viewer's row scope; where the viewer has no rows of a kind, small cells are suppressed. */
export async function statistics(ctx: Context, level: 'KECAMATAN' | 'DESA', kecamatanCode: string | null | undefined): Promise<StatisticsCellShape[]> {
  const only = kecamatanCode != null ? kecamatanArg('kecamatanCode', kecamatanCode) : null;
  const key = level === 'DESA' ? 'desaCode' : 'kecamatanCode';
  // At KECAMATAN level every kecamatan is counted even when one is asked for: its suppression depends on the others.
  const area = only && level === 'DESA' ? { kecamatanCode: only } : {};
  const householdScope = rowFilter(ctx.viewer, 'households', ctx.now);
  const personScope = rowFilter(ctx.viewer, 'persons', ctx.now);
  // Counters kept per desa answer whatever tests only the area; other scopes (PKH families, youth...) count the records.
  const counters = await readDesaCounters(readOptions());
  const [households, persons, aided] = await Promise.all([
    countFromCounters(counters, 'households', householdScope, area, key) ?? countBy(Household, householdScope, area, key),
    countFromCounters(counters, 'persons', personScope, area, key) ?? countBy(Person, personScope, area, key),
    countFromCounters(counters, 'householdsReceivingAid', householdScope, area, key) ??
      countBy(Household, householdScope, { ...area, aid: { $in: aidTokens(null, 'ACTIVE') } }, key),
  ]);
  const ref = regionReference();
  const kecamatans = new Map(ref.kecamatans.map((k) => [k.code, { _id: k.code, name: k.name }]));
  const regions =
    level === 'DESA'
      ? ref.desas
          .filter((d) => !only || d.kecamatanCode === only)
          .map((d) => ({ code: d.code, kecamatanCode: d.kecamatanCode, desa: { _id: d.code, name: d.name, kecamatanCode: d.kecamatanCode, kind: d.kind } }))
      : ref.kecamatans.filter((k) => !only || k.code === only).map((k) => ({ code: k.code, kecamatanCode: k.code, desa: null }));
  // At KECAMATAN level with one kecamatan asked for, the group is still every kecamatan: the cell must not depend on the filter.
  const groupRegions = level === 'KECAMATAN' && only ? ref.kecamatans.map((k) => ({ code: k.code, kecamatanCode: k.code })) : regions;
  const [hs, ps, as] = [households, persons, aided].map((c) => cells(c, groupRegions, level));
  return regions.map((r) => {
    const h = hs!.get(r.code)!;
    const p = ps!.get(r.code)!;
    const a = as!.get(r.code)!;
    return {
      kecamatan: kecamatans.get(r.kecamatanCode)!,
      desa: r.desa,
      households: h.value,
      persons: p.value,
      householdsReceivingAid: a.value,
      suppressed: h.suppressed || p.suppressed || a.suppressed,
    };
  });
}
