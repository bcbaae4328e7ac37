import { buildSchema, type GraphQLSchema } from 'graphql';
import { contractOf, type Contract } from '../auth/contract';
import { contractSdlOf } from '../auth/contractSdl';
import { FIELD_GROUPS, ROLE_ACCESS, type Access } from '../auth/matrix';
import type { Viewer } from '../auth/viewer';

/** What the `Viewer` type resolves from: the caller and the schema it asks about. */
export interface ViewerShape {
  viewer: Viewer;
  schema: GraphQLSchema;
}

const ACCESS_NAMES = { F: 'FULL', M: 'MASKED', f: 'FLAG', '-': 'DENIED' } as const satisfies Record<Access, string>;

/** Contracts depend on the role, or on a partner's grants, alone: computed once per schema and grant set. */
const cache = new WeakMap<GraphQLSchema, Map<string, { contract: Contract; sdl?: string; schema?: GraphQLSchema }>>();

function cacheKey(viewer: Viewer): string {
  if (!viewer.partner) return viewer.role;
  // The purpose is in the contract's title: two keys with the same grants and different purposes get their own.
  return `PARTNER:${viewer.partner.purpose}:${[...viewer.partner.fields]
    .map(([f, d]) => `${f}:${d}`)
    .sort()
    .join(',')}`;
}

function entry(shape: ViewerShape): { contract: Contract; sdl?: string; schema?: GraphQLSchema } {
  let bySchema = cache.get(shape.schema);
  if (!bySchema) cache.set(shape.schema, (bySchema = new Map()));
  const key = cacheKey(shape.viewer);
  let e = bySchema.get(key);
  if (!e) bySchema.set(key, (e = { contract: contractOf(shape.schema, shape.viewer) }));
  return e;
}

export function viewerGroups(viewer: Viewer): { group: string; access: (typeof ACCESS_NAMES)[Access] }[] {
  const role = viewer.role;
  if (viewer.partner || role === 'PARTNER') return [];
  return FIELD_GROUPS.map((group) => ({ group, access: ACCESS_NAMES[ROLE_ACCESS[role][group]] }));
}

export function viewerTypes(shape: ViewerShape): Contract['types'] {
  return entry(shape).contract.types;
}

export function viewerContractSdl(shape: ViewerShape): string {
  const e = entry(shape);
  const title = shape.viewer.partner
    ? `The schema contract of your partner key for "${shape.viewer.partner.purpose}": what it may use (rows still follow the key's limits).`
    : `The schema contract of role ${shape.viewer.role}: what it may use (rows still follow its scope).`;
  e.sdl ??= contractSdlOf(shape.schema, shape.viewer, title);
  return e.sdl;
}

/** The caller's rows in words, from the matrix's row scope and its own area or key limits. */
export function viewerRows(viewer: Viewer): string {
  const s = viewer.scope;
  if (s.kind === 'ALL') return 'all rows';
  if (s.kind === 'NONE') return 'no person or household rows (statistics only)';
  if (viewer.partner) {
    const area = viewer.partner.wholeKabupaten ? 'whole kabupaten' : "the key's kecamatan and desa";
    const programmes = viewer.partner.programmeCodes?.length ? `, recipients of ${viewer.partner.programmeCodes.join(', ')} only` : '';
    return `${area}${programmes}`;
  }
  const area = { KECAMATAN: 'assigned kecamatan', DESA: 'assigned desa', KABUPATEN: 'whole kabupaten' }[s.area];
  const who = { EVERYONE: 'everyone', PKH_FAMILIES: 'PKH families', WITH_DISABILITY: 'people with a disability', YOUTH: 'youth aged 15-30' }[s.population];
  return `${who}, ${area}`;
}

/** The caller's contract as a schema of its own, for introspection as the caller (src/server/introspection.ts). */
export function viewerContractSchema(shape: ViewerShape): GraphQLSchema {
  const e = entry(shape);
  e.schema ??= buildSchema(viewerContractSdl(shape));
  return e.schema;
}
