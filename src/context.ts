import type { AuditRecorder } from './auth/audit';
import type { IdentifierMasks } from './auth/masking';
import type { Viewer } from './auth/viewer';
import type { Loaders } from './loaders';

/**
 * Everything one GraphQL request carries; built fresh for each request by
 * src/server/context.ts. Types only: services, auth and the generated resolver
 * types import it without depending on the server (.dependency-cruiser.cjs).
 */
export interface Context {
  requestId: string;
  /** The moment the request started: ages and durations are computed against it. */
  now: Date;
  /** Who is asking: role, row scope, field grants. */
  viewer: Viewer;
  /** Per-request loaders, each applying the viewer's row scope. */
  loaders: Loaders;
  /** Whose personal data this response carries. */
  audit: AuditRecorder;
  /** NIK and KK numbers as this viewer reads them masked. */
  masks: IdentifierMasks;
}
