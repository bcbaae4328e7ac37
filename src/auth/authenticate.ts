import { GraphQLError } from 'graphql';
import type { Config } from '../config';
import { Pilar, type PilarDoc } from '../db/models/pilar';
import { ErrorCode } from '../errors';
import { ApiKeyExpiredError, grantOf, verifyApiKey } from './apiKeys';
import { AuthError, verifyToken, type TokenClaims } from './jwt';
import { ROW_SCOPE } from './matrix';
import { anonymousViewer, EMPTY_AREA, type Viewer } from './viewer';

/** Reads one request header (lower-case name), whatever the server's header type. */
export type HeaderGetter = (name: string) => string | undefined;

/** Longest purpose a header may state; the rest is cut (the audit trail stores what callers send). */
export const MAX_PURPOSE = 200;

function purposeOf(get: HeaderGetter): string | null {
  const p = get('x-purpose')?.replace(/\s+/g, ' ').trim();
  return p ? p.slice(0, MAX_PURPOSE) : null;
}

/** The GraphQL error every credential failure becomes: HTTP 401, code UNAUTHENTICATED. */
export function unauthenticated(message: string, code = 'UNAUTHENTICATED'): GraphQLError {
  return new GraphQLError(message, { extensions: { code, http: { status: 401 } } });
}

/**
 * Production takes a viewer's area only from the pilar record: an area claim
 * would let whoever holds a signing key (or a misconfigured identity provider)
 * widen a pilar's rows, and a pilar role without its pilar would have no area.
 */
function checkProductionArea(claims: TokenClaims): void {
  if (claims.kecamatan || claims.desa) {
    throw new AuthError('token names an area (kecamatan/desa claims): in production the area comes only from the pilar record; name the pilar (claim "pilar")');
  }
  const scope = ROW_SCOPE[claims.role];
  if (!claims.pilar && scope.kind === 'AREA' && scope.area !== 'KABUPATEN') {
    throw new AuthError(`a ${claims.role} token must name its pilar (claim "pilar"): its area comes from the pilar record`);
  }
}

async function viewerOfToken(token: string, config: Config, purpose: string | null): Promise<Viewer> {
  const claims = await verifyToken(token, config.jwt);
  if (config.jwt.strict) checkProductionArea(claims);
  const base = { role: claims.role, scope: ROW_SCOPE[claims.role], partner: null, purpose, purposeDetail: null, client: claims.client_id ?? null };
  if (claims.pilar) {
    // The area comes from the database, so a reassignment takes effect without new tokens.
    const pilar = await Pilar.findById(claims.pilar).lean<PilarDoc>();
    if (!pilar) throw new AuthError(`pilar ${claims.pilar} does not exist`);
    if (!pilar.active) throw new AuthError(`pilar ${claims.pilar} is not active`);
    if (pilar.role !== claims.role) throw new AuthError(`pilar ${claims.pilar} has role ${pilar.role}, not ${claims.role}`);
    return { ...base, subject: `pilar:${pilar._id}`, pilarId: pilar._id, area: { kecamatanCodes: pilar.kecamatanCodes, desaCodes: pilar.desaCodes } };
  }
  return {
    ...base,
    subject: `user:${claims.sub}`,
    pilarId: null,
    area: claims.kecamatan || claims.desa ? { kecamatanCodes: claims.kecamatan ?? [], desaCodes: claims.desa ?? [] } : EMPTY_AREA,
  };
}

async function viewerOfApiKey(token: string, purpose: string | null): Promise<Viewer> {
  const key = await verifyApiKey(token);
  return {
    subject: `apikey:${key._id}`,
    role: 'PARTNER',
    pilarId: null,
    area: { kecamatanCodes: key.kecamatanCodes, desaCodes: key.desaCodes },
    scope: ROW_SCOPE.PARTNER,
    partner: grantOf(key),
    // A partner's purpose is the one its key was granted for, whatever the request says: the header is only a detail
    // recorded beside it (e.g. a case number), never in its place.
    purpose: key.purpose,
    purposeDetail: purpose,
  };
}

/**
 * Who is asking: a bearer token (a Dinsos account or a pilar), a partner's API
 * key (`Authorization: ApiKey <key>` or `x-api-key`), or nobody (anonymous).
 * Credentials that are present but wrong never fall back to anonymous.
 */
export async function authenticate(get: HeaderGetter, config: Config): Promise<Viewer> {
  const purpose = purposeOf(get);
  const authorization = get('authorization')?.trim();
  const apiKey = get('x-api-key')?.trim();
  try {
    if (authorization) {
      const m = /^(Bearer|ApiKey)\s+(\S+)$/i.exec(authorization);
      if (!m) throw new AuthError('Authorization header must be "Bearer <token>" or "ApiKey <key>"');
      return m[1]!.toLowerCase() === 'bearer' ? await viewerOfToken(m[2]!, config, purpose) : await viewerOfApiKey(m[2]!, purpose);
    }
    if (apiKey) return await viewerOfApiKey(apiKey, purpose);
    return anonymousViewer(purpose);
  } catch (err) {
    if (err instanceof AuthError) throw unauthenticated(err.message, err instanceof ApiKeyExpiredError ? ErrorCode.API_KEY_EXPIRED : undefined);
    throw err;
  }
}
