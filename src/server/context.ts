import { AuditRecorder } from '../auth/audit';
import { authenticate, type HeaderGetter } from '../auth/authenticate';
import { IdentifierMasks } from '../auth/masking';
import type { Viewer } from '../auth/viewer';
import type { Context } from '../context';
import type { Config } from '../config';
import { createLoaders } from '../loaders';

export type { Context };

export function createContext(requestId: string, viewer: Viewer, maskKey: string, now: Date = new Date()): Context {
  return { requestId, now, viewer, loaders: createLoaders(viewer, now), audit: new AuditRecorder(), masks: new IdentifierMasks(maskKey, viewer) };
}

/** Builds the context of an HTTP request: authenticates its credentials (UNAUTHENTICATED, HTTP 401, when wrong). */
export function contextFactory(config: Config): (requestId: string, header: HeaderGetter) => Promise<Context> {
  return async (requestId, header) => createContext(requestId, await authenticate(header, config), config.maskKey);
}
