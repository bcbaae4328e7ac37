import mongoose from 'mongoose';
import type { Config } from '../../src/config';
import { createLogger } from '../../src/log';
import { startHub, type Hub } from '../../src/server/hub';
import { testConfig } from './config';

export interface TestHub extends Hub {
  config: Config;
  /** POSTs a GraphQL request and returns status and parsed body. */
  post(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<{ status: number; body: any }>;
}

/** Starts a real hub (HTTP, Apollo, database) on the run's engine, in a database of its own. */
export async function startTestHub(overrides: Record<string, string> = {}): Promise<TestHub> {
  const config = testConfig(overrides);
  const hub = await startHub(config, createLogger(config.logLevel));
  const base = `http://127.0.0.1:${hub.port}`;
  const closeHub = hub.close.bind(hub);
  return Object.assign(hub, {
    config,
    async post(query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}) {
      const res = await fetch(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      return { status: res.status, body: await res.json() };
    },
    async close() {
      await mongoose.connection.dropDatabase().catch(() => undefined);
      await closeHub();
    },
  });
}
