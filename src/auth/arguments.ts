import {
  getNamedType,
  GraphQLError,
  isInputObjectType,
  isObjectType,
  type GraphQLArgument,
  type GraphQLFieldResolver,
  type GraphQLInputField,
  type GraphQLInputObjectType,
  type GraphQLSchema,
} from 'graphql';
import type { IMiddlewareFieldMap } from 'graphql-middleware';
import type { Context } from '../server/context';
import { fieldDecision } from './decide';
import { ARGUMENT_RULES, INPUT_FIELD_RULES, type ArgumentRule, type Decision } from './matrix';
import type { Viewer } from './viewer';

/** The schema fields whose facts one value of an argument tests (matrix.ts ARGUMENT_RULES); none for PUBLIC and PAGING. */
export function argumentRevealedFields(rule: ArgumentRule, value: unknown): readonly string[] {
  if (typeof rule !== 'object') return [];
  return rule.byValue?.[String(value)] ?? rule.reveals;
}

/**
 * Whether one viewer may use one value of an argument: only when it may read every field the value reveals in full
 * (a masked number is not enough). Answers the first field it may not read, or null when the argument is allowed.
 */
export function argumentDenial(viewer: Viewer, rule: ArgumentRule, value: unknown): { field: string; decision: Decision } | null {
  for (const f of argumentRevealedFields(rule, value)) {
    const [type, field] = f.split('.') as [string, string];
    const decision = fieldDecision(viewer, type, field);
    if (decision !== 'allow') return { field: f, decision };
  }
  return null;
}

/** The denial of an argument names it (`filter.programme`) and the field it would reveal, never its value. */
export function forbiddenArgument(viewer: Viewer, argument: string, of: string, reveals: string | null, decision: Decision): GraphQLError {
  const who = viewer.partner ? 'your key' : 'your role';
  const why = reveals === null ? 'it has no permission rule' : `it reveals ${reveals}, which ${who} ${decision === 'mask' ? 'reads masked only' : 'may not read'}`;
  const anonymous = viewer.role === 'ANONYMOUS';
  return new GraphQLError(`${anonymous ? 'sign in to use' : `${who} may not use`} the argument ${argument} of ${of}: ${why}`, {
    extensions: { code: anonymous ? 'UNAUTHENTICATED' : 'FORBIDDEN', argument, field: argument },
  });
}

/** One argument or input field as the check walks it: its rule (undefined: none, so denied) and, for INPUT, its fields. */
interface Governed {
  name: string;
  rule: ArgumentRule | undefined;
  fields: Governed[] | null;
}

function governed(arg: GraphQLArgument | GraphQLInputField, rule: ArgumentRule | undefined, seen: Set<string>): Governed {
  const type = getNamedType(arg.type);
  const fields = rule === 'INPUT' && isInputObjectType(type) ? inputFields(type, seen) : null;
  return { name: arg.name, rule, fields };
}

function inputFields(type: GraphQLInputObjectType, seen: Set<string>): Governed[] {
  // The schema has no recursive inputs; should one appear, its inner level is denied rather than walked forever.
  if (seen.has(type.name)) return [];
  const inner = new Set(seen).add(type.name);
  return Object.values(type.getFields()).map((f) => governed(f, INPUT_FIELD_RULES[type.name]?.[f.name], inner));
}

/** Whether a check of these arguments can ever deny: fields whose arguments are all public or paging need none. */
function canDeny(list: Governed[]): boolean {
  return list.some((g) => g.rule === undefined || (g.rule === 'INPUT' ? g.fields === null || canDeny(g.fields) : typeof g.rule === 'object'));
}

/**
 * Throws FORBIDDEN naming the first argument (`filter.programme`) this viewer may not use with the value given. Values
 * are the executor's coerced arguments, so variables, defaults and nested input objects are all seen; a null or absent
 * value tests nothing.
 */
function check(viewer: Viewer, of: string, list: Governed[], values: Record<string, unknown>, prefix: string): void {
  for (const g of list) {
    const value = values[g.name];
    if (value === undefined || value === null) continue;
    const path = `${prefix}${g.name}`;
    if (g.rule === undefined) throw forbiddenArgument(viewer, path, of, null, 'deny');
    if (g.rule === 'INPUT') {
      if (g.fields === null) throw forbiddenArgument(viewer, path, of, null, 'deny');
      for (const item of Array.isArray(value) ? value : [value]) {
        if (item !== null && typeof item === 'object') check(viewer, of, g.fields, item as Record<string, unknown>, `${path}.`);
      }
      continue;
    }
    for (const item of Array.isArray(value) ? value : [value]) {
      const denial = argumentDenial(viewer, g.rule, item);
      if (denial) throw forbiddenArgument(viewer, path, of, denial.field, denial.decision);
    }
  }
}

/**
 * The argument half of the permission matrix, enforced once for the whole schema: before a field resolves, every
 * argument it was given is checked against matrix.ts ARGUMENT_RULES / INPUT_FIELD_RULES. A denied argument makes the
 * field answer null with FORBIDDEN before its resolver runs, so nothing is read, listed or counted.
 */
export function argumentPolicyMiddleware(schema: GraphQLSchema): IMiddlewareFieldMap {
  const map: Record<string, Record<string, unknown>> = {};
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      if (field.args.length === 0) continue;
      const list = field.args.map((a) => governed(a, ARGUMENT_RULES[type.name]?.[field.name]?.[a.name], new Set()));
      if (!canDeny(list)) continue;
      const of = `${type.name}.${field.name}`;
      (map[type.name] ??= {})[field.name] = (resolve: GraphQLFieldResolver<unknown, Context>, parent: unknown, args: Record<string, unknown>, ctx: Context, info: never) => {
        check(ctx.viewer, of, list, args, '');
        return resolve(parent, args, ctx, info);
      };
    }
  }
  return map as IMiddlewareFieldMap;
}
