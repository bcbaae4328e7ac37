import { GraphQLError } from 'graphql';
import { decide, FIELD_RULES, ROLE_ACCESS, type Decision } from './matrix';
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

export function forbidden(type: string, field: string): GraphQLError {
  return new GraphQLError(`your role may not read ${type}.${field}`, { extensions: { code: 'FORBIDDEN' } });
}

export function signInRequired(type: string, field: string): GraphQLError {
  return new GraphQLError(`sign in to read ${type}.${field}: anonymous callers get aggregate statistics only`, {
    extensions: { code: 'UNAUTHENTICATED' },
  });
}
