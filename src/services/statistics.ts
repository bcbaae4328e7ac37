import type { Model } from 'mongoose';
import { aidTokens } from '../domain/aid';
import { regionReference } from '../reference/regions';
import { SMALL_CELL } from '../auth/matrix';
import { rowFilter, type RowFilter } from '../auth/scope';
import { Household } from '../db/models/household';
import { Person } from '../db/models/person';
import type { DesaDoc, KecamatanDoc } from '../db/models/region';
import type { Context } from '../context';
import { readOptions } from '../db/request-scope';
import { kecamatanArg } from './arguments';

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

function cell(c: Counted, code: string): { value: number | null; suppressed: boolean } {
  const n = c.counts.get(code) ?? 0;
  return c.suppress && n > 0 && n < SMALL_CELL ? { value: null, suppressed: true } : { value: n, suppressed: false };
}

/** Aggregates follow the viewer's row scope; where the viewer has no rows of a kind, small cells are suppressed. */
export async function statistics(ctx: Context, level: 'KECAMATAN' | 'DESA', kecamatanCode: string | null | undefined): Promise<StatisticsCellShape[]> {
  const only = kecamatanCode != null ? kecamatanArg('kecamatanCode', kecamatanCode) : null;
  const key = level === 'DESA' ? 'desaCode' : 'kecamatanCode';
  const area = only ? { kecamatanCode: only } : {};
  const householdScope = rowFilter(ctx.viewer, 'households', ctx.now);
  const [households, persons, aided] = await Promise.all([
    countBy(Household, householdScope, area, key),
    countBy(Person, rowFilter(ctx.viewer, 'persons', ctx.now), area, key),
    countBy(Household, householdScope, { ...area, aid: { $in: aidTokens(null, 'ACTIVE') } }, key),
  ]);
  const ref = regionReference();
  const kecamatans = new Map(ref.kecamatans.map((k) => [k.code, { _id: k.code, name: k.name }]));
  const regions =
    level === 'DESA'
      ? ref.desas.filter((d) => !only || d.kecamatanCode === only).map((d) => ({ code: d.code, kecamatanCode: d.kecamatanCode, desa: { _id: d.code, name: d.name, kecamatanCode: d.kecamatanCode, kind: d.kind } }))
      : ref.kecamatans.filter((k) => !only || k.code === only).map((k) => ({ code: k.code, kecamatanCode: k.code, desa: null }));
  return regions.map((r) => {
    const h = cell(households, r.code);
    const p = cell(persons, r.code);
    const a = cell(aided, r.code);
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
