import { GraphQLError } from 'graphql';
import { decide, DISCREPANCY_VALUES, FIELD_RULES, ROLE_ACCESS, WRITE_ACTION_LABELS, writeCell, type Decision, type WriteAction } from './matrix';
import type { Viewer } from './viewer';

/** What one viewer may do with one field of the schema, from the matrix alone. Unknown fields are denied. */
export function fieldDecision(viewer: Viewer, type: string, field: string): Decision {
  const rule = FIELD_RULES[type]?.[field];
  if (!rule) return 'deny';
  if (rule === 'PUBLIC' || rule === 'STRUCTURE') return 'allow';
  if (rule === 'WRITE') return 'deny';
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

/** The strictest decision over these schema fields (`Type.field`); none is a denial. */
function strictest(viewer: Viewer, fields: readonly string[]): Decision {
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

/**
 * What one viewer may do with a discrepancy of this kind and aspect, its conflicting values included:
 * the strictest decision over the fields it reveals (matrix.ts DISCREPANCY_VALUES). Its kind and aspect
 * imply those facts (EXCLUSION_ERROR: desil 1 and no aid), so a denied one does not exist for the
 * viewer (src/auth/scope.ts); a masked one shows NIK and KK numbers masked. Unlisted kinds are denied.
 */
export function discrepancyValuesDecision(viewer: Viewer, kind: string, aspect: string | null): Decision {
  return strictest(viewer, discrepancyValueFields(kind, aspect));
}

/** Which aspects of one kind of discrepancy a viewer may know of: all but some, only some, or none. */
export type KnownAspects = { all: true; except: string[] } | { all: false; only: string[] };

/** The kinds and aspects of discrepancies a viewer may know of, by kind (matrix.ts DISCREPANCY_VALUES). */
export function knownDiscrepancies(viewer: Viewer, kinds: readonly string[]): Map<string, KnownAspects> {
  const out = new Map<string, KnownAspects>();
  for (const kind of kinds) {
    const whole = DISCREPANCY_VALUES[kind] ? strictest(viewer, DISCREPANCY_VALUES[kind]) !== 'deny' : false;
    const allowed: string[] = [];
    const denied: string[] = [];
    for (const [key, fields] of Object.entries(DISCREPANCY_VALUES)) {
      if (!key.startsWith(`${kind}:`)) continue;
      (strictest(viewer, fields) === 'deny' ? denied : allowed).push(key.slice(kind.length + 1));
    }
    out.set(kind, whole ? { all: true, except: denied } : { all: false, only: allowed });
  }
  return out;
}

/** Whether a viewer may know of any discrepancy of this kind (a kind filter argument reveals no more than that). */
export function mayKnowDiscrepancyKind(viewer: Viewer, kind: string): boolean {
  const known = knownDiscrepancies(viewer, [kind]).get(kind)!;
  return known.all || known.only.length > 0;
}

/** FORBIDDEN for a filter argument on a kind of discrepancy the viewer may not know of: nothing is counted. */
export function forbiddenDiscrepancyKind(argument: string, kind: string): GraphQLError {
  const reveals = Object.entries(DISCREPANCY_VALUES)
    .filter(([key]) => key === kind || key.startsWith(`${kind}:`))
    .flatMap(([, fields]) => fields);
  return new GraphQLError(`${argument}: your role may not know of ${kind} discrepancies: they reveal ${[...new Set(reveals)].join(', ')}`, {
    extensions: { code: 'FORBIDDEN', argument },
  });
}

export function forbidden(type: string, field: string): GraphQLError {
  return new GraphQLError(`your role may not read ${type}.${field}`, { extensions: { code: 'FORBIDDEN' } });
}

export function signInRequired(type: string, field: string): GraphQLError {
  return new GraphQLError(`sign in to read ${type}.${field}: anonymous callers get aggregate statistics only`, {
    extensions: { code: 'UNAUTHENTICATED' },
  });
}

/** Whether the write matrix lets this viewer take this action at all (its row scope is checked on the subject). */
export function mayWrite(viewer: Viewer, action: WriteAction): boolean {
  // A partner key never writes, whatever role a token might claim beside it.
  if (viewer.partner) return false;
  return writeCell(viewer.role, action) !== '-';
}

/** FORBIDDEN for an action the write matrix denies the viewer's role. */
export function forbiddenWrite(viewer: Viewer, action: WriteAction): GraphQLError {
  const who = viewer.partner ? 'a partner key' : `your role (${viewer.role})`;
  return new GraphQLError(`${who} may not ${WRITE_ACTION_LABELS[action]}`, { extensions: { code: 'FORBIDDEN', action } });
}
