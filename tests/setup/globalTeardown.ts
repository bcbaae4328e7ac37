import { rmSync } from 'node:fs';
import type { Engine } from '../../src/db/engine';

export default async function globalTeardown(): Promise<void> {
  const started = (globalThis as Record<string, unknown>).__simpulEngine as { engine: Engine; dataDir: string } | undefined;
  if (!started) return;
  await started.engine.stop();
  rmSync(started.dataDir, { recursive: true, force: true });
}
