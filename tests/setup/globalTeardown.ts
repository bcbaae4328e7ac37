import { rmSync } from 'node:fs';
import { MongoClient } from 'mongodb';
import type { Engine } from '../../src/db/engine';
import { templatePrefix } from '../helpers/fixtures';

export default async function globalTeardown(): Promise<void> {
  if (process.env.SIMPUL_TEST_RUN_DIR) rmSync(process.env.SIMPUL_TEST_RUN_DIR, { recursive: true, force: true });
  const started = (globalThis as Record<string, unknown>).__simpulEngine as { engine: Engine; dataDir: string } | undefined;
  if (!started) {
    // A MongoDB server outlives the run: drop the templates of the shared fixtures.
    if (process.env.MONGODB_URI && process.env.SIMPUL_TEST_RUN_ID) await dropTemplates(process.env.MONGODB_URI, templatePrefix(process.env.SIMPUL_TEST_RUN_ID));
    return;
  }
  await started.engine.stop();
  rmSync(started.dataDir, { recursive: true, force: true });
}

async function dropTemplates(uri: string, prefix: string): Promise<void> {
  const client = await new MongoClient(uri).connect();
  try {
    const { databases } = await client.db().admin().listDatabases({ nameOnly: true });
    for (const { name } of databases) if (name.startsWith(prefix)) await client.db(name).dropDatabase();
  } finally {
    await client.close();
  }
}
