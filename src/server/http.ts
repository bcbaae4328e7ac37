import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer } from '@apollo/server';
import mongoose from 'mongoose';
import type { Logger } from '../log';
import { createContext, type Context } from './context';

const MAX_BODY_BYTES = 1024 * 1024;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
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

async function handleGraphQL(apollo: ApolloServer<Context>, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
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
  const requestId = randomUUID();
  const response = await apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body },
    context: async () => createContext(requestId),
  });
  for (const [key, value] of response.headers) res.setHeader(key, value);
  res.setHeader('x-request-id', requestId);
  res.statusCode = response.status ?? 200;
  if (response.body.kind === 'complete') {
    res.end(response.body.string);
    return;
  }
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}

export function createHttpServer(apollo: ApolloServer<Context>, log: Logger): Server {
  return createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const route = async (): Promise<void> => {
      if (url.pathname === '/healthz' && req.method === 'GET') return sendJson(res, 200, { status: 'ok' });
      if (url.pathname === '/readyz' && req.method === 'GET') {
        const ok = await databaseReachable();
        return sendJson(res, ok ? 200 : 503, { status: ok ? 'ready' : 'database unreachable' });
      }
      if (url.pathname === '/graphql') return handleGraphQL(apollo, req, res, url);
      return sendJson(res, 404, { error: `no route for ${req.method} ${url.pathname}` });
    };
    route().catch((err: unknown) => {
      if (err instanceof HttpError) return sendJson(res, err.status, { errors: [{ message: err.message }] });
      log.error({ err }, 'http: unhandled error');
      if (!res.headersSent) sendJson(res, 500, { errors: [{ message: 'internal server error' }] });
      else res.end();
    });
  });
}
