import mongoose from 'mongoose';
import { mintToken, type TokenClaims } from '../../src/auth/jwt';
import type { Config } from '../../src/config';
import { createLogger } from '../../src/log';
import { startHub, type Hub } from '../../src/server/hub';
import { testConfig } from './config';

export interface GraphQLReply {
  status: number;
  body: any;
}

export interface TestHub extends Hub {
  config: Config;
  /**
   * POSTs a GraphQL request as an ADMIN (tests of the read API) unless the
   * headers carry credentials of their own (`authorization: ''` for anonymous).
   */
  post(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLReply>;
  /** A signed development token for these claims. */
  token(claims: Partial<TokenClaims> & Pick<TokenClaims, 'role'>): Promise<string>;
  /** POSTs as the bearer of a token for these claims. */
  postAs(claims: Partial<TokenClaims> & Pick<TokenClaims, 'role'>, query: string, variables?: Record<string, unknown>): Promise<GraphQLReply>;
}

export interface TestHubOptions {
  /** The database is not the hub's own (a shared fixture, tests/helpers/fixtures.ts): close leaves it in place. */
  keepDatabase?: boolean;
}

/** Starts a real hub (HTTP, Apollo, database) on the run's engine, in a database of its own (or MONGODB_DB's). */
export async function startTestHub(overrides: Record<string, string> = {}, options: TestHubOptions = {}): Promise<TestHub> {
  const config = testConfig(overrides);
  const hub = await startHub(config, createLogger(config.logLevel));
  const base = `http://127.0.0.1:${hub.port}`;
  const closeHub = hub.close.bind(hub);
  const token = (claims: Partial<TokenClaims> & Pick<TokenClaims, 'role'>) => mintToken(config.jwt, { sub: `test-${claims.role.toLowerCase()}`, ...claims });
  const admin = await token({ role: 'ADMIN' });
  const post = async (query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}) => {
    const all: Record<string, string> = { 'content-type': 'application/json', authorization: `Bearer ${admin}`, ...headers };
    if (all.authorization === '') delete all.authorization;
    const res = await fetch(`${base}/graphql`, { method: 'POST', headers: all, body: JSON.stringify({ query, variables }) });
    return { status: res.status, body: await res.json() };
  };
  return Object.assign(hub, {
    config,
    post,
    token,
    async postAs(claims: Partial<TokenClaims> & Pick<TokenClaims, 'role'>, query: string, variables?: Record<string, unknown>) {
      return post(query, variables, { authorization: `Bearer ${await token(claims)}` });
    },
    async close() {
      if (!options.keepDatabase) await mongoose.connection.dropDatabase().catch(() => undefined);
      await closeHub();
    },
  });
}
