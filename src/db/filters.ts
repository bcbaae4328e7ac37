import mongoose from 'mongoose';

/*
 * sanitizeFilter is on (src/db/connection.ts): any object with `$` keys inside a
 * filter is neutralised as a possible injection. The hub's own operators are
 * marked trusted here, built only from values the hub has validated, never from
 * client JSON.
 */

export function inList<T>(values: readonly T[]): { $in: T[] } {
  return mongoose.trusted({ $in: [...values] }) as { $in: T[] };
}

export function range(min: unknown, max: unknown): Record<string, unknown> {
  const r: Record<string, unknown> = {};
  if (min !== undefined && min !== null) r.$gte = min;
  if (max !== undefined && max !== null) r.$lte = max;
  return mongoose.trusted(r) as Record<string, unknown>;
}

/** Filter on one field for a batch of keys: a plain equality for one key, `$in` for more. */
export function oneOf<T>(values: readonly T[]): T | { $in: T[] } {
  return values.length === 1 ? values[0]! : inList(values);
}
