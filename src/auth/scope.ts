import mongoose from 'mongoose';
import { aidTokens } from '../domain/aid';
import { inList } from '../db/filters';
import { yearsBefore } from '../services/arguments';
import { YOUTH_AGES } from './matrix';
import type { Viewer } from './viewer';

/** The collections whose rows are personal data and therefore scoped. */
export type ScopedCollection = 'persons' | 'households' | 'enrollments' | 'pilar' | 'discrepancies';

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
 * The filter that limits a read to the rows a viewer may see (DOMAIN.md
 * section 5). Every list, count, lookup, loader and aggregate of personal
 * data goes through it: rows outside it do not exist for the viewer.
 */
export function rowFilter(viewer: Viewer, collection: ScopedCollection, now: Date): RowFilter {
  const scope = viewer.scope;
  if (scope.kind === 'ALL') return {};
  if (scope.kind === 'NONE') return null;
  if (collection === 'pilar') return viewer.pilarId ? { _id: viewer.pilarId } : null;

  let area: RowFilter;
  if (viewer.partner) area = viewer.partner.wholeKabupaten ? {} : areaFilter(viewer);
  else area = scope.area === 'KABUPATEN' ? {} : areaFilter(viewer);

  switch (scope.population) {
    case 'EVERYONE':
      return area;
    case 'PKH_FAMILIES':
      if (collection === 'persons' || collection === 'households') {
        return and(area, { aid: inList(aidTokens('PKH')) });
      }
      // A PKH companion follows the PKH enrolments of its desa.
      if (collection === 'enrollments') return and(area, { programmeCode: 'PKH' });
      return area;
    case 'WITH_DISABILITY':
      if (collection === 'persons') return and(area, { disability: mongoose.trusted({ $ne: null }) });
      // Households, enrolment lists and discrepancies are reached through the person only.
      return null;
    case 'YOUTH':
      if (collection === 'persons') {
        const born = mongoose.trusted({ $lte: yearsBefore(now, YOUTH_AGES[0]), $gt: yearsBefore(now, YOUTH_AGES[1] + 1) });
        return and(area, { birthDate: born });
      }
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
  if (viewer.partner) return viewer.partner.wholeKabupaten ? {} : areaFilter(viewer);
  return scope.area === 'KABUPATEN' ? {} : areaFilter(viewer);
}

/** Combines a query's own filter with the viewer's row filter; null when nothing can match. */
export function withScope(filter: Record<string, unknown>, scope: RowFilter): Record<string, unknown> | null {
  if (scope === null) return null;
  if (Object.keys(scope).length === 0) return filter;
  if (Object.keys(filter).length === 0) return scope;
  return { $and: [filter, scope] };
}
