import { GraphQLError } from 'graphql';
import { decide, DISCREPANCY_VALUES, FIELD_RULES, ROLE_ACCESS, type Decision } from './matrix';
import type { Viewer } from './viewer';

/** What one viewer may do with one field of the schema, from the matrix alone. Unknown fields are denied. */
export function fieldDecision(viewer: Viewer, type: string, field: string): Decision {
  const rule = FIELD_RULES[type]?.[field];
  if (!rule) return 'deny';
  if (rule === 'PUBLIC' || rule === 'STRUCTURE') return 'allow';
  if (viewer.partner) {
    if (rule.group === 'AUDIT') return 'deny';
    return viewer.partner.fields.get(`${type}.${field}`) ?? 'deny';
  }
  if (viewer.role === 'PARTNER') return 'deny';
  return decide(ROLE_ACCESS[viewer.role][rule.group], rule);
}

/** The schema fields whose facts the values of a discrepancy of this kind and aspect reveal; none when unlisted. */
export function discrepancyValueFields(kind: string, aspect: string | null): readonly string[] {
  return DISCREPANCY_VALUES[`${kind}:${aspect ?? ''}`] ?? DISCREPANCY_VALUES[kind] ?? [];
}

/**
 * What one viewer may do with the conflicting values of a discrepancy of this kind and aspect: the
 * strictest decision over the fields the values reveal (matrix.ts DISCREPANCY_VALUES). Unlisted kinds are denied.
 */
export function discrepancyValuesDecision(viewer: Viewer, kind: string, aspect: string | null): Decision {
  const fields = discrepancyValueFields(kind, aspect);
  if (fields.length === 0) return 'deny';
  let out: Decision = 'allow';
  for (const f of fields) {
    const [type, field] = f.split('.') as [string, string];
    const decision = fieldDecision(viewer, type, field);
    if (decision === 'deny') return 'deny';
    if (decision === 'mask') out = 'mask';
  }
  return out;
}

export function forbidden(type: string, field: string): GraphQLError {
  return new GraphQLError(`your role may not read ${type}.${field}`, { extensions: { code: 'FORBIDDEN' } });
}

export function signInRequired(type: string, field: string): GraphQLError {
  return new GraphQLError(`sign in to read ${type}.${field}: anonymous callers get aggregate statistics only`, {
    extensions: { code: 'UNAUTHENTICATED' },
  });
}
