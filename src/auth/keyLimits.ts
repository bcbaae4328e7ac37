import { GraphQLError } from 'graphql';
import { ApiKeyUsage, type ApiKeyUsageDoc } from '../db/models/apiKeyUsage';
import { ErrorCode } from '../errors';
import type { PartnerGrant } from './viewer';

/** Days of a partner's quota run from midnight to midnight WIB (UTC+7, no daylight saving), Madiun's time. */
const WIB_OFFSET_MS = 7 * 3600 * 1000;
const MINUTE_MS = 60_000;

export function wibDay(at: number): string {
  return new Date(at + WIB_OFFSET_MS).toISOString().slice(0, 10);
}

/** Seconds from `at` to the next midnight WIB, at least 1. */
function secondsToNextWibDay(at: number): number {
  const local = at + WIB_OFFSET_MS;
  const next = Math.floor(local / 86_400_000 + 1) * 86_400_000;
  return Math.max(1, Math.ceil((next - local) / 1000));
}

/** HTTP 429 with `Retry-After`, as the context builder throws it (Apollo answers it before executing anything). */
export function tooManyRequests(code: string, message: string, retryAfterSeconds: number): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code, retryAfterSeconds, http: { status: 429, headers: new Map([['retry-after', String(retryAfterSeconds)]]) } },
  });
}

interface DayCount {
  id: string;
  requests: number;
}

/**
 * The rate limit (requests per minute) and daily quota of partner keys. Decisions are taken synchronously on counts
 * held in this process, so concurrent requests of one key cannot slip past a limit between a read and a write. The
 * day's count is kept in the database (apiKeyUsage) and read back when a process first sees the key that day, so a
 * restarted hub does not hand out a fresh quota; several hub processes would each admit up to the remaining quota
 * they read (one process per deployment today). The minute window is a sliding one, in memory only.
 */
export class KeyLimiter {
  private readonly minute = new Map<string, number[]>();
  private readonly days = new Map<string, Promise<DayCount>>();
  /** Writes of one key, one after another: `$inc`s of one document never race on the embedded engine. */
  private readonly writes = new Map<string, Promise<unknown>>();

  constructor(private readonly clock: () => number = Date.now) {}

  private dayCount(keyId: string, day: string): Promise<DayCount> {
    const id = `${keyId}:${day}`;
    let count = this.days.get(id);
    if (!count) {
      // Yesterday's counters are done with.
      for (const k of this.days.keys()) if (k.startsWith(`${keyId}:`)) this.days.delete(k);
      count = ApiKeyUsage.findOneAndUpdate({ _id: id }, { $setOnInsert: { keyId, day, requests: 0, denied: 0, lastUsedAt: null } }, { upsert: true, returnDocument: 'after' })
        .lean<ApiKeyUsageDoc>()
        .then((doc) => ({ id, requests: doc?.requests ?? 0 }));
      count.catch(() => this.days.delete(id));
      this.days.set(id, count);
    }
    return count;
  }

  private record(keyId: string, id: string, field: 'requests' | 'denied', at: number): Promise<unknown> {
    const previous = this.writes.get(keyId) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => ApiKeyUsage.updateOne({ _id: id }, { $inc: { [field]: 1 }, $set: { lastUsedAt: new Date(at) } }));
    this.writes.set(keyId, next);
    void next
      .finally(() => {
        if (this.writes.get(keyId) === next) this.writes.delete(keyId);
      })
      .catch(() => undefined);
    return next;
  }

  /** Admits one request of a key, or throws 429 RATE_LIMITED / DAILY_QUOTA_EXCEEDED with the seconds to wait. */
  async admit(grant: PartnerGrant): Promise<void> {
    const rate = grant.ratePerMinute ?? null;
    const quota = grant.dailyQuota ?? null;
    if (rate === null && quota === null) {
      // Unlimited keys are still counted, for the ADMIN's usage view.
      const at = this.clock();
      const count = await this.dayCount(grant.keyId, wibDay(at));
      count.requests++;
      await this.record(grant.keyId, count.id, 'requests', at);
      return;
    }
    const day = wibDay(this.clock());
    const count = await this.dayCount(grant.keyId, day);
    // From here to the end of the decision nothing awaits: one request at a time takes it.
    const now = this.clock();
    if (wibDay(now) !== day) return this.admit(grant);
    let refusal: GraphQLError | null = null;
    const stamps = (this.minute.get(grant.keyId) ?? []).filter((t) => t > now - MINUTE_MS);
    if (quota !== null && count.requests >= quota) {
      const wait = secondsToNextWibDay(now);
      refusal = tooManyRequests(ErrorCode.DAILY_QUOTA_EXCEEDED, `this API key has used its ${quota} requests for today (WIB); try again in ${wait} s`, wait);
    } else if (rate !== null && stamps.length >= rate) {
      const wait = Math.max(1, Math.ceil((stamps[0]! + MINUTE_MS - now) / 1000));
      refusal = tooManyRequests(ErrorCode.RATE_LIMITED, `this API key may make ${rate} requests per minute; try again in ${wait} s`, wait);
    }
    if (refusal) {
      this.minute.set(grant.keyId, stamps);
      await this.record(grant.keyId, count.id, 'denied', now).catch(() => undefined);
      throw refusal;
    }
    stamps.push(now);
    this.minute.set(grant.keyId, stamps);
    count.requests++;
    await this.record(grant.keyId, count.id, 'requests', now);
  }
}
