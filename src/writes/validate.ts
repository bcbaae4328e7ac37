import { GraphQLError } from 'graphql';
import { echo, ErrorCode } from '../errors';

/*
 * Input checks of the portals' mutations. Every error names the input it is about, as a dotted path from the mutation's
 * arguments (`input.date`, `input.observed.phone`), in the message and in `extensions.field`, and repeats client text
 * only through `echo()` (cut to 100 characters).
 */

/** BAD_USER_INPUT about one input field. */
export function badField(field: string, message: string): GraphQLError {
  return new GraphQLError(`${field}: ${message}`, { extensions: { code: ErrorCode.BAD_USER_INPUT, field, argument: field } });
}

/** The UTC calendar day of a moment, as the Date scalar carries it. */
const day = (d: Date) => d.toISOString().slice(0, 10);

/** A date that happened: today at the latest (UTC calendar days, as the Date scalar is read). */
export function requirePastOrToday(field: string, date: Date, now: Date): void {
  if (day(date) > day(now)) throw badField(field, `${day(date)} is in the future (today is ${day(now)})`);
}

/** Text of at most `max` characters (after trimming); `required` also refuses an empty one. Returns it trimmed. */
export function requireText(field: string, text: string | null | undefined, max: number, required = false): string | null {
  const trimmed = (text ?? '').trim();
  if (required && trimmed.length === 0) throw badField(field, 'must not be empty');
  if (trimmed.length > max) throw badField(field, `is ${trimmed.length} characters long; at most ${max} are accepted`);
  return trimmed.length === 0 ? null : trimmed;
}

/** A code out of a list the hub knows (a programme code, a desa code...). */
export function requireOneOf<T extends string>(field: string, value: string, allowed: readonly T[], what: string): T {
  if (!(allowed as readonly string[]).includes(value)) throw badField(field, `${echo(value)} is not a known ${what}`);
  return value as T;
}

/** Longest idempotency key: a UUID or a portal's own request id fits easily. */
export const MAX_IDEMPOTENCY_KEY = 100;

export function requireIdempotencyKey(key: string): void {
  if (!/^[\x21-\x7e]{1,100}$/.test(key)) {
    throw badField('input.idempotencyKey', `must be 1 to ${MAX_IDEMPOTENCY_KEY} printable ASCII characters without spaces (a UUID, for example)`);
  }
}

/** CONFLICT: the write stated an expectation (version, status) the record no longer meets; nothing was changed. */
export function conflict(message: string, current: Record<string, unknown> | null): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCode.CONFLICT, current } });
}

/** NOT_FOUND for a subject that does not exist for this viewer: out of scope and missing read the same. */
export function notFound(field: string, what: string, id: string): GraphQLError {
  return new GraphQLError(`${field}: no ${what} ${echo(id)}`, { extensions: { code: ErrorCode.NOT_FOUND, field, argument: field } });
}
