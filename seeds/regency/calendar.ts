/** The generator counts in whole UTC days: every stored date is a midnight. */
export const DAY_MS = 86_400_000;
export const YEAR_DAYS = 365.2425;

export function dayOf(date: Date): number {
  return Math.floor(date.getTime() / DAY_MS);
}

export function dateOfDay(day: number): Date {
  return new Date(day * DAY_MS);
}

/** A birth day that makes someone `age` years old on `asOfDay`, spread over that year of life. */
export function birthDayForAge(asOfDay: number, age: number, fraction: number): number {
  return asOfDay - Math.floor((age + fraction) * YEAR_DAYS) - 1;
}

/** First day of a calendar year, as a day number. */
export function yearStartDay(year: number): number {
  return Date.UTC(year, 0, 1) / DAY_MS;
}
