import type { ApolloServerPlugin } from '@apollo/server';
import { Kind, type DocumentNode, type GraphQLError, type GraphQLFormattedError, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import { ErrorCode } from '../errors';
import type { Logger } from '../log';
import type { Context } from './context';
import { databaseFailure, errorChain } from './format-error';

/** What the access log line and the metrics need to know about one GraphQL request. */
export interface RequestTelemetry {
  /** What the operation asks for, in the schema's words (`operationLabel`); null until it passed validation. */
  operation: string | null;
  /** The name the client gave its operation, cut and with numbers masked (`clientOperationName`); for the log only. */
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
  const t: RequestTelemetry = { operation: null, operationName: null, operationType: null, role: roleOf(context), errorCodes: [] };
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

/** Root fields listed in a label; an operation selecting more is labelled by its type alone. */
const MAX_LABELLED_ROOT_FIELDS = 3;

function rootFields(set: SelectionSetNode, document: DocumentNode, into: Set<string>, seen: Set<string>): void {
  for (const sel of set.selections) {
    if (sel.kind === Kind.FIELD) into.add(sel.name.value);
    else if (sel.kind === Kind.INLINE_FRAGMENT) rootFields(sel.selectionSet, document, into, seen);
    else if (!seen.has(sel.name.value)) {
      seen.add(sel.name.value);
      const fragment = document.definitions.find((d) => d.kind === Kind.FRAGMENT_DEFINITION && d.name.value === sel.name.value);
      if (fragment?.kind === Kind.FRAGMENT_DEFINITION) rootFields(fragment.selectionSet, document, into, seen);
    }
  }
}

/**
 * The label of an operation in metrics and logs: its type and the schema
 * fields it selects at the root (`query:kecamatan`, `query:households,persons`),
 * never the name a client chose. Validation has checked the fields exist, so
 * the labels come from a set the schema bounds, and carry nothing a client typed.
 */
export function operationLabel(operation: OperationDefinitionNode, document: DocumentNode): string {
  const fields = new Set<string>();
  rootFields(operation.selectionSet, document, fields, new Set());
  const names = [...fields].sort();
  return names.length > MAX_LABELLED_ROOT_FIELDS ? `${operation.operation}:(${MAX_LABELLED_ROOT_FIELDS}+ fields)` : `${operation.operation}:${names.join(',')}`;
}

/** Longest client operation name the log keeps. */
const MAX_LOGGED_NAME = 64;

/**
 * The client's operation name as the access log keeps it: at most 64
 * characters, every run of digits masked (`Lookup_NIK_3519…` must not put a
 * NIK, a KK number or a birth date into the log).
 */
export function clientOperationName(name: string | null | undefined): string | null {
  if (!name) return null;
  const masked = name.replace(/\d+/g, '#');
  return masked.length > MAX_LOGGED_NAME ? `${masked.slice(0, MAX_LOGGED_NAME)}…` : masked;
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
        async didResolveOperation({ operationName, operation, document }) {
          if (!telemetry || !operation) return;
          telemetry.operation = operationLabel(operation, document);
          telemetry.operationName = clientOperationName(operationName);
          telemetry.operationType = operation.operation;
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
