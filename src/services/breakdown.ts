import mongoose, { type Model } from 'mongoose';
import { aidTokens } from '../domain/aid';
import { rowFilter, type ScopedCollection } from '../auth/scope';
import { Household } from '../db/models/household';
import { Person } from '../db/models/person';
import { Enrollment } from '../db/models/programme';
import { badInput } from '../errors';
/** The `breakdown` enums of the SDL (tests/house/enums.test.ts holds them to the generated types). */
export type BreakdownSubject = 'PERSONS' | 'HOUSEHOLDS' | 'ENROLLMENTS';
export type BreakdownDimension = 'DESA' | 'DESIL' | 'AGE_GROUP' | 'SEX' | 'PROGRAMME' | 'STATUS';
import type { Context } from '../context';
import { readOptions } from '../db/request-scope';
import { desaArg, kecamatanArg } from './arguments';
import { yearsBefore } from '../domain/age';
import { smallTotal, suppressTable } from './suppression';

export interface BreakdownFilterArgs {
  kecamatanCode?: string | null;
  desaCode?: string | null;
}

export interface BreakdownCellShape {
  key: string;
  count: number | null;
  suppressed: boolean;
}

export interface BreakdownShape {
  subject: BreakdownSubject;
  total: number | null;
  totalSuppressed: boolean;
  tables: { by: BreakdownDimension; cells: BreakdownCellShape[] }[];
}

const SUBJECTS: Record<BreakdownSubject, { model: Model<any>; scope: ScopedCollection }> = {
  PERSONS: { model: Person, scope: 'persons' },
  HOUSEHOLDS: { model: Household, scope: 'households' },
  ENROLLMENTS: { model: Enrollment, scope: 'enrollments' },
};

/** The subjects each dimension applies to. */
const APPLIES: Record<BreakdownDimension, readonly BreakdownSubject[]> = {
  DESA: ['PERSONS', 'HOUSEHOLDS', 'ENROLLMENTS'],
  DESIL: ['PERSONS', 'HOUSEHOLDS'],
  AGE_GROUP: ['PERSONS'],
  SEX: ['PERSONS'],
  PROGRAMME: ['PERSONS', 'HOUSEHOLDS', 'ENROLLMENTS'],
  STATUS: ['ENROLLMENTS'],
};

/** The stored field a dimension groups by, per subject (AGE_GROUP and aid-based PROGRAMME are counted apart). */
const GROUP_FIELD: Partial<Record<BreakdownDimension, Partial<Record<BreakdownSubject, string>>>> = {
  DESA: { PERSONS: 'desaCode', HOUSEHOLDS: 'desaCode', ENROLLMENTS: 'desaCode' },
  DESIL: { PERSONS: 'householdDesil', HOUSEHOLDS: 'desil' },
  SEX: { PERSONS: 'sex' },
  PROGRAMME: { ENROLLMENTS: 'programmeCode' },
  STATUS: { ENROLLMENTS: 'status' },
};

const AGE_BANDS: readonly [string, number, number | null][] = [
  ['CHILD', 0, 14],
  ['YOUTH', 15, 30],
  ['ADULT', 31, 59],
  ['ELDER', 60, null],
];

/** Cell order: desil numerically with UNRANKED last, age bands young to old, the rest by key. */
function keyOrder(by: BreakdownDimension): (a: string, b: string) => number {
  if (by === 'DESIL') return (a, b) => (a === 'UNRANKED' ? 1 : b === 'UNRANKED' ? -1 : Number(a) - Number(b));
  if (by === 'AGE_GROUP') return (a, b) => AGE_BANDS.findIndex((x) => x[0] === a) - AGE_BANDS.findIndex((x) => x[0] === b);
  return (a, b) => (a < b ? -1 : a > b ? 1 : 0);
}

function matchOf(...parts: (Record<string, unknown> | null)[]): Record<string, unknown> {
  const present = parts.filter((p): p is Record<string, unknown> => p !== null && Object.keys(p).length > 0);
  return present.length === 0 ? {} : present.length === 1 ? present[0]! : { $and: present };
}

async function count(model: Model<any>, match: Record<string, unknown>): Promise<number> {
  return model.countDocuments(match).setOptions(readOptions()).exec();
}

async function groupBy(model: Model<any>, match: Record<string, unknown>, field: string): Promise<Map<string, number>> {
  const rows = await model.aggregate<{ _id: unknown; n: number }>([{ $match: match }, { $group: { _id: `$${field}`, n: { $sum: 1 } } }]).option(readOptions());
  const out = new Map<string, number>();
  for (const r of rows) {
    const key = r._id === null || r._id === undefined ? 'UNRANKED' : String(r._id);
    out.set(key, (out.get(key) ?? 0) + r.n);
  }
  return out;
}

/** Counts of one dimension: what the rows matched by `match` hold, value by value. */
async function countsOf(ctx: Context, subject: BreakdownSubject, by: BreakdownDimension, match: Record<string, unknown>): Promise<Map<string, number>> {
  const { model } = SUBJECTS[subject];
  const field = GROUP_FIELD[by]?.[subject];
  if (field) return groupBy(model, match, field);
  if (by === 'AGE_GROUP') {
    const out = new Map<string, number>();
    for (const [group, lo, hi] of AGE_BANDS) {
      const born: Record<string, Date> = { $lte: yearsBefore(ctx.now, lo) };
      if (hi !== null) born.$gt = yearsBefore(ctx.now, hi + 1);
      out.set(group, await count(model, matchOf(match, { birthDate: mongoose.trusted(born) })));
    }
    return out;
  }
  // PROGRAMME of people and households: every programme they benefit from by an ACTIVE enrolment (aid tokens).
  const active = new Set<string>(aidTokens(null, 'ACTIVE'));
  const rows = await model
    .aggregate<{ _id: string; n: number }>([{ $match: match }, { $unwind: '$aid' }, { $match: { aid: { $in: [...active] } } }, { $group: { _id: '$aid', n: { $sum: 1 } } }])
    .option(readOptions());
  const out = new Map<string, number>();
  for (const r of rows) if (active.has(r._id)) out.set(r._id.split(':')[0]!, r.n);
  return out;
}

/**
 * Counts of one subject by several dimensions, in one request (issue 13 item 5). Scoped by the viewer's row filter
 * (where it has no rows of the subject: the whole regency, like `statistics`), governed per dimension by matrix.ts
 * ARGUMENT_RULES, and suppressed for every viewer (suppression.ts): a small total hides everything; in each table,
 * cells of 1 to 4 and, when only one is, the next smallest cell.
 */
export async function breakdown(
  ctx: Context,
  subject: BreakdownSubject,
  by: readonly BreakdownDimension[],
  filter: BreakdownFilterArgs | null | undefined,
): Promise<BreakdownShape> {
  const seen = new Set<BreakdownDimension>();
  for (const d of by) {
    if (seen.has(d)) throw badInput('by', `${d} is asked for twice`);
    seen.add(d);
    if (!APPLIES[d].includes(subject)) throw badInput('by', `${subject} cannot be broken down by ${d} (it applies to ${APPLIES[d].join(', ')})`);
  }
  const area: Record<string, unknown> = {};
  if (filter?.kecamatanCode != null) area.kecamatanCode = kecamatanArg('filter.kecamatanCode', filter.kecamatanCode);
  if (filter?.desaCode != null) area.desaCode = desaArg('filter.desaCode', filter.desaCode);
  const { model, scope } = SUBJECTS[subject];
  const match = matchOf(area, rowFilter(ctx.viewer, scope, ctx.now));

  const [total, ...counted] = await Promise.all([count(model, match), ...by.map((d) => countsOf(ctx, subject, d, match))]);
  const hideAll = smallTotal(total!);
  const tables = by.map((d, i) => {
    const entries = [...counted[i]!.entries()].filter(([, n]) => n > 0).sort((a, b) => keyOrder(d)(a[0], b[0]));
    const hidden = hideAll ? entries.map(() => true) : suppressTable(entries.map(([, n]) => n));
    return { by: d, cells: entries.map(([key, n], j) => ({ key, count: hidden[j] ? null : n, suppressed: hidden[j]! })) };
  });
  return { subject, total: hideAll ? null : total!, totalSuppressed: hideAll, tables };
}
