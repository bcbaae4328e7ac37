import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLInputObjectType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import { argumentDenial } from './arguments';
import { fieldDecision, mayWrite } from './decide';
import { MUTATION_ACTIONS } from './writeMatrix';
import { ARGUMENT_RULES, FIELD_RULES, INPUT_FIELD_RULES, ROLE_ACCESS, ROW_SCOPE, type ArgumentRule, type Role } from './matrix';
import { EMPTY_AREA, type PartnerGrant, type Viewer } from './viewer';

/**
 * A caller's contract: the part of the schema it may use, derived from the matrix alone (fields, arguments and input
 * fields; never rows). The `viewer` query reports it and `npm run schema` prints it as SDL, so a client's codegen
 * generates only what will answer.
 */

/** How a caller may read a field: in full, masked (NIK and KK numbers), as a flag of a group it reads flags of, or not. */
export type FieldAccess = 'FULL' | 'MASKED' | 'FLAG' | 'DENIED';

/** How a caller may use an argument: every value, only some values (`values`), or not at all. */
export interface ArgumentAccess {
  access: 'FULL' | 'FLAG' | 'DENIED';
  /** The only values allowed when access is FLAG (`enrollmentStatus: ACTIVE` is the receivesAid flag). */
  values: string[] | null;
}

export interface ContractField {
  name: string;
  access: Exclude<FieldAccess, 'DENIED'>;
  /** Arguments the caller may use, input objects flattened to dotted paths (`filter.ageMin`). */
  arguments: { name: string; access: Exclude<ArgumentAccess['access'], 'DENIED'>; values: string[] | null }[];
}

export interface Contract {
  /** Object types the caller can reach from Query, each with the fields it may read; sorted by name. */
  types: { name: string; fields: ContractField[] }[];
  /** Input objects the caller can pass, each with the fields it may set. */
  inputs: Map<string, Map<string, ArgumentAccess>>;
  /** Enums and scalars the kept fields and arguments use. */
  leaves: Set<string>;
}

/** The viewer a contract is computed for: a role (its area does not matter), or a partner with these grants. */
export function contractViewer(role: Role, partner: PartnerGrant | null = null): Viewer {
  return { subject: `contract:${role}`, role, pilarId: null, area: EMPTY_AREA, scope: ROW_SCOPE[role], partner, purpose: null, purposeDetail: null };
}

export function fieldAccess(viewer: Viewer, type: string, field: string): FieldAccess {
  const rule0 = FIELD_RULES[type]?.[field];
  // A mutation is the write matrix's: the contract keeps the ones the caller's role may take (its scope is checked per subject).
  if (rule0 === 'WRITE') {
    const action = MUTATION_ACTIONS[field as keyof typeof MUTATION_ACTIONS];
    return action && mayWrite(viewer, action) ? 'FULL' : 'DENIED';
  }
  const decision = fieldDecision(viewer, type, field);
  if (decision === 'deny') return 'DENIED';
  if (decision === 'mask') return 'MASKED';
  const rule = FIELD_RULES[type]?.[field];
  if (!viewer.partner && viewer.role !== 'PARTNER' && typeof rule === 'object' && rule.kind === 'flag' && ROLE_ACCESS[viewer.role][rule.group] === 'f') return 'FLAG';
  return 'FULL';
}

/** Whether one argument rule lets this viewer use every value, some values, or none (INPUT is judged field by field). */
export function argumentAccess(viewer: Viewer, rule: ArgumentRule | undefined): ArgumentAccess {
  if (rule === undefined) return { access: 'DENIED', values: null };
  if (rule === 'PUBLIC' || rule === 'PAGING' || rule === 'INPUT') return { access: 'FULL', values: null };
  const byValue = Object.keys(rule.byValue ?? {});
  // A value missing from byValue reveals the default fields: any value outside byValue is allowed only with them.
  if (argumentDenial(viewer, { reveals: rule.reveals }, null) === null) {
    const denied = byValue.filter((v) => argumentDenial(viewer, rule, v) !== null);
    return denied.length === 0 ? { access: 'FULL', values: null } : { access: 'DENIED', values: null };
  }
  const allowed = byValue.filter((v) => argumentDenial(viewer, rule, v) === null);
  return allowed.length > 0 ? { access: 'FLAG', values: allowed } : { access: 'DENIED', values: null };
}

function inputAccess(viewer: Viewer, type: GraphQLInputObjectType, inputs: Contract['inputs']): Map<string, ArgumentAccess> {
  let fields = inputs.get(type.name);
  if (fields) return fields;
  fields = new Map();
  inputs.set(type.name, fields);
  for (const f of Object.values(type.getFields())) {
    const rule = INPUT_FIELD_RULES[type.name]?.[f.name];
    const inner = getNamedType(f.type);
    // The schema has no nested inputs today; should one appear, it is kept only when some field of it is usable.
    const a =
      rule === 'INPUT' && isInputObjectType(inner)
        ? inputAccess(viewer, inner, inputs).size > 0
          ? { access: 'FULL' as const, values: null }
          : null
        : argumentAccess(viewer, rule);
    if (a && a.access !== 'DENIED') fields.set(f.name, a);
  }
  return fields;
}

/** The arguments of one field the viewer may use, or null when a required one is denied (the field can never answer). */
function fieldArguments(viewer: Viewer, type: string, field: string, args: readonly GraphQLArgument[], inputs: Contract['inputs']): ContractField['arguments'] | null {
  const out: ContractField['arguments'] = [];
  for (const arg of args) {
    const rule = ARGUMENT_RULES[type]?.[field]?.[arg.name];
    const named = getNamedType(arg.type);
    if (rule === 'INPUT' && isInputObjectType(named)) {
      const fields = inputAccess(viewer, named, inputs);
      if (fields.size === 0) {
        if (isNonNullType(arg.type)) return null;
        continue;
      }
      out.push({ name: arg.name, access: 'FULL', values: null });
      for (const [name, a] of fields) out.push({ name: `${arg.name}.${name}`, access: a.access as 'FULL' | 'FLAG', values: a.values });
      continue;
    }
    const a = argumentAccess(viewer, rule);
    if (a.access === 'DENIED') {
      if (isNonNullType(arg.type)) return null;
      continue;
    }
    out.push({ name: arg.name, access: a.access, values: a.values });
  }
  return out;
}

/** The contract of one viewer over one schema: what is kept, to a fixpoint (a field whose type keeps no field goes too). */
export function contractOf(schema: GraphQLSchema, viewer: Viewer): Contract {
  const objects = Object.values(schema.getTypeMap()).filter((t): t is GraphQLObjectType => isObjectType(t) && !t.name.startsWith('__'));
  const inputs: Contract['inputs'] = new Map();
  const kept = new Map<string, ContractField[]>();
  for (const type of objects) {
    const fields: ContractField[] = [];
    for (const f of Object.values(type.getFields())) {
      const access = fieldAccess(viewer, type.name, f.name);
      if (access === 'DENIED') continue;
      const args = fieldArguments(viewer, type.name, f.name, f.args, inputs);
      if (args) fields.push({ name: f.name, access, arguments: args });
    }
    kept.set(type.name, fields);
  }
  const returnType = (type: string, field: string) => getNamedType(schema.getType(type) && (schema.getType(type) as GraphQLObjectType).getFields()[field]!.type);
  for (let changed = true; changed;) {
    changed = false;
    for (const [type, fields] of kept) {
      const next = fields.filter((f) => {
        const r = returnType(type, f.name);
        return !isObjectType(r) || (kept.get(r.name)?.length ?? 0) > 0;
      });
      if (next.length !== fields.length) {
        kept.set(type, next);
        changed = true;
      }
    }
  }
  // Reachable from Query through kept fields and arguments.
  const reached = new Set<string>();
  const usedInputs = new Set<string>();
  const leaves = new Set<string>(['String', 'Boolean']);
  // Mutation only when the caller may take one of them: a type without fields is no type.
  const queue = (kept.get('Mutation')?.length ?? 0) > 0 ? ['Query', 'Mutation'] : ['Query'];
  // An input object and the input objects its kept fields take (a mutation's input nests its values).
  const useInput = (input: GraphQLInputObjectType): void => {
    if (usedInputs.has(input.name)) return;
    usedInputs.add(input.name);
    for (const [fname] of inputs.get(input.name) ?? []) {
      const ft = getNamedType(input.getFields()[fname]!.type);
      if (isInputObjectType(ft)) useInput(ft);
      else if (isEnumType(ft) || isScalarType(ft)) leaves.add(ft.name);
    }
  };
  while (queue.length > 0) {
    const name = queue.pop()!;
    if (reached.has(name)) continue;
    reached.add(name);
    const type = schema.getType(name) as GraphQLObjectType;
    for (const f of kept.get(name) ?? []) {
      const def = type.getFields()[f.name]!;
      const r = getNamedType(def.type);
      if (isObjectType(r)) queue.push(r.name);
      else leaves.add(r.name);
      for (const a of def.args) {
        if (!f.arguments.some((x) => x.name === a.name)) continue;
        const at = getNamedType(a.type);
        if (isInputObjectType(at)) useInput(at);
        else leaves.add(at.name);
      }
    }
  }
  return {
    types: [...reached].sort().map((name) => ({ name, fields: kept.get(name)! })),
    inputs: new Map([...inputs].filter(([name, fields]) => usedInputs.has(name) && fields.size > 0)),
    leaves,
  };
}
