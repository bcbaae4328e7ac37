import { ApiKey, type ApiKeyDoc } from '../db/models/apiKey';
import { ApiKeyUsage, type ApiKeyUsageDoc } from '../db/models/apiKeyUsage';
import { wibDay } from '../auth/keyLimits';
import { inList } from '../db/filters';
import type { Context } from '../context';

/** What Query.apiKeys answers per key (schema/apikey.graphql). */
export interface ApiKeyUsageShape {
  id: string;
  name: string;
  purpose: string;
  revoked: boolean;
  expiresAt: string | null;
  rotatedAt: string | null;
  ratePerMinute: number | null;
  dailyQuota: number | null;
  programmes: string[];
  area: string[];
  requestsToday: number;
  deniedToday: number;
  lastUsedAt: string | null;
}

/** Every key with today's use. Field rules (AUDIT) keep it to ADMINs; nothing here depends on the viewer. */
export async function listApiKeyUsage(ctx: Context): Promise<ApiKeyUsageShape[]> {
  const keys = await ApiKey.find({}).sort({ createdAt: 1, _id: 1 }).lean<ApiKeyDoc[]>();
  const usage = await ApiKeyUsage.find({ keyId: inList(keys.map((k) => k._id)) })
    .sort({ keyId: 1, day: -1 })
    .lean<ApiKeyUsageDoc[]>();
  const today = wibDay(ctx.now.getTime());
  return keys.map((k) => {
    const mine = usage.filter((u) => u.keyId === k._id);
    const todays = mine.find((u) => u.day === today);
    const last = mine
      .map((u) => u.lastUsedAt)
      .filter((d): d is Date => d instanceof Date)
      .sort((a, b) => b.getTime() - a.getTime())[0];
    return {
      id: k._id,
      name: k.name,
      purpose: k.purpose,
      revoked: k.revokedAt !== null,
      expiresAt: k.expiresAt?.toISOString() ?? null,
      rotatedAt: k.rotatedAt?.toISOString() ?? null,
      ratePerMinute: k.ratePerMinute ?? null,
      dailyQuota: k.dailyQuota ?? null,
      programmes: k.programmeCodes ?? [],
      area: [...k.kecamatanCodes, ...k.desaCodes],
      requestsToday: todays?.requests ?? 0,
      deniedToday: todays?.denied ?? 0,
      lastUsedAt: last?.toISOString() ?? null,
    };
  });
}
