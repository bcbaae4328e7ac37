import type { ApolloServerPlugin } from '@apollo/server';
import {
  getArgumentValues,
  getNamedType,
  getNullableType,
  getVariableValues,
  GraphQLError,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  type ASTVisitor,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import type { Config } from '../config';
import { echo, ErrorCode, MAX_ECHO_LENGTH } from '../errors';

export type QueryLimits = Pick<Config['limits'], 'maxDepth' | 'maxAliases' | 'maxDirectives' | 'maxCost' | 'maxPageSize'>;

export interface LimitOptions {
  /**
   * Leaves `__schema` and `__type` out of depth and cost. An IDE's introspection
   * query nests ofType nine levels deep; production turns introspection off, so
   * this is true only where introspection is allowed.
   */
  ignoreIntrospection: boolean;
}

type Fragments = ReadonlyMap<string, FragmentDefinitionNode>;

const isIntrospectionRoot = (name: string) => name === '__schema' || name === '__type';

interface Shape {
  depth: number;
  aliases: number;
  directives: number;
}

/**
 * Depth, aliases and directives of a selection set, fragments expanded where
 * they are spread. Each fragment is measured once (memo), so a document that
 * spreads fragments into fragments costs linear time, not exponential; a cycle
 * counts as empty (NoFragmentCyclesRule reports it).
 */
function shapeOf(set: SelectionSetNode, fragments: Fragments, opts: LimitOptions, memo: Map<string, Shape>): Shape {
  const total: Shape = { depth: 0, aliases: 0, directives: 0 };
  const add = (inner: Shape, depth: number) => {
    total.depth = Math.max(total.depth, depth);
    total.aliases += inner.aliases;
    total.directives += inner.directives;
  };
  for (const sel of set.selections) {
    total.directives += sel.directives?.length ?? 0;
    if (sel.kind === Kind.FIELD) {
      if (sel.alias) total.aliases += 1;
      const inner = sel.selectionSet ? shapeOf(sel.selectionSet, fragments, opts, memo) : { depth: 0, aliases: 0, directives: 0 };
      add(inner, opts.ignoreIntrospection && isIntrospectionRoot(sel.name.value) ? 0 : inner.depth + 1);
    } else if (sel.kind === Kind.INLINE_FRAGMENT) {
      const inner = shapeOf(sel.selectionSet, fragments, opts, memo);
      add(inner, inner.depth);
    } else {
      const inner = fragmentShape(sel.name.value, fragments, opts, memo);
      add(inner, inner.depth);
    }
  }
  return total;
}

function fragmentShape(name: string, fragments: Fragments, opts: LimitOptions, memo: Map<string, Shape>): Shape {
  const known = memo.get(name);
  if (known) return known;
  const fragment = fragments.get(name);
  const empty = { depth: 0, aliases: 0, directives: 0 };
  if (!fragment) return empty;
  memo.set(name, empty);
  const body = shapeOf(fragment.selectionSet, fragments, opts, memo);
  const shape = { ...body, directives: body.directives + (fragment.directives?.length ?? 0) };
  memo.set(name, shape);
  return shape;
}

function fragmentsOf(context: ValidationContext): Fragments {
  const map = new Map<string, FragmentDefinitionNode>();
  for (const def of context.getDocument().definitions) {
    if (def.kind === Kind.FRAGMENT_DEFINITION) map.set(def.name.value, def);
  }
  return map;
}

function limitError(code: string, message: string, node: OperationDefinitionNode, limit: number, actual: number): GraphQLError {
  return new GraphQLError(message, { nodes: [node], extensions: { code, limit, actual } });
}

/** Longest name (alias, operation, fragment, variable) a document may use: names come back in paths, keys and messages. */
export const MAX_NAME_LENGTH = MAX_ECHO_LENGTH;

/**
 * Depth, alias and directive limits as validation rules, so they run before
 * any resolver. Aliases count `__typename` too: alias overloading works with any field.
 * Also refused here: names longer than MAX_NAME_LENGTH (every error under an
 * alias repeats it in its path), and subscriptions, which this schema does not
 * offer (graphql-js 16 would let them through validation and fail them in
 * execution as an internal error). Mutations are the portals' workflows.
 */
export function limitRules(limits: QueryLimits, opts: LimitOptions): ValidationRule[] {
  const rule = (context: ValidationContext): ASTVisitor => {
    const fragments = fragmentsOf(context);
    const memo = new Map<string, Shape>();
    let longName = false;
    return {
      Name(node) {
        if (longName || node.value.length <= MAX_NAME_LENGTH) return;
        longName = true;
        context.reportError(
          new GraphQLError(`the name ${echo(node.value)} is longer than ${MAX_NAME_LENGTH} characters`, {
            nodes: [node],
            extensions: { code: ErrorCode.NAME_TOO_LONG, limit: MAX_NAME_LENGTH },
          }),
        );
      },
      OperationDefinition(op) {
        if (!context.getSchema().getRootType(op.operation)) {
          context.reportError(
            new GraphQLError(`this API offers no ${op.operation} operations: it answers queries and the portals' mutations only`, {
              nodes: [op],
              extensions: { code: ErrorCode.OPERATION_NOT_SUPPORTED },
            }),
          );
        }
        const shape = shapeOf(op.selectionSet, fragments, opts, memo);
        shape.directives += (op.directives?.length ?? 0) + (op.variableDefinitions ?? []).reduce((n, v) => n + (v.directives?.length ?? 0), 0);
        const name = op.name && op.name.value.length <= MAX_NAME_LENGTH ? `operation ${op.name.value}` : 'the operation';
        if (shape.depth > limits.maxDepth) {
          context.reportError(limitError(ErrorCode.QUERY_TOO_DEEP, `${name} nests ${shape.depth} levels deep; the limit is ${limits.maxDepth}`, op, limits.maxDepth, shape.depth));
        }
        if (shape.aliases > limits.maxAliases) {
          context.reportError(
            limitError(ErrorCode.TOO_MANY_ALIASES, `${name} uses ${shape.aliases} aliases; the limit is ${limits.maxAliases}`, op, limits.maxAliases, shape.aliases),
          );
        }
        if (shape.directives > limits.maxDirectives) {
          context.reportError(
            limitError(
              ErrorCode.TOO_MANY_DIRECTIVES,
              `${name} uses ${shape.directives} directives; the limit is ${limits.maxDirectives}`,
              op,
              limits.maxDirectives,
              shape.directives,
            ),
          );
        }
        // Names inside the operation are checked by the Name visitor above, which skipping would bypass.
        return undefined;
      },
    };
  };
  return [rule];
}

/** Codes of the rules above, which Apollo relabels GRAPHQL_VALIDATION_FAILED; formatError restores them. */
export const LIMIT_CODES: ReadonlySet<string> = new Set([
  ErrorCode.QUERY_TOO_DEEP,
  ErrorCode.TOO_MANY_ALIASES,
  ErrorCode.TOO_MANY_DIRECTIVES,
  ErrorCode.NAME_TOO_LONG,
  ErrorCode.OPERATION_NOT_SUPPORTED,
]);

const badRequest = { http: { status: 400 } };

interface CostWalk {
  schema: GraphQLSchema;
  fragments: Fragments;
  variables: Record<string, unknown>;
  limits: QueryLimits;
  opts: LimitOptions;
  /** Cost of each fragment (by name and items per list), computed once: nested spreads would otherwise cost exponential time. */
  fragmentCosts: Map<string, number>;
}

/**
 * Unpaged lists of the region reference (and what hangs off it) fan out: each item
 * may open a paged read of its own (`kecamatans { desas { households(first: 100) } }`
 * reads 206 pages). Their selections count once per item, at these upper bounds
 * (15 kecamatan, at most 19 desa in one, 6 programmes, a statistics cell per desa).
 * Lists inside one record (members, enrolments, values) stay counted once: family-sized,
 * and read in batches by the loaders whatever their length.
 */
export const UNPAGED_LIST_SIZES: Readonly<Record<string, number>> = {
  'Query.kecamatans': 15,
  'Kecamatan.desas': 19,
  'Query.programmes': 6,
  'Query.statistics': 206,
  'Pilar.kecamatans': 15,
  'Pilar.desas': 206,
};

/**
 * Database work, priced in the unit of the cost limit (one field resolved).
 * A field with a `first` argument reads a page; a connection's `totalCount`
 * counts every row its filter matches, whatever page was asked for; an
 * aggregate groups whole collections. On the embedded engine a count of one
 * desa's families takes as long as resolving thousands of fields (every read
 * scans), so a count is priced like a thousand fields, a page read like a
 * hundred. Like every cost, they add up once per item of the lists above them:
 * `kecamatans { desas { households(first: 0) { totalCount } } }` is 285 page
 * reads and 285 counts, refused before any of them runs.
 */
export const DATABASE_COST = {
  /** One page read from the database (find with a limit). */
  page: 100,
  /** One count of the rows a list's filter matches. */
  count: 1000,
} as const;

/** Fields that aggregate whole collections, by their number of aggregations (src/services/statistics.ts: households, persons, aided households). */
export const AGGREGATES: Readonly<Record<string, number>> = {
  'Query.statistics': 3,
  // src/services/breakdown.ts, priced at its worst: people by every dimension that applies to them is 9 reads
  // (the total, one aggregation each for desa, desil, sex and programme, four counts for the age bands).
  'Query.breakdown': 9,
};

/** Connections paged in memory from one batched read of their parent's children (src/services/training.ts): no read or count of their own. */
export const IN_MEMORY_CONNECTIONS: ReadonlySet<string> = new Set(['TrainingParticipationConnection']);

const isConnection = (type: GraphQLNamedType) => type.name.endsWith('Connection');

/** The database work a field does each time it runs. */
function databaseCost(parent: GraphQLNamedType, field: GraphQLField<unknown, unknown>): number {
  const returned = getNamedType(field.type);
  if (field.name === 'totalCount' && isConnection(parent) && !IN_MEMORY_CONNECTIONS.has(parent.name)) return DATABASE_COST.count;
  if (field.args.some((a) => a.name === 'first') && !IN_MEMORY_CONNECTIONS.has(returned.name)) return DATABASE_COST.page;
  return (AGGREGATES[`${parent.name}.${field.name}`] ?? 0) * DATABASE_COST.count;
}

/**
 * The page size a field asks for, when it has a `first` argument: the value
 * given, else the argument's default, else the largest page (worst case);
 * for the unpaged lists above, their upper bound.
 */
function pageSizeOf(walk: CostWalk, type: GraphQLNamedType, def: GraphQLField<unknown, unknown>, node: FieldNode): number {
  const listed = UNPAGED_LIST_SIZES[`${type.name}.${def.name}`];
  if (listed !== undefined) return listed;
  if (!def.args.some((a) => a.name === 'first')) return 1;
  let first: unknown;
  // A backward page (`last`, lists that offer it) reads `last` items whatever `first` says.
  let argument: 'first' | 'last' = 'first';
  try {
    const values = getArgumentValues(def, node, walk.variables);
    if (values.last !== undefined && values.last !== null) argument = 'last';
    first = values[argument];
  } catch {
    return walk.limits.maxPageSize; // invalid arguments: execution reports them
  }
  if (typeof first !== 'number') return walk.limits.maxPageSize;
  if (first > walk.limits.maxPageSize) {
    throw new GraphQLError(`${argument}: at most ${walk.limits.maxPageSize} items per page, asked for ${first} (field ${type.name}.${def.name})`, {
      nodes: [node],
      extensions: { code: ErrorCode.BAD_USER_INPUT, argument, ...badRequest },
    });
  }
  return Math.max(first, 0);
}

/**
 * 1 per field, plus its database work. A list field with a page size (a
 * `first` argument, or an unpaged list's upper bound) counts its selection
 * once per item; a connection counts its item lists (`edges`, `nodes`) once
 * per item of the page, and the rest of it (`totalCount`, `pageInfo`) once.
 * `items` is how many items each list field of `set` stands for.
 */
function costOf(walk: CostWalk, set: SelectionSetNode, type: GraphQLNamedType, items = 1): number {
  let cost = 0;
  for (const sel of set.selections) {
    if (sel.kind === Kind.FIELD) {
      if (walk.opts.ignoreIntrospection && isIntrospectionRoot(sel.name.value)) continue;
      const def = isObjectType(type) || isInterfaceType(type) ? type.getFields()[sel.name.value] : undefined;
      if (!def) {
        cost += 1;
        continue;
      }
      const list = isListType(getNullableType(def.type));
      const size = pageSizeOf(walk, type, def, sel);
      let child = 0;
      if (sel.selectionSet) {
        const inner = getNamedType(def.type);
        child = list ? size * costOf(walk, sel.selectionSet, inner) : costOf(walk, sel.selectionSet, inner, size);
      }
      cost += (list ? items : 1) * (1 + databaseCost(type, def) + child);
    } else if (sel.kind === Kind.INLINE_FRAGMENT) {
      const narrowed = sel.typeCondition ? walk.schema.getType(sel.typeCondition.name.value) : type;
      cost += costOf(walk, sel.selectionSet, narrowed ?? type, items);
    } else {
      cost += fragmentCost(walk, sel.name.value, type, items);
    }
  }
  return cost;
}

function fragmentCost(walk: CostWalk, name: string, type: GraphQLNamedType, items: number): number {
  const key = `${name}:${items}`;
  const known = walk.fragmentCosts.get(key);
  if (known !== undefined) return known;
  const fragment = walk.fragments.get(name);
  if (!fragment) return 0;
  walk.fragmentCosts.set(key, 0); // a cycle counts as empty (NoFragmentCyclesRule rejects it anyway)
  const cost = costOf(walk, fragment.selectionSet, walk.schema.getType(fragment.typeCondition.name.value) ?? type, items);
  walk.fragmentCosts.set(key, cost);
  return cost;
}

/**
 * Cost and page size need the operation's variables (`first: $n`), which
 * validation rules never see, so they run once the operation is resolved.
 */
export function costPlugin<T extends object>(limits: QueryLimits, opts: LimitOptions): ApolloServerPlugin<T> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, request, schema }) {
          if (!operation) return;
          const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], request.variables ?? {});
          if (coerced.errors) return; // execution reports variable errors with their own message
          const fragments = new Map<string, FragmentDefinitionNode>();
          for (const def of document.definitions) {
            if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
          }
          const root = schema.getRootType(operation.operation);
          if (!root) return;
          const walk: CostWalk = { schema, fragments, variables: coerced.coerced, limits, opts, fragmentCosts: new Map() };
          const cost = costOf(walk, operation.selectionSet, root);
          if (cost > limits.maxCost) {
            throw new GraphQLError(`the operation's estimated cost is ${cost}; the limit is ${limits.maxCost} (ask for smaller pages or fewer fields)`, {
              extensions: { code: ErrorCode.QUERY_TOO_COSTLY, limit: limits.maxCost, actual: cost, ...badRequest },
            });
          }
        },
      };
    },
  };
}
