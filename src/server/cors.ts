import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Cross-origin access for browser apps served from other origins (a dashboard on
 * http://localhost:5173, say). Only listed origins get CORS headers; the browser
 * blocks the rest. Credentials travel in the `Authorization` header (a bearer
 * token or an API key), never in cookies, so `Access-Control-Allow-Credentials`
 * is never sent: a page cannot ride on a user's ambient credentials. Apollo's
 * CSRF prevention stays on: a cross-origin request that needs no preflight is
 * still refused, and a preflight succeeds only for a listed origin.
 */
export interface CorsPolicy {
  /** Exact origins (`scheme://host[:port]`) allowed to call the API from a browser. */
  origins: readonly string[];
  /** How long a browser may cache a preflight answer. */
  maxAgeSeconds: number;
}

/** Request headers a browser client may send. */
export const CORS_ALLOWED_HEADERS = [
  'authorization',
  'content-type',
  'x-api-key',
  'x-purpose',
  'apollo-require-preflight',
  'x-apollo-operation-name',
  'apollographql-client-name',
  'apollographql-client-version',
];
/** Response headers a browser client may read. */
export const CORS_EXPOSED_HEADERS = ['x-request-id', 'retry-after'];

/**
 * Sets the CORS headers of a response to a listed origin. Answers a preflight
 * (OPTIONS) itself and returns true; returns false for every other request,
 * which goes on to its handler.
 */
export function applyCors(policy: CorsPolicy, req: IncomingMessage, res: ServerResponse): boolean {
  const origin = req.headers.origin;
  const allowed = typeof origin === 'string' && policy.origins.includes(origin);
  // The answer depends on the Origin header: shared caches must keep one copy per origin.
  res.setHeader('vary', 'Origin');
  if (allowed) {
    res.setHeader('access-control-allow-origin', origin);
    res.setHeader('access-control-expose-headers', CORS_EXPOSED_HEADERS.join(', '));
  }
  if (req.method !== 'OPTIONS') return false;
  if (allowed) {
    res.setHeader('access-control-allow-methods', 'GET, POST');
    res.setHeader('access-control-allow-headers', CORS_ALLOWED_HEADERS.join(', '));
    res.setHeader('access-control-max-age', String(policy.maxAgeSeconds));
  }
  // A preflight from an origin not listed gets no CORS headers: the browser then refuses the request.
  res.writeHead(204, { allow: 'GET, POST, OPTIONS' });
  res.end();
  return true;
}
