import { generateRegency, type Regency } from '../../seeds/regency';
import { SCENARIOS, type ScenarioName } from '../../seeds/regency/scenarios';
import { loadRegency } from '../../seeds/loadRegency';
import mongoose from 'mongoose';
import { copyOf, guardReadOnly, template, type Built, type FixtureSpec } from './fixtures';
import { startTestHub, type TestHub } from './hub';

/*
 * Read-API specs: a real hub over HTTP on a database of its own, holding one
 * generated regency. Expectations are computed from a second copy of the same
 * generated regency (the generator is deterministic), written out in the specs
 * rather than borrowed from the hub's services, so a spec checks the hub
 * instead of echoing it.
 */

/** Reshapes a generated regency before a spec uses it (the same way for the hub and for the expectations). */
export type Reshape = (regency: Regency) => Regency;

/** The scenario's regency as generated: what the hub's answers are checked against. */
export function scenarioRegency(name: ScenarioName, reshape: Reshape = (r) => r): Regency {
  return reshape(generateRegency(SCENARIOS[name]));
}

const asGenerated: Reshape = (r) => r;

/**
 * The scenario's regency (reshaped) loaded through the models into a template database once per run
 * (tests/helpers/fixtures.ts). A reshape is named by its function's name, so each distinct one must have its own.
 */
export function regencyFixture(name: ScenarioName, reshape: Reshape = asGenerated): FixtureSpec {
  const variant = reshape === asGenerated ? 'asGenerated' : reshape.name;
  if (!/^[A-Za-z0-9]+$/.test(variant)) throw new Error(`a reshape needs a function name of its own (got "${variant}")`);
  return {
    name: `regency-${name}-${variant}`,
    async build() {
      await loadRegency(scenarioRegency(name, reshape));
      return {};
    },
  };
}

/** How a file uses the scenario's database: `read` shares the run's template read-only, `write` gets a copy of its own. */
export type RegencyUse = 'read' | 'write';

/**
 * Starts a hub on the scenario's regency; one per test file (beforeAll). A file that only reads shares the run's
 * template (built once per run by the first file that needs it); its close fails the file if the template changed. A
 * file that writes gets a copy of the template in a database of its own, dropped at close.
 */
export async function startRegencyHub(name: ScenarioName, reshape: Reshape = asGenerated, use: RegencyUse = 'read', env: Record<string, string> = {}): Promise<TestHub> {
  const built = await template(regencyFixture(name, reshape));
  return use === 'write' ? startTestHub({ ...env, MONGODB_DB: await copyOf(built) }) : startSharedHub(built, env);
}

/**
 * A hub on a template database, read-only: at close, the file fails if it (or its hub) changed the template. `env`
 * configures the hub further (a production hub, tighter limits).
 */
export async function startSharedHub(built: Built, env: Record<string, string> = {}): Promise<TestHub> {
  const hub = await startTestHub({ ...env, MONGODB_DB: built.db }, { keepDatabase: true });
  const check = guardReadOnly(built, mongoose.connection.getClient());
  const close = hub.close.bind(hub);
  return Object.assign(hub, {
    async close() {
      try {
        await check();
      } finally {
        await close();
      }
    },
  });
}

/** Completed years on `on`, both read as UTC calendar days (docs/domain.md: age in full years). */
export function completedYears(birth: Date, on: Date): number {
  const [by, bm, bd] = [birth.getUTCFullYear(), birth.getUTCMonth(), birth.getUTCDate()];
  const [y, m, d] = [on.getUTCFullYear(), on.getUTCMonth(), on.getUTCDate()];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** `YYYY-MM-DD`, the form the Date scalar travels in. */
export const isoDay = (d: Date | null): string | null => (d ? d.toISOString().slice(0, 10) : null);

/** Ids in the order every list of the hub promises: ascending `_id`. */
export const idsOf = (records: readonly { _id: string }[]): string[] => records.map((r) => r._id).sort();

export function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items) out[key(item)] = (out[key(item)] ?? 0) + 1;
  return out;
}

/** Asserts a GraphQL answer is one BAD_USER_INPUT error, and returns it for further checks. */
export function expectBadInput(body: { errors?: { message: string; extensions?: Record<string, unknown> }[] }, argument?: string) {
  expect(body.errors).toBeDefined();
  const error = body.errors![0]!;
  expect(error.extensions?.code).toBe('BAD_USER_INPUT');
  if (argument) expect(error.message).toContain(argument);
  return error;
}

/** The opaque cursor shape, written out here so a spec can forge one. */
export const forgeCursor = (text: string): string => Buffer.from(text, 'utf8').toString('base64url');

export interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

export interface Page {
  edges: { cursor: string; node: { id: string } }[];
  pageInfo: PageInfo;
  totalCount: number;
}

/** The selection every paged list is asked with. */
export const PAGE_FIELDS = 'totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id } }';

/**
 * A paged field of the API: a document taking `$first: Int` and `$after: String`
 * (plus the list's own variables) and where the connection sits in `data`.
 */
export interface PagedList {
  query: string;
  connection(data: any): Page;
}

export async function fetchPage(hub: TestHub, list: PagedList, variables: Record<string, unknown>): Promise<{ page: Page | null; body: any }> {
  const { body } = await hub.post(list.query, variables);
  // An error in a nested connection nulls its parent too: no page then.
  let page: Page | null;
  try {
    page = body.data ? (list.connection(body.data) ?? null) : null;
  } catch {
    page = null;
  }
  return { page, body };
}

/** Walks every page with first/after; checks each page's own cursors and flags on the way. */
export async function walkPages(hub: TestHub, list: PagedList, variables: Record<string, unknown>, first: number): Promise<{ ids: string[]; pages: Page[] }> {
  const pages: Page[] = [];
  let after: string | null = null;
  for (let guard = 0; guard < 10_000; guard++) {
    const { page, body } = await fetchPage(hub, list, { ...variables, first, after });
    expect(body.errors).toBeUndefined();
    const p = page!;
    pages.push(p);
    expect(p.edges.length).toBeLessThanOrEqual(first);
    expect(p.pageInfo.hasPreviousPage).toBe(after !== null);
    expect(p.pageInfo.startCursor).toBe(p.edges[0]?.cursor ?? null);
    expect(p.pageInfo.endCursor).toBe(p.edges[p.edges.length - 1]?.cursor ?? null);
    if (!p.pageInfo.hasNextPage) break;
    expect(p.edges).toHaveLength(first);
    after = p.pageInfo.endCursor;
  }
  return { ids: pages.flatMap((p) => p.edges.map((e) => e.node.id)), pages };
}

/** A cursor the hub handed out for a different list (a foreign cursor). */
export async function cursorFromList(hub: TestHub, list: 'persons' | 'households' | 'enrollments' | 'trainings' | 'pilars'): Promise<string> {
  const { body } = await hub.post(`{ ${list}(first: 1) { edges { cursor } } }`);
  return body.data[list].edges[0].cursor as string;
}

export interface PagingSubject {
  hub: TestHub;
  list: PagedList;
  /** Variables selecting the rows under test (besides first/after). */
  variables: Record<string, unknown>;
  /** Ids the list must yield for those variables, in id order; at least 3 of them. */
  expectedIds: string[];
  /** Variables for which the list must be empty; null when the list has no way to be empty (no filter). */
  emptyVariables: Record<string, unknown> | null;
  /** A cursor handed out by another list of the hub. */
  foreignCursor(): Promise<string>;
}

/**
 * The pagination promises every list makes (schema/base.graphql PageInfo):
 * complete and ordered walks, exact totals, the empty and the last page, and
 * clear errors for bad page sizes and cursors.
 */
export function itPagesLikeAConnection(what: string, subject: () => PagingSubject, opts: { canBeEmpty: boolean } = { canBeEmpty: true }): void {
  describe(`${what}, page by page`, () => {
    // The walk 100 at a time, shared by the specs that need every cursor of the list.
    let walked: ReturnType<typeof walkPages> | undefined;
    const walkAll = (s: PagingSubject) => (walked ??= walkPages(s.hub, s.list, s.variables, 100));

    it.each([
      ['a few rows', (s: PagingSubject) => walkPages(s.hub, s.list, s.variables, Math.min(99, Math.max(2, Math.floor(s.expectedIds.length / 7))))],
      ['100 rows', walkAll],
    ])('walking every page of %s yields each row exactly once, in id order, with totalCount the number of rows', async (_what, walk) => {
      const s = subject();
      const expected = s.expectedIds;
      const { ids, pages } = await walk(s);
      expect(ids).toEqual(expected);
      expect(new Set(pages.map((p) => p.totalCount))).toEqual(new Set([expected.length]));
      expect(pages[pages.length - 1]!.pageInfo.hasNextPage).toBe(false);
    });

    it('ends on a page that the last rows fill exactly with hasNextPage false, and one row earlier with hasNextPage true', async () => {
      const s = subject();
      const { ids: all, pages } = await walkAll(s);
      const cursors = pages.flatMap((p) => p.edges.map((e) => e.cursor));
      const k = Math.min(5, all.length - 1);
      expect(k).toBeGreaterThanOrEqual(2);
      const tail = await fetchPage(s.hub, s.list, { ...s.variables, first: k, after: cursors[all.length - k - 1] });
      expect(tail.page!.edges.map((e) => e.node.id)).toEqual(all.slice(-k));
      expect(tail.page!.pageInfo.hasNextPage).toBe(false);
      const short = await fetchPage(s.hub, s.list, { ...s.variables, first: k - 1, after: cursors[all.length - k - 1] });
      expect(short.page!.edges.map((e) => e.node.id)).toEqual(all.slice(-k, -1));
      expect(short.page!.pageInfo.hasNextPage).toBe(true);
    });

    it('answers an empty page with null cursors after the last row', async () => {
      const s = subject();
      const { pages } = await walkAll(s);
      const last = pages[pages.length - 1]!.pageInfo.endCursor;
      const { page, body } = await fetchPage(s.hub, s.list, { ...s.variables, first: 10, after: last });
      expect(body.errors).toBeUndefined();
      expect(page!.edges).toEqual([]);
      expect(page!.pageInfo).toEqual({ hasNextPage: false, hasPreviousPage: true, startCursor: null, endCursor: null });
      expect(page!.totalCount).toBe(s.expectedIds.length);
    });

    if (opts.canBeEmpty)
      it('answers a filter nothing matches with no edges, null cursors and totalCount 0', async () => {
        const s = subject();
        const { page, body } = await fetchPage(s.hub, s.list, { ...s.emptyVariables!, first: 10, after: null });
        expect(body.errors).toBeUndefined();
        expect(page).toEqual({ edges: [], totalCount: 0, pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null } });
      });

    it('answers first: 0 with no edges, null cursors and the full totalCount', async () => {
      const s = subject();
      const { page, body } = await fetchPage(s.hub, s.list, { ...s.variables, first: 0, after: null });
      expect(body.errors).toBeUndefined();
      expect(page!.edges).toEqual([]);
      expect(page!.pageInfo.startCursor).toBeNull();
      expect(page!.pageInfo.endCursor).toBeNull();
      expect(page!.totalCount).toBe(s.expectedIds.length);
    });

    it.each([101, 1000, -1])('refuses first: %i with BAD_USER_INPUT naming first', async (first) => {
      const s = subject();
      const { body } = await fetchPage(s.hub, s.list, { ...s.variables, first, after: null });
      expectBadInput(body, 'first');
    });

    it.each([
      ['a string that is no cursor', 'not-a-cursor'],
      ['a cursor of another version', forgeCursor('v2:P0000001')],
      ['a cursor holding an operator', forgeCursor('v1:{"$gt":""}')],
      ['a cursor holding no id', forgeCursor('v1:')],
      ['an empty string', ''],
    ])('refuses %s as after with BAD_USER_INPUT naming after', async (_what, after) => {
      const s = subject();
      const { body } = await fetchPage(s.hub, s.list, { ...s.variables, first: 10, after });
      expectBadInput(body, 'after');
    });
  });
}

/** A cursor is bound to the list it came from: another list's cursor is refused. */
export async function expectForeignCursorRefused(s: PagingSubject): Promise<void> {
  const { body } = await fetchPage(s.hub, s.list, { ...s.variables, first: 10, after: await s.foreignCursor() });
  expectBadInput(body, 'after');
}

/** first: 0 on a non-empty list: no rows, and yet more rows follow the (empty) page. */
export async function expectFirstZeroHasNextPage(s: PagingSubject): Promise<void> {
  const { page } = await fetchPage(s.hub, s.list, { ...s.variables, first: 0, after: null });
  expect(page!.edges).toEqual([]);
  expect(page!.pageInfo.hasNextPage).toBe(true);
}
