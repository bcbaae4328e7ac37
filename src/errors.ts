import { GraphQLError } from 'graphql';

/** Stable error codes clients may branch on (extensions.code). */
export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
  /** The database cannot be reached right now; retrying later may succeed. */
  DATABASE_UNAVAILABLE: 'DATABASE_UNAVAILABLE',
  /** A database read ran past its maxTimeMS. */
  DATABASE_TIMEOUT: 'DATABASE_TIMEOUT',
  /** The request ran past the hub's request deadline. */
  REQUEST_TIMEOUT: 'REQUEST_TIMEOUT',
  /** The operation nests deeper than the configured maximum. */
  QUERY_TOO_DEEP: 'QUERY_TOO_DEEP',
  /** The operation uses more aliases than the configured maximum. */
  TOO_MANY_ALIASES: 'TOO_MANY_ALIASES',
  /** The document uses more directives than the configured maximum. */
  TOO_MANY_DIRECTIVES: 'TOO_MANY_DIRECTIVES',
  /** The operation's estimated cost is above the configured maximum. */
  QUERY_TOO_COSTLY: 'QUERY_TOO_COSTLY',
  /** The hub is shutting down and takes no new requests. */
  SHUTTING_DOWN: 'SHUTTING_DOWN',
  /** A name in the document (alias, operation, fragment, variable) is longer than the hub accepts. */
  NAME_TOO_LONG: 'NAME_TOO_LONG',
  /** The operation is a mutation or subscription, and the schema offers none (a read API). */
  OPERATION_NOT_SUPPORTED: 'OPERATION_NOT_SUPPORTED',
  /** The viewer's role or key may not do this (read matrix or write matrix). */
  FORBIDDEN: 'FORBIDDEN',
  /**
   * A write lost a race or states an expectation that no longer holds (expectedVersion, expected status, a full
   * training): nothing was changed; `extensions.current` tells the state found.
   */
  CONFLICT: 'CONFLICT',
  /** A training has no place left for a registration (its places left are 0; who holds them is not said). */
  TRAINING_FULL: 'TRAINING_FULL',
  /** The person already holds a place in the training. */
  ALREADY_REGISTERED: 'ALREADY_REGISTERED',
  /** The client went away before the answer was ready; its remaining work was stopped. */
  CLIENT_CLOSED_REQUEST: 'CLIENT_CLOSED_REQUEST',
  /** The request named a document by hash that no client registered (src/server/trusted-documents.ts). */
  PERSISTED_QUERY_NOT_FOUND: 'PERSISTED_QUERY_NOT_FOUND',
  /** The request sent a document and a hash that is not that document's sha256. */
  PERSISTED_QUERY_HASH_MISMATCH: 'PERSISTED_QUERY_HASH_MISMATCH',
  /** The client runs only documents registered for it (SIMPUL_TRUSTED_DOCUMENTS_ONLY), and this one is not. */
  TRUSTED_DOCUMENT_REQUIRED: 'TRUSTED_DOCUMENT_REQUIRED',
  /** The client name a request gives differs from the one its credentials were issued to. */
  CLIENT_MISMATCH: 'CLIENT_MISMATCH',
  /** A partner's API key is past its expiry date (HTTP 401): ask Dinsos for a new one. */
  API_KEY_EXPIRED: 'API_KEY_EXPIRED',
  /** A partner's API key made more requests this minute than it may (HTTP 429, `Retry-After`). */
  RATE_LIMITED: 'RATE_LIMITED',
  /** A partner's API key used up its requests for the day (HTTP 429, `Retry-After` until midnight WIB). */
  DAILY_QUOTA_EXCEEDED: 'DAILY_QUOTA_EXCEEDED',
} as const;

export type ErrorCodeName = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Longest piece of client input an error message repeats (see `echo`). */
export const MAX_ECHO_LENGTH = 100;

/**
 * A value the client sent, quoted for an error message and cut to MAX_ECHO_LENGTH
 * characters: a message names what was wrong, it does not mirror the request
 * (a 1 MB argument must not come back once per field that read it).
 */
export function echo(value: unknown): string {
  const text = String(value);
  return `"${text.length > MAX_ECHO_LENGTH ? `${text.slice(0, MAX_ECHO_LENGTH)}…` : text}"`;
}

/** A client mistake in an argument: says which argument and why. */
export function badInput(argument: string, message: string): GraphQLError {
  return new GraphQLError(`${argument}: ${message}`, {
    extensions: { code: ErrorCode.BAD_USER_INPUT, argument },
  });
}
