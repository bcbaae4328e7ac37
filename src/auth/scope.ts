import mongoose from 'mongoose';
import { yearsBefore } from '../domain/age';
import { aidToken, aidTokens } from '../domain/aid';
import type { ProgrammeCode } from '../domain/records';
import { inList } from '../db/filters';
import { DISCREPANCY_KINDS } from '../domain/provenance';
import { knownDiscrepancies } from './decide';
import { YOUTH_AGES, type RowScopeRule } from './matrix';
import type { Viewer } from './viewer';

/** The collections whose rows are personal data and therefore scoped. */
export type ScopedCollection = 'persons' | 'households' | 'enrollments' | 'pilar' | 'discrepancies';

type PopulationRule = Extract<RowScopeRule, { kind: 'AREA' }>['population'];

/** `null` means the viewer may see no row of the collection at all; `{}` means every row. */
export type RowFilter = Record<string, unknown> | null;

function areaFilter(viewer: Viewer): RowFilter {
  const { kecamatanCodes, desaCodes } = viewer.area;
  const parts: Record<string, unknown>[] = [];
  if (kecamatanCodes.length > 0) parts.push({ kecamatanCode: inList(kecamatanCodes) });
  if (desaCodes.length > 0) parts.push({ desaCode: inList(desaCodes) });
  if (parts.length === 0) return null;
  return parts.length === 1 ? parts[0]! : { $or: parts };
}

function and(a: RowFilter, b: RowFilter): RowFilter {
  if (a === null || b === null) return null;
  if (Object.keys(a).length === 0) return b;
  if (Object.keys(b).length === 0) return a;
  return { $and: [a, b] };
}

/**
 * Discrepancies of the kinds and aspects the viewer may know of: a kind implies the facts its values
 * state (EXCLUSION_ERROR: desil 1, no aid), so the others do not exist for it (decide.ts).
 */
function knownDiscrepancyFilter(viewer: Viewer): RowFilter {
  const parts: Record<string, unknown>[] = [];
  let everything = true;
  for (const [kind, known] of knownDiscrepancies(viewer, DISCREPANCY_KINDS)) {
    if (known.all && known.except.length === 0) parts.push({ kind });
    else if (known.all) parts.push({ kind, aspect: mongoose.trusted({ $nin: known.except }) });
    else if (known.only.length > 0) parts.push({ kind, aspect: inList(known.only) });
    if (!known.all || known.except.length > 0) everything = false;
  }
  if (everything) return {};
  if (parts.length === 0) return null;
  return { $or: parts };
}

/**
 * A discrepancy exists for a viewer when its subject, the person or family it is about, does: the
 * record carries what the subject's population rule tests (src/db/models/discrepancy.ts).
 */
function discrepancySubjectFilter(area: RowFilter, population: PopulationRule, now: Date): RowFilter {
  switch (population) {
    case 'EVERYONE':
      return area;
    case 'PKH_FAMILIES':
      return and(area, { subjectAid: inList(aidTokens('PKH')) });
    case 'WITH_DISABILITY':
      // Families are not in this population: only discrepancies about a person with a disability.
      return and(area, { subjectType: 'PERSON', subjectHasDisability: true });
    case 'YOUTH':
      return and(area, { subjectType: 'PERSON', subjectBirthDate: youthBirthDates(now) });
  }
}

function youthBirthDates(now: Date): unknown {
  return mongoose.trusted({ $lte: yearsBefore(now, YOUTH_AGES[0]), $gt: yearsBefore(now, YOUTH_AGES[1] + 1) });
}

/**
 * A partner key limited to a programme's recipients (src/auth/apiKeys.ts) sees the people and families with an ACTIVE
 * enrolment in one of its programmes, those ACTIVE enrolments, and discrepancies about those people and families;
 * `{}` when the key is not limited by programme.
 */
function partnerRowLimit(viewer: Viewer, collection: ScopedCollection): RowFilter {
  const programmes = (viewer.partner?.programmeCodes ?? []) as ProgrammeCode[];
  if (programmes.length === 0) return {};
  const active = programmes.map((p) => aidToken(p, 'ACTIVE'));
  switch (collection) {
    case 'persons':
    case 'households':
      return { aid: inList(active) };
    case 'enrollments':
      return { programmeCode: inList(programmes), status: 'ACTIVE' };
    case 'discrepancies':
      return { subjectAid: inList(active) };
    case 'pilar':
      return null;
  }
}

/**
 * The filter that limits a read to the rows a viewer may see (docs/domain.md
 * section 5). Every list, count, lookup, loader and aggregate of personal
 * data goes through it: rows outside it do not exist for the viewer.
 */
export function rowFilter(viewer: Viewer, collection: ScopedCollection, now: Date): RowFilter {
  const scope = viewer.scope;
  if (scope.kind === 'NONE') return null;
  if (scope.kind === 'ALL') return collection === 'discrepancies' ? knownDiscrepancyFilter(viewer) : {};
  if (collection === 'pilar') return viewer.pilarId ? { _id: viewer.pilarId } : null;

  let area: RowFilter;
  if (viewer.partner) area = and(viewer.partner.wholeKabupaten ? {} : areaFilter(viewer), partnerRowLimit(viewer, collection));
  else area = scope.area === 'KABUPATEN' ? {} : areaFilter(viewer);
  if (collection === 'discrepancies') return and(discrepancySubjectFilter(area, scope.population, now), knownDiscrepancyFilter(viewer));

  switch (scope.population) {
    case 'EVERYONE':
      return area;
    case 'PKH_FAMILIES':
      if (collection === 'persons' || collection === 'households') {
        return and(area, { aid: inList(aidTokens('PKH')) });
      }
      // A PKH companion follows the PKH enrolments of its desa.
      if (collection === 'enrollments') return and(area, { programmeCode: 'PKH' });
      return null;
    case 'WITH_DISABILITY':
      if (collection === 'persons') return and(area, { disability: mongoose.trusted({ $ne: null }) });
      // Households and enrolment lists are reached through the person only.
      return null;
    case 'YOUTH':
      if (collection === 'persons') return and(area, { birthDate: youthBirthDates(now) });
      return null;
  }
}

/**
 * The filter for the children of a row the viewer already sees (a person's
 * enrolments, a household's members' enrolments): the area still applies, the
 * population rule was applied to the parent.
 */
export function childRowFilter(viewer: Viewer): RowFilter {
  const scope = viewer.scope;
  if (scope.kind === 'ALL') return {};
  if (scope.kind === 'NONE') return null;
  if (viewer.partner) {
    // Under a recipient the key sees, only the enrolments of its own programmes (any status: the recipient's history in them).
    const programmes = viewer.partner.programmeCodes ?? [];
    return and(viewer.partner.wholeKabupaten ? {} : areaFilter(viewer), programmes.length > 0 ? { programmeCode: inList([...programmes]) } : {});
  }
  return scope.area === 'KABUPATEN' ? {} : areaFilter(viewer);
}

/** Combines a query's own filter with the viewer's row filter; null when nothing can match. */
export function withScope(filter: Record<string, unknown>, scope: RowFilter): Record<string, unknown> | null {
  if (scope === null) return null;
  if (Object.keys(scope).length === 0) return filter;
  if (Object.keys(filter).length === 0) return scope;
  return { $and: [filter, scope] };
}

/**
 * Import runs name files and keep rejected rows of the whole regency, outside
 * any area: only viewers who see every row see them.
 */
export function importRunScope(viewer: Viewer): RowFilter {
  return viewer.scope.kind === 'ALL' ? {} : null;
}
