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
} as const;

export type ErrorCodeName = (typeof ErrorCode)[keyof typeof ErrorCode];

/** A client mistake in an argument: says which argument and why. */
export function badInput(argument: string, message: string): GraphQLError {
  return new GraphQLError(`${argument}: ${message}`, {
    extensions: { code: ErrorCode.BAD_USER_INPUT, argument },
  });
}
