import { createHmac } from 'node:crypto';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { makeExecutableSchema } from '@graphql-tools/schema';
import type { GraphQLSchema } from 'graphql';
import { DEV_JWT_SECRET } from '../../src/config';
import { createLogger, type Logger } from '../../src/log';
import { createApollo } from '../../src/server/apollo';
import type { Context } from '../../src/server/context';
import { createHttpServer, type ContextBuilder, type HttpServer } from '../../src/server/http';
import { createMetrics } from '../../src/server/metrics';
import { testConfig } from '../helpers/config';

/** Settings production insists on, so a test can run a hub in production mode. */
export const PRODUCTION_ENV = { NODE_ENV: 'production', HOST: '127.0.0.1', JWT_SECRET: 'x'.repeat(40), SIMPUL_MASK_KEY: 'm'.repeat(40), JWT_ISSUER: 'https://sso.dinsos.example' };

/** Collects the JSON log lines of a hub under test. */
export interface LogCapture {
  log: Logger;
  lines: Record<string, unknown>[];
  text(): string;
  /** The first line matching, waiting for it: the access line is written when the response closes. */
  line(match: (l: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
}

export function captureLog(level = 'debug'): LogCapture {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString('utf8').split('\n')) if (l.trim()) lines.push(JSON.parse(l) as Record<string, unknown>);
      done();
    },
  });
  return {
    log: createLogger(level, stream),
    lines,
    text: () => lines.map((l) => JSON.stringify(l)).join('\n'),
    async line(match, timeoutMs = 2000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = lines.find(match);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`no matching log line; got:\n${lines.map((l) => JSON.stringify(l)).join('\n')}`);
        await sleep(10);
      }
    },
  };
}

export interface Reply {
  status: number;
  headers: Headers;
  body: any;
}

export async function postTo(base: string, query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}): Promise<Reply> {
  const res = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}

export interface SchemaServer {
  base: string;
  http: HttpServer;
  logs: LogCapture;
  post(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<Reply>;
  close(): Promise<void>;
}

/**
 * The hub's HTTP server and Apollo guards in front of a small schema of the
 * test's own (mutations, slow fields, paged lists the domain does not have yet),
 * without a database.
 */
export async function startSchemaServer(
  typeDefs: string | GraphQLSchema,
  resolvers: Record<string, unknown>,
  env: Record<string, string> = {},
  context?: ContextBuilder,
): Promise<SchemaServer> {
  const config = testConfig(env);
  const logs = captureLog();
  const schema = typeof typeDefs === 'string' ? makeExecutableSchema({ typeDefs, resolvers: resolvers as never }) : typeDefs;
  const apollo = createApollo(config, logs.log, { schema });
  await apollo.start();
  const http = createHttpServer({
    apollo,
    log: logs.log,
    metrics: createMetrics(),
    requestTimeoutMs: config.limits.requestTimeoutMs,
    maxPageSize: config.limits.maxPageSize,
    ide: config.env !== 'production',
    ready: async () => true,
    // These schemas read nothing from the context but the request id, unless the test brings its own.
    context: context ?? (async (requestId) => ({ requestId }) as Context),
  });
  http.server.listen(0, '127.0.0.1');
  await once(http.server, 'listening');
  const base = `http://127.0.0.1:${(http.server.address() as AddressInfo).port}`;
  return {
    base,
    http,
    logs,
    post: (query, variables, headers) => postTo(base, query, variables, headers),
    async close() {
      await http.drain(0);
      await apollo.stop();
    },
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A development token signed with the development secret (HS256), the kind `npm run token` gives. */
export function devToken(claims: Record<string, unknown> = { sub: 'test', role: 'OPERATOR' }): string {
  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const body = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ iss: 'simpul-dev', aud: 'simpul', iat: now, exp: now + 600, ...claims })}`;
  return `${body}.${createHmac('sha256', DEV_JWT_SECRET).update(body).digest('base64url')}`;
}
