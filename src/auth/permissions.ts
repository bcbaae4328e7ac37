import { GraphQLError, isObjectType, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import { applyMiddleware, type IMiddlewareFieldMap, type IMiddlewareFunction } from 'graphql-middleware';
import { deny, rule, shield } from 'graphql-shield';
import type { IRules } from 'graphql-shield';
import type { Context } from '../context';
import { argumentPolicyMiddleware } from './arguments';
import { fieldDecision, forbidden, forbiddenWrite, mayWrite, signInRequired } from './decide';
import { FIELD_RULES, MUTATION_ACTIONS } from './matrix';

/** A field middleware in its function form: (resolve, parent, args, ctx, info). */
type IMiddlewareResolver = Extract<IMiddlewareFunction, (...args: never[]) => unknown>;

/**
 * graphql-shield's rules: the mutations of the matrix, decided by the write matrix and the viewer's role. Each depends
 * on the viewer alone, so `contextual` caching (once per request and rule name) is correct; the subject's row scope is
 * checked where it is read (src/writes/guard.ts). Every other field is checked by readPermissionMiddleware below.
 */
export function shieldRules(): IRules {
  const mutations: Record<string, unknown> = {};
  for (const [field, r] of Object.entries(FIELD_RULES.Mutation ?? {})) {
    if (r !== 'WRITE') continue;
    const action = MUTATION_ACTIONS[field]!;
    mutations[field] = rule(`Mutation.${field}`, { cache: 'contextual' })((_parent, _args, ctx: Context) => {
      if (mayWrite(ctx.viewer, action)) return true;
      return ctx.viewer.role === 'ANONYMOUS' ? new GraphQLError(`sign in to ${field}`, { extensions: { code: 'UNAUTHENTICATED' } }) : forbiddenWrite(ctx.viewer, action);
    });
  }
  return { Mutation: mutations } as IRules;
}

/** Types whose rows are residents' personal data: reading them is audited. */
const AUDITED_TYPES = new Set(['Person', 'Household', 'Enrollment', 'TrainingParticipation', 'Discrepancy', 'RejectedRow', 'Visit', 'DataChangeRequest']);

/**
 * After shield allowed a field: masks NIK and KK numbers for viewers with M,
 * and notes whose personal data the response carries for the audit trail.
 */
export function fieldPolicyMiddleware(): IMiddlewareFieldMap {
  const map: Record<string, Record<string, unknown>> = {};
  for (const [type, fields] of Object.entries(FIELD_RULES)) {
    for (const [field, r] of Object.entries(fields)) {
      const masks = typeof r === 'object' && r.kind === 'number';
      const audits = AUDITED_TYPES.has(type) && typeof r === 'object';
      if (!masks && !audits) continue;
      const key = `${type}.${field}`;
      const after = (value: unknown, parent: unknown, ctx: Context): unknown => {
        if (value === null || value === undefined) return value;
        if (audits) ctx.audit.touch(type, parent as Record<string, unknown>, field, key);
        return masks && typeof value === 'string' && fieldDecision(ctx.viewer, type, field) === 'mask' ? ctx.masks.field(type, field, value) : value;
      };
      // Synchronous for a synchronous resolver (an id, a name): a promise per field costs the executor more than the field.
      (map[type] ??= {})[field] = (resolve: GraphQLFieldResolver<unknown, Context>, parent: unknown, args: unknown, ctx: Context, info: never) => {
        const value: unknown = resolve(parent, args as Record<string, unknown>, ctx, info);
        return value instanceof Promise ? value.then((v) => after(v, parent, ctx)) : after(value, parent, ctx);
      };
    }
  }
  return map as IMiddlewareFieldMap;
}

/** The read decisions of one request, by `Type.field`: each depends on the viewer alone (shield's `contextual` cache). */
const readDecisions = new WeakMap<Context, Map<string, GraphQLError | null>>();

/**
 * The read rules of the matrix (every type but Mutation), deny by default, as one synchronous check per field: PUBLIC
 * and STRUCTURE fields are not wrapped at all, a field without a rule is FORBIDDEN, any other asks `fieldDecision`
 * once per request. The same decisions and errors shield's read rules gave, without a promise per resolved field.
 */
export function readPermissionMiddleware(schema: GraphQLSchema): IMiddlewareFieldMap {
  const map: Record<string, Record<string, IMiddlewareFunction>> = {};
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__') || type.name === 'Mutation') continue;
    for (const field of Object.keys(type.getFields())) {
      const r = FIELD_RULES[type.name]?.[field];
      if (r === 'PUBLIC' || r === 'STRUCTURE') continue;
      const key = `${type.name}.${field}`;
      const denial = (ctx: Context): GraphQLError | null => {
        if (r === undefined || r === 'WRITE') return forbidden(type.name, field);
        if (fieldDecision(ctx.viewer, type.name, field) !== 'deny') return null;
        return ctx.viewer.role === 'ANONYMOUS' ? signInRequired(type.name, field) : forbidden(type.name, field);
      };
      (map[type.name] ??= {})[field] = (resolve, parent, args, ctx: Context, info) => {
        let decisions = readDecisions.get(ctx);
        if (!decisions) readDecisions.set(ctx, (decisions = new Map()));
        let d = decisions.get(key);
        if (d === undefined) decisions.set(key, (d = denial(ctx)));
        if (d) throw d;
        return resolve(parent, args, ctx, info);
      };
    }
  }
  return map as IMiddlewareFieldMap;
}

/**
 * The schema with field-level authorization applied, deny by default: the matrix decides whether the field may be read
 * (shield for mutations, the synchronous read check for every other field), then its arguments are checked
 * (src/auth/arguments.ts), then numbers are masked and reads noted for the audit.
 */
export function applyPermissions(schema: GraphQLSchema): GraphQLSchema {
  const permissions = shield(shieldRules(), {
    fallbackRule: deny,
    // Our resolvers' errors carry stable codes; unknown ones are masked by the server's formatError.
    allowExternalErrors: true,
    fallbackError: (_thrown, _parent, _args, _ctx, info) => forbidden(info.parentType.name, info.fieldName),
  });
  // Shield wraps every field of the schema in an async rule (its fallback for the others): only the mutations keep it.
  const writes = (permissions.generate(schema) as Record<string, unknown>).Mutation;
  return applyMiddleware(
    schema,
    composeFieldMiddleware(
      (writes ? { Mutation: writes } : {}) as IMiddlewareFieldMap,
      readPermissionMiddleware(schema),
      argumentPolicyMiddleware(schema),
      fieldPolicyMiddleware(),
    ),
  );
}

/**
 * Field maps of middleware composed into one, the first outermost: what applyMiddleware(schema, a, b, c) runs around
 * each field, with one copy of the schema instead of one per map (graphql-middleware rebuilds the whole schema for
 * each middleware it is given; at the hub's start and for every test hub that was three copies too many).
 */
export function composeFieldMiddleware(...maps: IMiddlewareFieldMap[]): IMiddlewareFieldMap {
  const out: Record<string, Record<string, IMiddlewareResolver>> = {};
  const types = new Set(maps.flatMap((m) => Object.keys(m)));
  for (const type of types) {
    const fields = new Set(maps.flatMap((m) => Object.keys((m[type] as Record<string, unknown> | undefined) ?? {})));
    for (const field of fields) {
      const chain = maps.map((m) => fieldFunction(m, type, field)).filter((f): f is IMiddlewareResolver => f !== undefined);
      (out[type] ??= {})[field] = chain.reduceRight(
        // graphql-middleware hands each layer the next as (parent, args, ctx, info), info always given.
        (inner, outer) => (resolve, parent, args, ctx, info) => outer((p, a, c, i) => inner(resolve, p, a, c, i!), parent, args, ctx, info),
      );
    }
  }
  return out as IMiddlewareFieldMap;
}

function fieldFunction(map: IMiddlewareFieldMap, type: string, field: string): IMiddlewareResolver | undefined {
  const entry = (map[type] as Record<string, unknown> | undefined)?.[field];
  if (entry === undefined || typeof entry === 'function') return entry as IMiddlewareResolver | undefined;
  // Shield's form for a rule with fragments ({ resolve, fragment }): none of the hub's rules has one.
  throw new Error(`${type}.${field}: field middleware must be a function`);
}
