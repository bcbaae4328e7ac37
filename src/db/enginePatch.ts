import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The one patch the hub applies to the pinned FerretDB module before building
 * it (src/db/engine-patches/README.md says what it changes and why). The
 * binary's folder carries a short hash of the patch, so a changed patch, or a
 * machine holding a binary built without it, builds the engine again.
 */
export const ENGINE_PATCH_FILE = join(__dirname, 'engine-patches', 'ferretdb-v1.24.2-sqlite-pushdown.patch');

/** Release of the patch, shown by the engine as `ferretdbVersion` (buildInfo): `v1.24.2-simpul.9`. */
export const ENGINE_PATCH_RELEASE = 'simpul.9';

/** First 10 hex digits of the SHA-256 of the patch file. */
export function enginePatchHash(): string {
  return createHash('sha256').update(readFileSync(ENGINE_PATCH_FILE)).digest('hex').slice(0, 10);
}
