import { AsyncLocalStorage } from 'node:async_hooks';
import mongoose from 'mongoose';

/** Largest page outside a request (the command line, tests of a service alone): SIMPUL_MAX_PAGE_SIZE's default. */
export const DEFAULT_MAX_PAGE_SIZE = 100;

/**
 * What bounds the work of one GraphQL request, wherever that work happens: the
 * services and loaders read it without every function passing it along.
 */
export interface RequestScope {
  /** Aborts when the client goes away or the request's deadline passes; its reason is the error reads then throw. */
  signal: AbortSignal;
  /** When the answer is due (epoch milliseconds, SIMPUL_REQUEST_TIMEOUT_MS after the request arrived). */
  deadline: number;
  /** Largest `first` a list answers (SIMPUL_MAX_PAGE_SIZE). */
  maxPageSize: number;
}

const scopes = new AsyncLocalStorage<RequestScope>();

/** Runs `fn` (and everything it starts, resolvers and loaders included) within the request's scope. */
export function withinRequest<T>(scope: RequestScope, fn: () => T): T {
  return scopes.run(scope, fn);
}

export function currentRequest(): RequestScope | undefined {
  return scopes.getStore();
}

export function maxPageSize(): number {
  return currentRequest()?.maxPageSize ?? DEFAULT_MAX_PAGE_SIZE;
}

export interface ReadOptions {
  signal?: AbortSignal;
  maxTimeMS?: number;
}

/**
 * Options for one database read made for the current request. Throws at once
 * when the request is over (the client left, or the deadline passed): a
 * request nobody waits for starts no more reads. Otherwise the read carries
 * the request's abort signal (the driver gives up on it when the request
 * ends) and a maxTimeMS no longer than what is left of the deadline (the
 * server gives up too). Outside a request: no options, mongoose's global
 * maxTimeMS applies.
 */
export function readOptions(): ReadOptions {
  const scope = currentRequest();
  if (!scope) return {};
  scope.signal.throwIfAborted();
  const left = Math.max(1, scope.deadline - Date.now());
  const global = mongoose.get('maxTimeMS') as number | undefined;
  return global !== undefined && global <= left ? { signal: scope.signal } : { signal: scope.signal, maxTimeMS: left };
}
