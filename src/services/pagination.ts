import type DataLoader from 'dataloader';
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
  /** Backward pages: the `last` items before `before` (or before the end); `first` is then ignored. */
  last?: number | null;
  before?: string | null;
}

/**
 * An order a list offers besides its `_id` order (matrix.ts ARGUMENT_RULES governs who may use it): a stored field
 * and a direction, `_id` in the same direction breaking ties, so that every row has one place in the order.
 */
export interface SortOrder {
  /** The enum value of the schema (`NAME_ASC`); a cursor remembers it, and is refused under another order. */
  name: string;
  field: string;
  direction: 1 | -1;
}

const CURSOR_PREFIX = 'v1:';
const ORDERED_PREFIX = 'v2:';

export function encodeCursor(list: string, id: string): string {
  return Buffer.from(`${CURSOR_PREFIX}${list}:${id}`, 'utf8').toString('base64url');
}

type SortKey = string | number | Date | null;

/** A row's place in an order: its sort key, then its id. */
interface Position {
  key: SortKey;
  id: string;
}

const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

function encodeKey(key: unknown): unknown {
  if (key instanceof Date) return { d: key.toISOString() };
  return key === undefined ? null : key;
}

function decodeKey(raw: unknown): SortKey | undefined {
  if (raw === null || typeof raw === 'number' || typeof raw === 'string') return typeof raw === 'string' && raw.length > 200 ? undefined : raw;
  if (typeof raw === 'object' && raw !== null && typeof (raw as { d?: unknown }).d === 'string') {
    const date = new Date((raw as { d: string }).d);
    return Number.isNaN(date.getTime()) ? undefined : date;
  }
  return undefined;
}

function encodeOrderedCursor(list: string, order: SortOrder, node: Record<string, unknown> & { _id: string }): string {
  const text = `${ORDERED_PREFIX}${list}:${order.name}:${JSON.stringify([encodeKey(node[order.field]), node._id])}`;
  return Buffer.from(text, 'utf8').toString('base64url');
}

const notACursor = (argument: string, cursor: string) => badInput(argument, `${echo(cursor)} is not a cursor of this list (use a page's endCursor or startCursor)`);

const otherOrder = (argument: string) =>
  badInput(argument, `the cursor was made under another orderBy of this list; a cursor is valid only with the orderBy of the page it came from`);

/** The position a cursor names under this order (null: the `_id` order); a cursor of another list or order is BAD_USER_INPUT. */
function decodePosition(cursor: string, list: string, order: SortOrder | null, argument: string): Position {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const plain = `${CURSOR_PREFIX}${list}:`;
  const ordered = `${ORDERED_PREFIX}${list}:`;
  if (text.startsWith(plain)) {
    if (order !== null) throw otherOrder(argument);
    const id = text.slice(plain.length);
    if (!ID_PATTERN.test(id)) throw notACursor(argument, cursor);
    return { key: null, id };
  }
  if (!text.startsWith(ordered)) throw notACursor(argument, cursor);
  const rest = text.slice(ordered.length);
  const colon = rest.indexOf(':');
  if (colon < 0) throw notACursor(argument, cursor);
  if (order === null || rest.slice(0, colon) !== order.name) throw otherOrder(argument);
  let parsed: unknown;
  try {
    parsed = JSON.parse(rest.slice(colon + 1));
  } catch {
    throw notACursor(argument, cursor);
  }
  if (!Array.isArray(parsed) || parsed.length !== 2 || typeof parsed[1] !== 'string' || !ID_PATTERN.test(parsed[1])) throw notACursor(argument, cursor);
  const key = decodeKey(parsed[0]);
  if (key === undefined) throw notACursor(argument, cursor);
  return { key, id: parsed[1] };
}

function sizeArg(argument: 'first' | 'last', value: number): number {
  const max = maxPageSize();
  if (!Number.isInteger(value) || value < 0 || value > max) throw badInput(argument, `page size must be between 0 and ${max}, got ${value}`);
  return value;
}

/** Validates `first`/`after`: the page size is capped (SIMPUL_MAX_PAGE_SIZE), a foreign cursor is refused. */
export function pageWindow(args: PageArgs, list: string): { limit: number; afterId: string | null } {
  const limit = sizeArg('first', args.first ?? DEFAULT_PAGE_SIZE);
  return { limit, afterId: args.after != null ? decodePosition(args.after, list, null, 'after').id : null };
}

/** A page asked for: its size, its direction, and the positions it starts after and ends before. */
interface Window {
  limit: number;
  backward: boolean;
  after: Position | null;
  before: Position | null;
}

function window(args: PageArgs, list: string, order: SortOrder | null): Window {
  const backward = args.last != null;
  const limit = backward ? sizeArg('last', args.last!) : sizeArg('first', args.first ?? DEFAULT_PAGE_SIZE);
  return {
    limit,
    backward,
    after: args.after != null ? decodePosition(args.after, list, order, 'after') : null,
    before: args.before != null ? decodePosition(args.before, list, order, 'before') : null,
  };
}

/**
 * The rows strictly beyond a position, in the direction `toward` (1: larger keys, -1: smaller), under MongoDB's
 * order where null (and missing) sorts below every value: `{$or: [{k: {$gt: v}}, {k: v, _id: {$gt: id}}]}`.
 */
function beyond(field: string | null, at: Position, toward: 1 | -1): Record<string, unknown> {
  const cmp = toward === 1 ? '$gt' : '$lt';
  const idBeyond = { _id: mongoose.trusted({ [cmp]: at.id }) };
  if (field === null) return idBeyond;
  if (at.key === null) {
    return toward === 1 ? { $or: [{ [field]: mongoose.trusted({ $ne: null }) }, { [field]: null, ...idBeyond }] } : { [field]: null, ...idBeyond };
  }
  const parts: Record<string, unknown>[] = [{ [field]: mongoose.trusted({ [cmp]: at.key }) }, { [field]: at.key, ...idBeyond }];
  if (toward === -1) parts.push({ [field]: null });
  return { $or: parts };
}

/** Turns documents already read (limit + 1 of them, in the list's order) into a connection. */
function connectionOf<T extends { _id: string }>(docs: T[], w: Window, count: () => Promise<number>, cursor: (node: T) => string): Connection<T> {
  const more = docs.length > w.limit;
  const page = docs.slice(0, w.limit);
  if (w.backward) page.reverse();
  const edges = page.map((node) => ({ cursor: cursor(node), node }));
  return {
    edges,
    pageInfo: {
      // The row a cursor names precedes (follows) the page; the extra row read tells whether more lie ahead.
      hasNextPage: w.backward ? w.before !== null : more,
      hasPreviousPage: w.backward ? more : w.after !== null,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
    totalCount: count,
  };
}

/** Turns documents already read (limit + 1 of them) into a connection. */
export function toConnection<T extends { _id: string }>(docs: T[], limit: number, afterId: string | null, count: () => Promise<number>, list: string): Connection<T> {
  const w: Window = { limit, backward: false, after: afterId === null ? null : { key: null, id: afterId }, before: null };
  return connectionOf(docs, w, count, (node) => encodeCursor(list, node._id));
}

/**
 * One page of a collection in `_id` order, or in a sort order with `_id` breaking ties (keyset pagination: the
 * same cost on page 1 and page 1000; each order has its `(field, _id)` index on the model). `first`/`after` page
 * forwards, `last`/`before` backwards. The filter is built by the hub, never taken from clients, and already holds
 * the viewer's row scope (src/auth/scope.ts).
 */
export async function findPage<T extends { _id: string }>(
  model: Model<any>,
  filter: Record<string, unknown> | null,
  args: PageArgs,
  order: 1 | -1 | SortOrder = 1,
): Promise<Connection<T>> {
  const list = model.collection.collectionName;
  const sort = typeof order === 'object' ? order : null;
  const direction = typeof order === 'object' ? order.direction : order;
  const field = sort?.field ?? null;
  const w = window(args, list, sort);
  const cursor = sort ? (node: T) => encodeOrderedCursor(list, sort, node as unknown as Record<string, unknown> & { _id: string }) : (node: T) => encodeCursor(list, node._id);
  // null: the viewer may see no row of this list; it is empty, and counts 0.
  if (filter === null) return connectionOf<T>([], w, async () => 0, cursor);
  const count = () => model.countDocuments(filter).setOptions(readOptions()).exec();
  const bounds: Record<string, unknown>[] = [];
  if (w.after) bounds.push(beyond(field, w.after, direction));
  if (w.before) bounds.push(beyond(field, w.before, direction === 1 ? -1 : 1));
  const parts = [filter, ...bounds].filter((p) => Object.keys(p).length > 0);
  const query = parts.length === 0 ? {} : parts.length === 1 ? parts[0]! : { $and: parts };
  const read = (w.backward ? -direction : direction) as 1 | -1;
  const sortSpec: Record<string, 1 | -1> = field ? { [field]: read, _id: read } : { _id: read };
  const docs = (await model
    .find(query)
    .setOptions(readOptions())
    .sort(sortSpec)
    .limit(w.limit + 1)
    .lean()) as unknown as T[];
  return connectionOf(docs, w, count, cursor);
}

/**
 * Puts a page's rows in the by-id loader of their collection, so that a nested field asking for one
 * of them by id (a member's household on a page of households) reads nothing. Only for a page whose filter holds the
 * loader's row scope: the loader must never hand out a row its own read would not return.
 */
export function primed<T extends { _id: string }>(loader: DataLoader<string, T | null>, page: Connection<T>): Connection<T> {
  for (const e of page.edges) loader.prime(e.node._id, e.node);
  return page;
}

/** Pages through a list already in memory (a bounded child list such as a training's participants). */
export function pageOf<T extends { _id: string }>(all: T[], args: PageArgs, list: string): Connection<T> {
  const { limit, afterId } = pageWindow(args, list);
  const start = afterId ? all.findIndex((d) => d._id > afterId) : 0;
  const rest = start < 0 ? [] : all.slice(start, start + limit + 1);
  return toConnection(rest, limit, afterId, async () => all.length, list);
}
