import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { applyCors, type CorsPolicy } from './cors';
import { HeaderMap, type ApolloServer } from '@apollo/server';
import { GraphQLError } from 'graphql';
import mongoose from 'mongoose';
import { ErrorCode } from '../errors';
import type { Logger } from '../log';
import { anonymousViewer } from '../auth/viewer';
import { createContext, type Context } from './context';
import { prefersHtml, sendIdeAsset, sendIdePage } from './ide';
import type { Metrics } from './metrics';
import { DEFAULT_MAX_PAGE_SIZE, withinRequest } from '../db/request-scope';
import { attachTelemetry, type RequestTelemetry } from './telemetry';
import { databaseFailure } from './format-error';
import {
  checkTrustedDocument,
  CLIENT_NAME_HEADER,
  resolvePostBody,
  resolveSearch,
  TrustedDocumentError,
  type DocumentFacts,
  type TrustedDocumentsPolicy,
} from './trusted-documents';

const MAX_BODY_BYTES = 1024 * 1024;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code = 'BAD_REQUEST',
  ) {
    super(message);
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, `request body larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

function sendError(res: ServerResponse, status: number, message: string, code: string, requestId: string): void {
  sendJson(res, status, { errors: [{ message, extensions: { code, requestId } }] });
}

/** True when the database answers a ping. */
export async function databaseReachable(): Promise<boolean> {
  const db = mongoose.connection.db;
  if (mongoose.connection.readyState !== 1 || !db) return false;
  try {
    await db.admin().command({ ping: 1 }, { timeoutMS: 1000 });
    return true;
  } catch {
    return false;
  }
}

export interface HttpOptions {
  apollo: ApolloServer<Context>;
  log: Logger;
  metrics: Metrics;
  /** Deadline of one GraphQL request. */
  requestTimeoutMs: number;
  /** Largest page a list answers (SIMPUL_MAX_PAGE_SIZE); 100 when not given. */
  maxPageSize?: number;
  /** Serve the GraphiQL page and its files (development only). */
  ide: boolean;
  /** Browser origins allowed to call /graphql (src/server/cors.ts); none when omitted. */
  cors?: CorsPolicy;
  /** Which clients run registered documents only (src/server/trusted-documents.ts); none when omitted. */
  trustedDocuments?: TrustedDocumentsPolicy;
  /** Readiness: whether the database answers (replaceable for servers without one). */
  ready?: () => Promise<boolean>;
  /**
   * Builds the context of one request from its id and headers (authentication
   * plugs in here); may throw a GraphQLError with extensions.http to refuse it.
   */
  context?: ContextBuilder;
}

/** Reads one request header by its lower-case name. */
export type ContextBuilder = (requestId: string, header: (name: string) => string | undefined) => Promise<Context>;

// Without an authenticator every caller is anonymous: nothing personal is served, no number is masked.
const plainContext: ContextBuilder = async (requestId) => createContext(requestId, anonymousViewer(), randomBytes(32).toString('hex'));

export interface HttpServer {
  server: Server;
  /**
   * Stops accepting connections, lets in-flight requests finish within graceMs,
   * then cuts what is left. Resolves with the number of requests cut.
   */
  drain(graceMs: number): Promise<number>;
}

/** Per-request facts for the access log line and the metrics. */
interface Exchange {
  requestId: string;
  started: bigint;
  graphql: boolean;
  telemetry?: RequestTelemetry;
  /** Error codes of a request refused before Apollo's plugins saw it. */
  rejectedWith?: string[];
  timedOut: boolean;
}

async function handleGraphQL(opts: HttpOptions, req: IncomingMessage, res: ServerResponse, url: URL, x: Exchange): Promise<void> {
  const deadline = Date.now() + opts.requestTimeoutMs;
  // Ends the request's database work when nobody waits for the answer any more (request-scope.ts).
  const stop = new AbortController();
  const clientGone = () => {
    if (!res.writableFinished) stop.abort(new GraphQLError('the client closed the request', { extensions: { code: ErrorCode.CLIENT_CLOSED_REQUEST } }));
  };
  res.once('close', clientGone);
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  const raw = req.method === 'POST' ? await readBody(req) : '';
  let body: unknown = raw;
  if (req.method === 'POST' && /^application\/(graphql-response\+)?json\b/i.test(headers.get('content-type') ?? '')) {
    try {
      body = JSON.parse(raw);
    } catch {
      throw new HttpError(400, 'request body is not valid JSON');
    }
  }
  const policy = opts.trustedDocuments ?? NO_TRUSTED_DOCUMENTS;
  let search = url.search;
  let facts: DocumentFacts;
  try {
    if (req.method === 'POST') ({ body, facts } = await resolvePostBody(body, policy));
    else ({ search, facts } = await resolveSearch(url.search, policy));
  } catch (err) {
    const refused = err instanceof TrustedDocumentError ? err : null;
    const db = refused ? null : databaseFailure(err);
    if (!refused && !db) throw err;
    const [status, code, message] = refused ? [refused.status, refused.code, refused.message] : [503, db!.code, db!.message];
    x.rejectedWith = [code];
    return sendError(res, status, message, code, x.requestId);
  }
  const scope = { signal: stop.signal, deadline, maxPageSize: opts.maxPageSize ?? DEFAULT_MAX_PAGE_SIZE };
  const work = withinRequest(scope, () =>
    opts.apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method ?? 'GET', headers, search, body },
      context: async () => {
        const context = await (opts.context ?? plainContext)(x.requestId, (name) => headers.get(name));
        x.telemetry = attachTelemetry(context);
        checkTrustedDocument(policy, context.viewer as Context['viewer'] | undefined, headers.get(CLIENT_NAME_HEADER), facts);
        return context;
      },
    }),
  );
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    // Unreferenced: a request cut by shutdown must not keep the process alive until its deadline.
    timer = setTimeout(() => resolve('timeout'), Math.max(0, deadline - Date.now())).unref();
  });
  const response = await Promise.race([work, timeout]).finally(() => clearTimeout(timer));
  if (response === 'timeout') {
    // A busy event loop runs the deadline's timer before the I/O that says the client already left (its end of the
    // socket, then the close): look at that I/O first, so a client gone before the deadline counts as aborted.
    await new Promise((resolve) => setImmediate(resolve));
    // Nobody will read the result: the execution's remaining reads fail at once, those under way are abandoned.
    work.catch(() => undefined);
    if (stop.signal.aborted || res.destroyed || req.socket.readableEnded) return;
    const message = `the request did not finish within ${opts.requestTimeoutMs} ms`;
    stop.abort(new GraphQLError(message, { extensions: { code: ErrorCode.REQUEST_TIMEOUT } }));
    x.timedOut = true;
    x.telemetry?.errorCodes.push(ErrorCode.REQUEST_TIMEOUT);
    return sendError(res, 504, message, ErrorCode.REQUEST_TIMEOUT, x.requestId);
  }
  for (const [key, value] of response.headers) res.setHeader(key, value);
  res.statusCode = response.status ?? 200;
  if (response.body.kind === 'complete') {
    if (res.statusCode >= 400 && !x.telemetry?.errorCodes.length) x.rejectedWith = codesIn(response.body.string);
    res.end(response.body.string);
    return;
  }
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}

/**
 * Codes of a response refused before the plugins ran (CSRF, a bad method, a
 * failed authentication in the context builder): read back from its body.
 */
function codesIn(body: string): string[] {
  try {
    const errors = (JSON.parse(body) as { errors?: { extensions?: { code?: unknown } }[] }).errors ?? [];
    return errors.map((e) => (typeof e.extensions?.code === 'string' ? e.extensions.code : 'BAD_REQUEST'));
  } catch {
    return ['BAD_REQUEST'];
  }
}

function outcomeOf(x: Exchange, res: ServerResponse): string {
  if (x.timedOut) return 'timeout';
  if (!res.writableFinished) return 'aborted';
  return res.statusCode >= 400 || (x.telemetry?.errorCodes.length ?? 0) > 0 ? 'error' : 'ok';
}

/** One log line and one metrics observation per request: no query text, variables or results. */
function record(opts: HttpOptions, req: IncomingMessage, res: ServerResponse, path: string, x: Exchange): void {
  const seconds = Number(process.hrtime.bigint() - x.started) / 1e9;
  const line = { requestId: x.requestId, method: req.method, path, status: res.statusCode, durationMs: Math.round(seconds * 10_000) / 10 };
  if (!x.graphql) {
    opts.log.debug(line, 'http request');
    return;
  }
  const errorCodes = x.telemetry?.errorCodes.length ? x.telemetry.errorCodes : (x.rejectedWith ?? (res.statusCode >= 400 ? ['BAD_REQUEST'] : []));
  const outcome = outcomeOf(x, res);
  opts.metrics.observeRequest({ operation: x.telemetry?.operation ?? null, outcome, seconds, errorCodes });
  opts.log.info(
    {
      ...line,
      operation: x.telemetry?.operation ?? null,
      operationName: x.telemetry?.operationName ?? null,
      operationType: x.telemetry?.operationType ?? null,
      role: x.telemetry?.role ?? 'anonymous',
      outcome,
      errorCodes: [...new Set(errorCodes)],
    },
    'graphql request',
  );
}

const NO_CORS: CorsPolicy = { origins: [], maxAgeSeconds: 0 };
const NO_TRUSTED_DOCUMENTS: TrustedDocumentsPolicy = { enforcedClients: [] };

export function createHttpServer(opts: HttpOptions): HttpServer {
  const ready = opts.ready ?? databaseReachable;
  let draining = false;
  const inFlight = new Set<ServerResponse>();
  let idle: (() => void) | undefined;

  const server = createServer((req, res) => {
    const x: Exchange = { requestId: randomUUID(), started: process.hrtime.bigint(), graphql: false, timedOut: false };
    const url = new URL(req.url ?? '/', 'http://localhost');
    res.setHeader('x-request-id', x.requestId);
    inFlight.add(res);
    res.on('close', () => {
      inFlight.delete(res);
      record(opts, req, res, url.pathname, x);
      if (inFlight.size === 0) idle?.();
    });
    if (draining) {
      res.setHeader('connection', 'close');
      if (url.pathname !== '/healthz') return sendError(res, 503, 'the hub is shutting down', ErrorCode.SHUTTING_DOWN, x.requestId);
    }
    const route = async (): Promise<void> => {
      const get = req.method === 'GET';
      if (url.pathname === '/healthz' && get) return sendJson(res, 200, { status: 'ok' });
      if (url.pathname === '/readyz' && get) {
        const ok = await ready();
        return sendJson(res, ok ? 200 : 503, { status: ok ? 'ready' : 'database unreachable' });
      }
      if (url.pathname === '/metrics' && get) {
        const text = await opts.metrics.registry.metrics();
        res.writeHead(200, { 'content-type': opts.metrics.registry.contentType });
        return void res.end(text);
      }
      if (url.pathname === '/graphql') {
        if (applyCors(opts.cors ?? NO_CORS, req, res)) return;
        if (opts.ide && get && prefersHtml(req.headers.accept)) return sendIdePage(res);
        x.graphql = true;
        return handleGraphQL(opts, req, res, url, x);
      }
      if (opts.ide && get && url.pathname.startsWith('/ide/') && sendIdeAsset(res, url.pathname.slice('/ide/'.length))) return;
      return sendJson(res, 404, { error: `no route for ${req.method} ${url.pathname}` });
    };
    route().catch((err: unknown) => {
      if (res.headersSent) return void res.end();
      if (err instanceof HttpError) return sendError(res, err.status, err.message, err.code, x.requestId);
      opts.log.error({ requestId: x.requestId, err }, 'http: unhandled error');
      sendError(res, 500, 'Internal server error', ErrorCode.INTERNAL_SERVER_ERROR, x.requestId);
    });
  });

  return {
    server,
    async drain(graceMs) {
      draining = true;
      for (const res of inFlight) if (!res.headersSent) res.setHeader('connection', 'close');
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Keep-alive connections between requests would hold close() open; busy ones finish first.
      server.closeIdleConnections();
      if (inFlight.size > 0) {
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, graceMs);
          idle = () => (clearTimeout(t), resolve());
        });
      }
      const cut = inFlight.size;
      server.closeAllConnections();
      await closed;
      return cut;
    },
  };
}
