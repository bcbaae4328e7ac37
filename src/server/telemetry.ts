import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLError, GraphQLFormattedError } from 'graphql';
import { ErrorCode } from '../errors';
import type { Logger } from '../log';
import type { Context } from './context';
import { databaseFailure, errorChain } from './format-error';

/** What the access log line and the metrics need to know about one GraphQL request. */
export interface RequestTelemetry {
  /** Name of the operation that passed validation; never the client's raw input. */
  operationName: string | null;
  operationType: string | null;
  /** The viewer's role once the request has run (authentication may set it late). */
  role: string;
  errorCodes: string[];
}

// Under a symbol rather than a field of Context: the context belongs to the resolvers. Apollo
// hands plugins a shallow copy of the context, which keeps symbol-keyed properties.
const TELEMETRY = Symbol('simpul.telemetry');

export function attachTelemetry(context: object): RequestTelemetry {
  const t: RequestTelemetry = { operationName: null, operationType: null, role: roleOf(context), errorCodes: [] };
  (context as { [TELEMETRY]?: RequestTelemetry })[TELEMETRY] = t;
  return t;
}

function telemetryOf(context: object): RequestTelemetry | undefined {
  return (context as { [TELEMETRY]?: RequestTelemetry })[TELEMETRY];
}

/** The viewer's role for logs and metrics; 'anonymous' until authentication sets `context.viewer`. */
export function roleOf(context: object | undefined): string {
  const role = (context as { viewer?: { role?: unknown } } | undefined)?.viewer?.role;
  return typeof role === 'string' ? role : 'anonymous';
}

function unexpected(error: GraphQLError): boolean {
  const code = error.extensions?.code;
  return code === undefined || code === ErrorCode.INTERNAL_SERVER_ERROR;
}

/**
 * Records the operation and the error codes of each response, stamps every
 * error with the request id, and logs unexpected errors in full (message and
 * stack, never variables or results) under that request id.
 */
export function telemetryPlugin(log: Logger): ApolloServerPlugin<Context> {
  return {
    async requestDidStart({ contextValue }) {
      const telemetry = telemetryOf(contextValue);
      const requestId = contextValue.requestId;
      return {
        async didResolveOperation({ operationName, operation }) {
          if (!telemetry) return;
          telemetry.operationName = operationName;
          telemetry.operationType = operation?.operation ?? null;
        },
        async didEncounterErrors({ errors }) {
          let databaseErrors = 0;
          for (const error of errors) {
            if (databaseFailure(error)) {
              databaseErrors += 1;
            } else if (unexpected(error)) {
              const original = errorChain(error).at(-1);
              log.error({ requestId, err: original, path: error.path?.join('.') }, 'graphql: unexpected error');
            }
          }
          // One line per request: every field that touched the database failed the same way.
          if (databaseErrors > 0) {
            log.warn({ requestId, errors: databaseErrors, cause: String(errorChain(errors.find(databaseFailure)).at(-1)) }, 'graphql: database failure');
          }
        },
        async willSendResponse({ response, contextValue: ctx }) {
          if (telemetry) telemetry.role = roleOf(ctx);
          const body = response.body;
          const result = body.kind === 'single' ? body.singleResult : body.initialResult;
          if (!result.errors) return;
          const stamped: GraphQLFormattedError[] = result.errors.map((e) => ({ ...e, extensions: { ...e.extensions, requestId } }));
          (result as { errors?: readonly GraphQLFormattedError[] }).errors = stamped;
          telemetry?.errorCodes.push(...stamped.map((e) => String(e.extensions?.code ?? ErrorCode.INTERNAL_SERVER_ERROR)));
        },
      };
    },
  };
}
