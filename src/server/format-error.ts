import { ApolloServerErrorCode } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import mongoose from 'mongoose';
import { ErrorCode, MAX_ECHO_LENGTH } from '../errors';
import { LIMIT_CODES } from './limits';

const { mongo } = mongoose;

/** The error and everything it wraps (GraphQLError.originalError, Error.cause), outermost first. */
export function errorChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  let current: unknown = error;
  while (current instanceof Error && chain.length < 8 && !chain.includes(current)) {
    chain.push(current);
    current = (current as { originalError?: unknown }).originalError ?? current.cause;
  }
  return chain;
}

const UNAVAILABLE_CLASSES = [
  mongo.MongoServerSelectionError,
  mongo.MongoNetworkError,
  mongo.MongoNotConnectedError,
  mongo.MongoTopologyClosedError,
  mongoose.Error.MongooseServerSelectionError,
];

/** MongoDB's MaxTimeMSExpired. */
const MAX_TIME_MS_EXPIRED = 50;

export interface DatabaseFailure {
  code: typeof ErrorCode.DATABASE_UNAVAILABLE | typeof ErrorCode.DATABASE_TIMEOUT;
  message: string;
}

/**
 * Turns driver failures into a stable code and a sentence a client can act on.
 * Raw driver messages name hosts and ports, and say nothing useful to a client.
 */
export function databaseFailure(error: unknown): DatabaseFailure | null {
  for (const e of errorChain(error)) {
    if (UNAVAILABLE_CLASSES.some((cls) => e instanceof cls) || (e instanceof mongoose.Error && /buffering timed out/.test(e.message))) {
      return { code: ErrorCode.DATABASE_UNAVAILABLE, message: 'The database is unavailable at the moment; try again shortly.' };
    }
    if ((e instanceof mongo.MongoServerError && e.code === MAX_TIME_MS_EXPIRED) || e instanceof mongo.MongoOperationTimeoutError) {
      return { code: ErrorCode.DATABASE_TIMEOUT, message: 'A database read took longer than its time limit; ask for less data.' };
    }
  }
  return null;
}

/** The code a client sees, including the limit codes that Apollo relabels as validation failures. */
function codeOf(formatted: GraphQLFormattedError, error: unknown): string {
  const code = formatted.extensions?.code;
  if (code === ApolloServerErrorCode.GRAPHQL_VALIDATION_FAILED && error instanceof GraphQLError && error.originalError instanceof GraphQLError) {
    const inner = error.originalError.extensions.code;
    if (typeof inner === 'string' && LIMIT_CODES.has(inner)) return inner;
  }
  return typeof code === 'string' ? code : ErrorCode.INTERNAL_SERVER_ERROR;
}

/**
 * Apollo's hideSchemaDetailsFromClientErrors strips "Did you mean" from
 * validation errors only; variable coercion errors (enum values given in
 * variables) carry suggestions too.
 */
const SUGGESTION = / ?Did you mean [^?]*\?/g;

/** Longest message a client gets; what is past it is client input repeated, or a bug. */
const MAX_MESSAGE_LENGTH = 1000;

/** A quoted piece of a message (graphql-js and the hub quote what the client sent). */
const QUOTED = /"((?:[^"\\]|\\.)*)"/g;

/**
 * Every message bounded, whoever wrote it: graphql-js repeats field names,
 * enum values and variable values in its messages, and a field that fails
 * once per list item repeats its message as often. Quoted input is cut to
 * MAX_ECHO_LENGTH characters, the whole message to MAX_MESSAGE_LENGTH.
 */
export function boundMessage(message: string): string {
  const cut = message.replace(QUOTED, (whole, inner: string) => (inner.length > MAX_ECHO_LENGTH ? `"${inner.slice(0, MAX_ECHO_LENGTH)}…"` : whole));
  return cut.length > MAX_MESSAGE_LENGTH ? `${cut.slice(0, MAX_MESSAGE_LENGTH)}…` : cut;
}

/**
 * Stable codes for every error; in production, no schema hints and no internals:
 * an unexpected error becomes INTERNAL_SERVER_ERROR with a generic message (the
 * request id added by the telemetry plugin finds the original in the log).
 * Only an unexpected error carries a stack trace, and only outside production:
 * a denial, a bad argument or a refused query is an answer, not an exception.
 */
export function createFormatError(production: boolean) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const { locations, path } = formatted;
    const db = databaseFailure(error);
    if (db) return { message: db.message, locations, path, extensions: { code: db.code } };
    const code = codeOf(formatted, error);
    const { stacktrace, ...extensions } = formatted.extensions ?? {};
    if (code === ErrorCode.INTERNAL_SERVER_ERROR) {
      if (production) return { message: 'Internal server error', locations, path, extensions: { code } };
      return { ...formatted, message: boundMessage(formatted.message), extensions: { ...extensions, code, ...(stacktrace ? { stacktrace } : {}) } };
    }
    const message = boundMessage(production ? formatted.message.replace(SUGGESTION, '') : formatted.message);
    return { ...formatted, message, extensions: { ...extensions, code } };
  };
}
