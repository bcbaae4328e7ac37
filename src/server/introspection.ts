import type { ApolloServerPlugin, GraphQLRequestContext } from '@apollo/server';
import { execute, GraphQLError, Kind, type FragmentDefinitionNode, type GraphQLSchema, type SelectionSetNode } from 'graphql';
import { ErrorCode } from '../errors';
import { viewerContractSchema } from '../services/viewer';
import type { Context } from './context';

const INTROSPECTION = new Set(['__schema', '__type']);

/** Names of the root fields an operation selects, fragments and inline fragments on the root followed. */
function rootFields(set: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>, seen = new Set<string>()): string[] {
  return set.selections.flatMap((s) => {
    if (s.kind === Kind.FIELD) return [s.name.value];
    if (s.kind === Kind.INLINE_FRAGMENT) return rootFields(s.selectionSet, fragments, seen);
    const name = s.name.value;
    const f = fragments.get(name);
    if (!f || seen.has(name)) return [];
    seen.add(name);
    return rootFields(f.selectionSet, fragments, seen);
  });
}

function introspectionKind(ctx: GraphQLRequestContext<Context>): 'none' | 'only' | 'mixed' {
  if (!ctx.operation || !ctx.document) return 'none';
  const fragments = new Map(ctx.document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
  const names = rootFields(ctx.operation.selectionSet, fragments);
  if (!names.some((n) => INTROSPECTION.has(n))) return 'none';
  return names.every((n) => INTROSPECTION.has(n) || n === '__typename') ? 'only' : 'mixed';
}

/**
 * Introspection as the caller: `__schema` and `__type` describe the caller's contract (the SDL of `npm run schema` for
 * its role or key, src/auth/contractSdl.ts), so a client's codegen pointed at the hub with its credentials generates
 * only what will answer. An operation mixing introspection with data fields is refused: its introspection would have
 * to describe the whole schema. Production turns introspection off before this runs (src/server/apollo.ts).
 */
export function contractIntrospectionPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation(ctx) {
          if (introspectionKind(ctx) === 'mixed') {
            throw new GraphQLError('ask for __schema or __type in an operation of its own: introspection describes your contract, not the data fields asked beside it', {
              extensions: { code: ErrorCode.BAD_USER_INPUT, http: { status: 400 } },
            });
          }
        },
        async responseForOperation(ctx) {
          // Without a viewer (a server used without the hub's context, in tests of the guards) the served schema answers.
          if (!ctx.contextValue?.viewer || introspectionKind(ctx) !== 'only') return null;
          const schema: GraphQLSchema = viewerContractSchema({ viewer: ctx.contextValue.viewer, schema: ctx.schema });
          const result = await execute({ schema, document: ctx.document!, variableValues: ctx.request.variables, operationName: ctx.request.operationName });
          return {
            http: ctx.response.http,
            body: { kind: 'single', singleResult: { data: result.data, ...(result.errors ? { errors: result.errors.map((e) => e.toJSON()) } : {}) } },
          };
        },
      };
    },
  };
}
