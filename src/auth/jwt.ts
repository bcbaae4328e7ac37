import { createRemoteJWKSet, errors, jwtVerify, SignJWT, type JWTPayload, type JWTVerifyOptions } from 'jose';
import type { Config } from '../config';
import { CLIENT_NAME } from './client';
import { ROLES, type Role } from './matrix';

/** Issuer of development tokens when JWT_ISSUER is not set. */
export const DEV_ISSUER = 'simpul-dev';

export class AuthError extends Error {}

/** The claims the hub reads from a token. */
export interface TokenClaims {
  sub: string;
  role: Exclude<Role, 'PARTNER' | 'ANONYMOUS'>;
  /** A pilar account: its area comes from the pilar's assignment in the database. */
  pilar?: string;
  /** An area given directly: development tokens only; production refuses them (src/auth/authenticate.ts). */
  kecamatan?: string[];
  desa?: string[];
  /** The client app the token was issued to (RFC 9068 `client_id`): ties the request to that client's trusted documents. */
  client_id?: string;
}

const jwksByUrl = new Map<string, ReturnType<typeof createRemoteJWKSet>>();

function stringList(v: unknown, claim: string): string[] | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) throw new AuthError(`token claim "${claim}" must be a list of strings`);
  return v as string[];
}

function toClaims(payload: JWTPayload): TokenClaims {
  const role = payload.role;
  if (typeof payload.sub !== 'string' || payload.sub === '') throw new AuthError('token has no subject (sub)');
  if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role) || role === 'PARTNER' || role === 'ANONYMOUS') {
    throw new AuthError(`token names no valid role (got ${JSON.stringify(role)})`);
  }
  if (payload.pilar !== undefined && (typeof payload.pilar !== 'string' || !/^PL\d{4}$/.test(payload.pilar))) {
    throw new AuthError('token claim "pilar" must be a pilar id such as PL0001');
  }
  if (payload.client_id !== undefined && (typeof payload.client_id !== 'string' || !CLIENT_NAME.test(payload.client_id))) {
    throw new AuthError('token claim "client_id" must be a client name (lower-case letters, digits, ".", "_", "-"; at most 64)');
  }
  return {
    ...(payload.client_id !== undefined ? { client_id: payload.client_id as string } : {}),
    sub: payload.sub,
    role: role as TokenClaims['role'],
    pilar: payload.pilar as string | undefined,
    kecamatan: stringList(payload.kecamatan, 'kecamatan'),
    desa: stringList(payload.desa, 'desa'),
  };
}

/**
 * A strict (production) token must say when it stops being valid, and may not
 * be valid for longer than the configured lifetime: a stolen token then dies
 * on its own. jose checks `iat` against the same bound as an age and refuses
 * an `iat` in the future; the lifetime `exp - iat` is checked here.
 */
function checkLifetime(payload: JWTPayload, jwt: Config['jwt']): void {
  const lifetime = payload.exp! - payload.iat!;
  if (lifetime > jwt.maxLifetimeSeconds + jwt.clockSkewSeconds) {
    throw new AuthError(`token is valid for ${lifetime} s; tokens may be valid for at most ${jwt.maxLifetimeSeconds} s`);
  }
}

async function verifiedPayload(token: string, jwt: Config['jwt']): Promise<JWTPayload> {
  const options: JWTVerifyOptions = {
    audience: jwt.audience,
    clockTolerance: jwt.clockSkewSeconds,
    ...(jwt.issuer ? { issuer: jwt.issuer } : {}),
    ...(jwt.strict ? { requiredClaims: ['exp', 'iat', 'iss'], maxTokenAge: jwt.maxLifetimeSeconds } : {}),
  };
  if (jwt.jwksUrl) {
    let jwks = jwksByUrl.get(jwt.jwksUrl);
    if (!jwks) jwksByUrl.set(jwt.jwksUrl, (jwks = createRemoteJWKSet(new URL(jwt.jwksUrl))));
    return (await jwtVerify(token, jwks, { ...options, algorithms: ['RS256', 'ES256'] })).payload;
  }
  if (!jwt.secret) throw new AuthError('token verification is not configured');
  return (await jwtVerify(token, new TextEncoder().encode(jwt.secret), { ...options, algorithms: ['HS256'] })).payload;
}

/**
 * Verifies a bearer token: against the JWKS endpoint (RS256/ES256) when one is
 * configured, else with the shared secret (HS256); audience always, issuer when
 * configured (always in production), `exp` and `nbf` with the configured clock
 * skew. Production (`jwt.strict`) also requires `exp` and `iat`, an `iat` that
 * is not in the future and a lifetime within `jwt.maxLifetimeSeconds`.
 * Development accepts tokens without `exp` and of any issuer when JWT_ISSUER
 * is unset. Every failure is an AuthError with a reason safe to show.
 */
export async function verifyToken(token: string, jwt: Config['jwt']): Promise<TokenClaims> {
  try {
    const payload = await verifiedPayload(token, jwt);
    if (jwt.strict) checkLifetime(payload, jwt);
    return toClaims(payload);
  } catch (err) {
    if (err instanceof AuthError) throw err;
    if (err instanceof errors.JWTExpired) throw new AuthError('token has expired');
    if (err instanceof errors.JWTClaimValidationFailed) {
      throw new AuthError(err.reason === 'missing' ? `token rejected: it has no ${err.claim} claim` : `token rejected: ${err.claim} claim check failed`);
    }
    if (err instanceof errors.JOSEError) throw new AuthError('token is malformed or its signature is invalid');
    throw err;
  }
}

/** Signs a development token with the shared secret (HS256). */
export async function mintToken(jwt: Config['jwt'], claims: TokenClaims, expiresIn: string | number = '8h'): Promise<string> {
  if (!jwt.secret) throw new AuthError('JWT_SECRET is not set: cannot sign tokens');
  const { sub, ...rest } = claims;
  return new SignJWT({ ...rest })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(sub)
    .setIssuedAt()
    .setIssuer(jwt.issuer ?? DEV_ISSUER)
    .setAudience(jwt.audience)
    .setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(jwt.secret));
}
