import { AuditRecorder } from '../auth/audit';
import { authenticate, type HeaderGetter } from '../auth/authenticate';
import { KeyLimiter } from '../auth/keyLimits';
import { IdentifierMasks } from '../auth/masking';
import type { Viewer } from '../auth/viewer';
import type { Context } from '../context';
import type { Config } from '../config';
import { createLoaders } from '../loaders';

export type { Context };

export function createContext(requestId: string, viewer: Viewer, maskKey: string, now: Date = new Date()): Context {
  return { requestId, now, viewer, loaders: createLoaders(viewer, now), audit: new AuditRecorder(), masks: new IdentifierMasks(maskKey, viewer) };
}

/**
 * Builds the context of an HTTP request: authenticates its credentials (UNAUTHENTICATED, HTTP 401, when wrong), then
 * holds a partner key to its rate limit and daily quota (HTTP 429 with Retry-After, src/auth/keyLimits.ts).
 */
export function contextFactory(config: Config, limiter: KeyLimiter = new KeyLimiter()): (requestId: string, header: HeaderGetter) => Promise<Context> {
  return async (requestId, header) => {
    const viewer = await authenticate(header, config);
    if (viewer.partner) await limiter.admit(viewer.partner);
    return createContext(requestId, viewer, config.maskKey);
  };
}
