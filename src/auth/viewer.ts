import { ROW_SCOPE, type Role, type RowScopeRule } from './matrix';

/** Kecamatan and desa a viewer is assigned to; rows in any of them are in the area. */
export interface Area {
  kecamatanCodes: string[];
  desaCodes: string[];
}

/** What a partner agency's API key grants: its own row area and field allow-list, for a stated purpose. */
export interface PartnerGrant {
  keyId: string;
  name: string;
  purpose: string;
  /** `Type.field` -> how it may be read. */
  fields: ReadonlyMap<string, 'allow' | 'mask'>;
  /** No area: the key covers the whole kabupaten. */
  wholeKabupaten: boolean;
  /** Rows limited to the recipients of these programmes (src/auth/scope.ts); empty: not limited by programme. */
  programmeCodes?: readonly string[];
  /** The key's limits, as its holder may see them (`viewer { key }`). */
  expiresAt?: Date | null;
  ratePerMinute?: number | null;
  dailyQuota?: number | null;
}

/** Who is asking, resolved once per request from their credentials. */
export interface Viewer {
  /** Stable name of the caller for audit: `user:<sub>`, `pilar:<id>`, `apikey:<id>` or `anonymous`. */
  subject: string;
  role: Role;
  pilarId: string | null;
  area: Area;
  scope: RowScopeRule;
  partner: PartnerGrant | null;
  /**
   * Why the data is read: for a partner, the purpose its key was granted for (the key's, whatever the request says);
   * for anyone else, what the caller stated in the `x-purpose` header, if anything.
   */
  purpose: string | null;
  /** What a partner added in `x-purpose`: recorded beside the key's purpose, never in its place. Null for others. */
  purposeDetail: string | null;
  /**
   * The client app the credentials were issued to (a token's `client_id` claim), if they name one: it decides
   * which registered documents the request may run (src/server/trusted-documents.ts).
   */
  client?: string | null;
}

export const EMPTY_AREA: Area = { kecamatanCodes: [], desaCodes: [] };

export function anonymousViewer(purpose: string | null = null): Viewer {
  return { subject: 'anonymous', role: 'ANONYMOUS', pilarId: null, area: EMPTY_AREA, scope: ROW_SCOPE.ANONYMOUS, partner: null, purpose, purposeDetail: null };
}

/** An office account (ADMIN or OPERATOR: every row in scope) acting outside a request: jobs, seeds, tests of workflows. */
export function officeViewer(role: 'ADMIN' | 'OPERATOR', subject: string, purpose: string | null = null): Viewer {
  return { subject, role, pilarId: null, area: EMPTY_AREA, scope: ROW_SCOPE[role], partner: null, purpose, purposeDetail: null };
}

/** A viewer of a role with full rights, for internal jobs and tests of the unguarded core. */
export function systemViewer(): Viewer {
  return { subject: 'system', role: 'ADMIN', pilarId: null, area: EMPTY_AREA, scope: ROW_SCOPE.ADMIN, partner: null, purpose: 'system', purposeDetail: null };
}
