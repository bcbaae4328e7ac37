import type { AgeGroup } from './records';

/**
 * Completed years on `asOf`, both read in UTC (stored dates are midnight UTC). Someone
 * born on 29 February turns a year older on 1 March in common years.
 */
export function ageOn(birthDate: Date, asOf: Date): number {
  let age = asOf.getUTCFullYear() - birthDate.getUTCFullYear();
  const months = asOf.getUTCMonth() - birthDate.getUTCMonth();
  if (months < 0 || (months === 0 && asOf.getUTCDate() < birthDate.getUTCDate())) age -= 1;
  return age;
}

/** CHILD 0-14, YOUTH 15-30, ADULT 31-59, ELDER 60+ (docs/domain.md section 3). */
export function ageGroupOf(age: number): AgeGroup {
  if (!Number.isFinite(age) || age < 0) throw new RangeError(`age must be 0 or more, got ${age}`);
  if (age < 15) return 'CHILD';
  if (age < 31) return 'YOUTH';
  if (age < 60) return 'ADULT';
  return 'ELDER';
}

/** A UTC date `years` calendar years before `date`. */
export function yearsBefore(date: Date, years: number): Date {
  return new Date(Date.UTC(date.getUTCFullYear() - years, date.getUTCMonth(), date.getUTCDate()));
}
