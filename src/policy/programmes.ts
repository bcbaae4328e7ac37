import type { EnrollmentRecord as EnrollmentDoc, ProgrammeRecord as ProgrammeDoc } from '../domain/records';

const YEAR_MS = 365.2425 * 86_400_000;

/*
 * Programme rules read their numbers (maxYears, desil ceilings) from the
 * programme records in the database, so a change of national policy is a data
 * change, not a code change.
 */

/** Years of benefit from the start until the end (or `now` while it goes on), to one decimal. */
export function yearsReceived(e: Pick<EnrollmentDoc, 'startDate' | 'endDate'>, now: Date): number {
  const end = e.endDate && e.endDate < now ? e.endDate : now;
  const years = Math.max(0, end.getTime() - e.startDate.getTime()) / YEAR_MS;
  return Math.floor(years * 10) / 10;
}

/** Whether benefit has lasted longer than the programme allows (PKH and BPNT: 5 years). */
export function exceedsMaxDuration(e: Pick<EnrollmentDoc, 'startDate' | 'endDate'>, programme: Pick<ProgrammeDoc, 'maxYears'>, now: Date): boolean {
  if (programme.maxYears === null || programme.maxYears === undefined) return false;
  const end = e.endDate && e.endDate < now ? e.endDate : now;
  return end.getTime() - e.startDate.getTime() > programme.maxYears * YEAR_MS;
}
