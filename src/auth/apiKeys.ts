import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { ApiKey, type ApiKeyDoc } from '../db/models/apiKey';
import { PROGRAMME_CODES } from '../domain/codes';
import { AuthError } from './jwt';
import { FIELD_RULES } from './matrix';
import type { PartnerGrant } from './viewer';

const hash = (secret: string) => createHash('sha256').update(secret, 'utf8').digest('hex');

export interface NewApiKey {
  name: string;
  purpose: string;
  fields: string[];
  kecamatanCodes?: string[];
  desaCodes?: string[];
  createdBy: string;
  /** When the key stops working; none: it does not expire. */
  expiresAt?: Date | null;
  /** Requests per minute (HTTP 429 past it); none: unlimited. */
  ratePerMinute?: number | null;
  /** Requests per day, WIB (HTTP 429 past it); none: unlimited. */
  dailyQuota?: number | null;
  /** Rows limited to the ACTIVE recipients of these programmes (src/auth/scope.ts). */
  programmeCodes?: string[];
}

/** A key past its expiry date: 401 with code API_KEY_EXPIRED (src/auth/authenticate.ts). */
export class ApiKeyExpiredError extends AuthError {}

/** Checks a key's limits; answers the problems, each naming its option. */
export function validateKeyLimits(input: Pick<NewApiKey, 'expiresAt' | 'ratePerMinute' | 'dailyQuota' | 'programmeCodes'>, now = new Date()): string[] {
  const problems: string[] = [];
  if (input.expiresAt != null && (Number.isNaN(input.expiresAt.getTime()) || input.expiresAt <= now)) problems.push('the expiry must be a date in the future');
  const count = (name: string, v: number | null | undefined, max: number) => {
    if (v != null && (!Number.isInteger(v) || v < 1 || v > max)) problems.push(`${name} must be a whole number from 1 to ${max}`);
  };
  count('the rate per minute', input.ratePerMinute, 100_000);
  count('the daily quota', input.dailyQuota, 100_000_000);
  for (const p of input.programmeCodes ?? [])
    if (!(PROGRAMME_CODES as readonly string[]).includes(p)) problems.push(`${p.slice(0, 40)}: no such programme (${PROGRAMME_CODES.join(', ')})`);
  return problems;
}

/** Checks an allow-list against the matrix: real fields only, never the audit trail, no digit of a number granted masked or not at all. */
export function validateFieldGrants(fields: string[]): string[] {
  const problems: string[] = [];
  if (fields.length === 0) problems.push('a key needs at least one field (Type.field)');
  for (const entry of fields) {
    const [path, modifier] = entry.split(':');
    const [type, field] = (path ?? '').split('.');
    const rule = type && field ? FIELD_RULES[type]?.[field] : undefined;
    if (!rule) problems.push(`${entry}: no such field in the schema`);
    else if (modifier !== undefined && modifier !== 'masked') problems.push(`${entry}: the only modifier is :masked`);
    else if (rule === 'WRITE') problems.push(`${entry}: partners never write (a mutation cannot be granted)`);
    else if (typeof rule === 'object' && rule.group === 'AUDIT') problems.push(`${entry}: the audit trail is never granted to partners`);
    else if (modifier === 'masked' && (typeof rule !== 'object' || rule.kind !== 'number')) problems.push(`${entry}: only NIK and KK numbers can be masked`);
    else if (typeof rule === 'object' && rule.kind === 'numberPart' && !fields.includes(rule.of))
      problems.push(`${entry}: written in the digits of ${rule.of}, so it needs ${rule.of} granted unmasked`);
  }
  return problems;
}

/** Creates a key and returns the token to hand to the partner once: `<id>.<secret>`. */
export async function createApiKey(input: NewApiKey): Promise<{ id: string; token: string }> {
  const problems = [...validateFieldGrants(input.fields), ...validateKeyLimits(input)];
  if (problems.length > 0) throw new Error(`cannot create the key: ${problems.join('; ')}`);
  const id = `ak_${randomBytes(8).toString('hex')}`;
  const secret = randomBytes(32).toString('base64url');
  await ApiKey.create({
    _id: id,
    name: input.name,
    purpose: input.purpose,
    secretHash: hash(secret),
    kecamatanCodes: input.kecamatanCodes ?? [],
    desaCodes: input.desaCodes ?? [],
    fields: input.fields,
    createdAt: new Date(),
    createdBy: input.createdBy,
    revokedAt: null,
    expiresAt: input.expiresAt ?? null,
    ratePerMinute: input.ratePerMinute ?? null,
    dailyQuota: input.dailyQuota ?? null,
    programmeCodes: input.programmeCodes ?? [],
  });
  return { id, token: `${id}.${secret}` };
}

/**
 * Issues a new secret for the same key (same id, grants and limits): the new token is printed once. The old secret is
 * refused at once, or accepted for `graceSeconds` more so that a partner can switch without downtime.
 */
export async function rotateApiKey(id: string, graceSeconds = 0, now = new Date()): Promise<{ id: string; token: string; oldValidUntil: Date }> {
  if (!Number.isInteger(graceSeconds) || graceSeconds < 0 || graceSeconds > 30 * 24 * 3600) throw new Error('the grace period must be a whole number of seconds from 0 to 30 days');
  const doc = await ApiKey.findById(id).lean<ApiKeyDoc>();
  if (!doc || doc.revokedAt) throw new Error(`no active key ${String(id).slice(0, 40)}`);
  const secret = randomBytes(32).toString('base64url');
  const oldValidUntil = new Date(now.getTime() + graceSeconds * 1000);
  const res = await ApiKey.updateOne(
    { _id: id, secretHash: doc.secretHash, revokedAt: null },
    { $set: { secretHash: hash(secret), previousSecretHash: doc.secretHash, previousSecretValidUntil: oldValidUntil, rotatedAt: now } },
  );
  if (res.modifiedCount !== 1) throw new Error(`key ${id} changed while it was rotated: try again`);
  return { id, token: `${id}.${secret}`, oldValidUntil };
}

export async function revokeApiKey(id: string): Promise<boolean> {
  const res = await ApiKey.updateOne({ _id: id, revokedAt: null }, { $set: { revokedAt: new Date() } });
  return res.modifiedCount === 1;
}

export function listApiKeys(): Promise<ApiKeyDoc[]> {
  return ApiKey.find({}).sort({ createdAt: 1 }).lean<ApiKeyDoc[]>().exec();
}

/** Verifies `<id>.<secret>` by its id (an indexed lookup) and a constant-time hash comparison. */
export async function verifyApiKey(token: string, now = new Date()): Promise<ApiKeyDoc> {
  const m = /^(ak_[0-9a-f]{16})\.([A-Za-z0-9_-]{20,})$/.exec(token);
  if (!m) throw new AuthError('API key is malformed');
  const doc = await ApiKey.findById(m[1]).lean<ApiKeyDoc>();
  const given = Buffer.from(hash(m[2]!), 'hex');
  const matches = (h: string | null | undefined) => !!h && timingSafeEqual(given, Buffer.from(h, 'hex'));
  // The secret before a rotation works until the end of its grace period, then never again.
  const previous = !!doc?.previousSecretValidUntil && now < doc.previousSecretValidUntil && matches(doc.previousSecretHash);
  if (!doc || !(matches(doc.secretHash) || previous)) throw new AuthError('API key is not valid');
  if (doc.revokedAt) throw new AuthError('API key has been revoked');
  if (doc.expiresAt && doc.expiresAt <= now) throw new ApiKeyExpiredError(`API key expired at ${doc.expiresAt.toISOString()}: ask Dinsos for a new key`);
  return doc;
}

export function grantOf(doc: ApiKeyDoc): PartnerGrant {
  const fields = new Map<string, 'allow' | 'mask'>();
  for (const entry of doc.fields) {
    const [path, modifier] = entry.split(':');
    fields.set(path!, modifier === 'masked' ? 'mask' : 'allow');
  }
  return {
    keyId: doc._id,
    name: doc.name,
    purpose: doc.purpose,
    fields,
    wholeKabupaten: doc.kecamatanCodes.length === 0 && doc.desaCodes.length === 0,
    programmeCodes: doc.programmeCodes ?? [],
    expiresAt: doc.expiresAt ?? null,
    ratePerMinute: doc.ratePerMinute ?? null,
    dailyQuota: doc.dailyQuota ?? null,
  };
}
