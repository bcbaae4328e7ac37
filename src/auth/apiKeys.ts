import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { ApiKey, type ApiKeyDoc } from '../db/models/apiKey';
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
}

/** Checks an allow-list against the matrix: real fields only, never the audit trail. */
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
  }
  return problems;
}

/** Creates a key and returns the token to hand to the partner once: `<id>.<secret>`. */
export async function createApiKey(input: NewApiKey): Promise<{ id: string; token: string }> {
  const problems = validateFieldGrants(input.fields);
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
  });
  return { id, token: `${id}.${secret}` };
}

export async function revokeApiKey(id: string): Promise<boolean> {
  const res = await ApiKey.updateOne({ _id: id, revokedAt: null }, { $set: { revokedAt: new Date() } });
  return res.modifiedCount === 1;
}

export function listApiKeys(): Promise<ApiKeyDoc[]> {
  return ApiKey.find({}).sort({ createdAt: 1 }).lean<ApiKeyDoc[]>().exec();
}

/** Verifies `<id>.<secret>` by its id (an indexed lookup) and a constant-time hash comparison. */
export async function verifyApiKey(token: string): Promise<ApiKeyDoc> {
  const m = /^(ak_[0-9a-f]{16})\.([A-Za-z0-9_-]{20,})$/.exec(token);
  if (!m) throw new AuthError('API key is malformed');
  const doc = await ApiKey.findById(m[1]).lean<ApiKeyDoc>();
  const given = Buffer.from(hash(m[2]!), 'hex');
  if (!doc || !timingSafeEqual(given, Buffer.from(doc.secretHash, 'hex'))) throw new AuthError('API key is not valid');
  if (doc.revokedAt) throw new AuthError('API key has been revoked');
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
  };
}
