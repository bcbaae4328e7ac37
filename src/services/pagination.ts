import type { Model } from 'mongoose';
import mongoose from 'mongoose';
import { badInput, echo } from '../errors';
import { maxPageSize, readOptions } from '../db/request-scope';

export const DEFAULT_PAGE_SIZE = 20;

export interface PageInfoShape {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

/** A Relay connection over stored documents; the total is counted only when asked for. */
export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: PageInfoShape;
  /** Counted only when a client asks: GraphQL's default resolver calls it for `totalCount`. */
  totalCount(): Promise<number>;
}

export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

const CURSOR_PREFIX = 'v1:';

export function encodeCursor(list: string, id: string): string {
  return Buffer.from(`${CURSOR_PREFIX}${list}:${id}`, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string, list: string): string {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const prefix = `${CURSOR_PREFIX}${list}:`;
  if (!text.startsWith(prefix) || !/^[A-Za-z0-9_-]{1,64}$/.test(text.slice(prefix.length))) {
    throw badInput('after', `${echo(cursor)} is not a cursor of this list; use pageInfo.endCursor of the previous page`);
  }
  return text.slice(prefix.length);
}

/** Validates `first`/`after`: the page size is capped (SIMPUL_MAX_PAGE_SIZE), a foreign cursor is refused. */
export function pageWindow(args: PageArgs, list: string): { limit: number; afterId: string | null } {
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  const max = maxPageSize();
  if (!Number.isInteger(first) || first < 0 || first > max) {
    throw badInput('first', `page size must be between 0 and ${max}, got ${first}`);
  }
  return { limit: first, afterId: args.after !== null && args.after !== undefined ? decodeCursor(args.after, list) : null };
}

/** Turns documents already read (limit + 1 of them) into a connection. */
export function toConnection<T extends { _id: string }>(docs: T[], limit: number, afterId: string | null, count: () => Promise<number>, list: string): Connection<T> {
  const page = docs.slice(0, limit);
  const edges = page.map((node) => ({ cursor: encodeCursor(list, node._id), node }));
  return {
    edges,
    pageInfo: {
      hasNextPage: docs.length > limit,
      hasPreviousPage: afterId !== null,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
    totalCount: count,
  };
}

/**
 * One page of a collection in `_id` order (keyset pagination: the same cost on
 * page 1 and page 1000). The filter is built by the hub, never taken from clients,
 * and already holds the viewer's row scope (src/auth/scope.ts).
 */
export async function findPage<T extends { _id: string }>(
  model: Model<any>,
  filter: Record<string, unknown> | null,
  args: PageArgs,
  order: 1 | -1 = 1,
): Promise<Connection<T>> {
  const list = model.collection.collectionName;
  const { limit, afterId } = pageWindow(args, list);
  // null: the viewer may see no row of this list; it is empty, and counts 0.
  if (filter === null) return toConnection<T>([], limit, afterId, async () => 0, list);
  const count = () => model.countDocuments(filter).setOptions(readOptions()).exec();
  const beyond = mongoose.trusted(order === 1 ? { $gt: afterId } : { $lt: afterId });
  const query = afterId ? { $and: [filter, { _id: beyond }] } : filter;
  const docs = (await model.find(query).setOptions(readOptions()).sort({ _id: order }).limit(limit + 1).lean()) as unknown as T[];
  return toConnection(docs, limit, afterId, count, list);
}

/** Pages through a list already in memory (a bounded child list such as a training's participants). */
export function pageOf<T extends { _id: string }>(all: T[], args: PageArgs, list: string): Connection<T> {
  const { limit, afterId } = pageWindow(args, list);
  const start = afterId ? all.findIndex((d) => d._id > afterId) : 0;
  const rest = start < 0 ? [] : all.slice(start, start + limit + 1);
  return toConnection(rest, limit, afterId, async () => all.length, list);
}
