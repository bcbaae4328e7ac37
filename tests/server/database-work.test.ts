import mongoose from 'mongoose';
import { mintToken, type TokenClaims } from '../../src/auth/jwt';
import { ConfigError, loadConfig } from '../../src/config';
import { contextFactory } from '../../src/server/context';
import { buildSchema } from '../../src/server/schema';
import { testConfig } from '../helpers/config';
import { postTo, sleep, startSchemaServer, type SchemaServer } from './support';
import { useRegencyHub } from '../helpers/useHub';

/*
 * Database work is priced before it runs, and stopped when nobody waits for
 * it. Two fronts on one database: `hub` lets any cost through (so that slow
 * work can be cut) with a 2.5 s deadline (as short as the other requests of this file allow on a busy machine: the work cut at it burns CPU until then) and pages of up to 150; `front` has
 * the default limits (cost 10000, pages of 100); `quick` lets any cost through like `hub`, with a 1 s deadline, for
 * the slow work meant to be cut at the deadline (cut there, it burns 1.5 s less CPU in this process and in the engine).
 */

const READS = new Set(['find', 'count', 'aggregate', 'getMore']);
/** Reads the database finished, and when: work still running after its request ended shows up here. */
const finished: { name: string; at: number }[] = [];
const finishedSince = (at: number) => finished.filter((r) => r.at >= at).length;
/** Reads sent to the database, and when: the hub stopping its work means it sends no more. */
const started: { name: string; at: number }[] = [];
const startedSince = (at: number) => started.filter((r) => r.at >= at).length;

let front: SchemaServer;
const frontConfig = testConfig();
let quick: SchemaServer;
const QUICK_ENV = { SIMPUL_MAX_COST: '100000000', SIMPUL_REQUEST_TIMEOUT_MS: '1000' };
// It only reads: the run's shared small regency, read-only (tests/helpers/fixtures.ts).
const hub = useRegencyHub('small', {
  env: { SIMPUL_MAX_COST: '100000000', SIMPUL_REQUEST_TIMEOUT_MS: '2500', SIMPUL_MAX_PAGE_SIZE: '150' },
  then: async () => {
    const schema = buildSchema();
    front = await startSchemaServer(schema, {}, {}, contextFactory(frontConfig));
    quick = await startSchemaServer(schema, {}, QUICK_ENV, contextFactory(testConfig(QUICK_ENV)));
    mongoose.connection.getClient().on('commandSucceeded', (e) => {
      if (READS.has(e.commandName)) finished.push({ name: e.commandName, at: Date.now() });
    });
    mongoose.connection.getClient().on('commandStarted', (e) => {
      if (READS.has(e.commandName)) started.push({ name: e.commandName, at: Date.now() });
    });
  },
  cleanup: async () => {
    await front?.close();
    await quick?.close();
  },
});

type Claims = Partial<TokenClaims> & Pick<TokenClaims, 'role'>;
const onFront = async (claims: Claims | null, query: string) =>
  postTo(front.base, query, undefined, claims ? { authorization: `Bearer ${await mintToken(frontConfig.jwt, { sub: 'work', ...claims })}` } : {});

const EVERY_DESA_COUNT = '{ kecamatans { desas { households(first: 0) { totalCount } } } }';
/**
 * Work that outlasts the 2.5 s deadline on any engine: a page and a count under every desa, 15 times over (3,090 counts).
 * On an engine whose counts are index lookups, one round of 206 counts ends well within the deadline.
 */
const SLOW_WORK = `{ ${Array.from({ length: 15 }, (_x, i) => `r${i}: kecamatans { desas { households(first: ${i}) { totalCount edges { node { id } } } } }`).join(' ')} }`;

describe('the cost limit prices database work (default SIMPUL_MAX_COST)', () => {
  it('refuses a count under every desa before any count runs: a page read and a count for each of up to 285 desa', async () => {
    const started = Date.now();
    const { status, body } = await onFront({ role: 'TKSK', kecamatan: ['35.19.01'] }, EVERY_DESA_COUNT);
    expect(status).toBe(400);
    // households: 1 + 100 (page read) + totalCount 1 + 1000 (count); desas: 1 + 19 x 1102; kecamatans: 1 + 15 x 20939
    expect(body.errors[0].extensions).toMatchObject({ code: 'QUERY_TOO_COSTLY', limit: 10000, actual: 314086 });
    expect(finished.filter((r) => r.at >= started && r.name === 'count')).toEqual([]);
  });

  it('refuses 15 aliased counts (15 x 1102), and answers one', async () => {
    const aliased = Array.from({ length: 15 }, (_x, i) => `c${i}: persons(first: 0) { totalCount }`).join(' ');
    const refused = await onFront({ role: 'OPERATOR' }, `{ ${aliased} }`);
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0].extensions).toMatchObject({ code: 'QUERY_TOO_COSTLY', actual: 16530 });
    const one = await onFront({ role: 'OPERATOR' }, '{ persons(first: 0) { totalCount } }');
    expect(one.body).toEqual({ data: { persons: { totalCount: expect.any(Number) } } });
  });

  it('prices statistics as three aggregations: four at once are refused, one is answered to anyone', async () => {
    const aliased = Array.from({ length: 4 }, (_x, i) => `s${i}: statistics(level: DESA) { persons }`).join(' ');
    const refused = await onFront(null, `{ ${aliased} }`);
    expect(refused.status).toBe(400);
    // each: 1 + 3 x 1000 + 206 cells x 1
    expect(refused.body.errors[0].extensions).toMatchObject({ code: 'QUERY_TOO_COSTLY', actual: 4 * 3207 });
    const one = await onFront(null, '{ statistics(level: DESA) { persons } }');
    expect(one.status).toBe(200);
    expect(one.body.errors).toBeUndefined();
  });

  it('still answers a full page with its total, and a page of households for each desa of one kecamatan', async () => {
    const page = await onFront({ role: 'ADMIN' }, '{ persons(first: 100) { totalCount pageInfo { hasNextPage } edges { cursor node { id fullName sex birthDate } } } }');
    expect(page.body.errors).toBeUndefined();
    expect(page.body.data.persons.edges).toHaveLength(100);
    const perDesa = await onFront({ role: 'PSM', desa: ['35.19.01.2001'] }, '{ kecamatan(code: "35.19.01") { desas { code households(first: 3) { edges { node { id } } } } } }');
    expect(perDesa.body.errors).toBeUndefined();
  });
});

describe('database work stops when nobody waits for the answer', () => {
  /**
   * No read is sent once the answer is gone (reads already at the database may still come back: a busy machine may
   * take longer than the grace to answer them), nothing is left running after that, and the database answers the
   * next request at once.
   */
  async function expectIdleAfter(ended: number): Promise<void> {
    await sleep(1500);
    expect(startedSince(ended + 200)).toBe(0);
    expect(finishedSince(Date.now() - 500)).toBe(0);
    const started = Date.now();
    expect((await hub.post('{ kecamatan(code: "35.19.02") { name } }')).body).toEqual({ data: { kecamatan: { name: 'Dolopo' } } });
    expect(Date.now() - started).toBeLessThan(1000);
  }

  /** Waits until the request's database work is under way (on a busy machine the hub may read the request late). */
  async function workUnderWay(sent: number): Promise<void> {
    const giveUp = Date.now() + 15_000;
    while (startedSince(sent) === 0) {
      if (Date.now() > giveUp) throw new Error('the hub sent no read within 15 s of the request');
      await sleep(20);
    }
    await sleep(200);
  }

  /** Requests the hub has recorded as abandoned by their client, from its `/metrics`. */
  async function requestsAborted(): Promise<number> {
    // Once more on a reset: the kept-alive connection may have reached the hub's idle timeout while this process was held.
    const get = () => fetch(`http://127.0.0.1:${hub.port}/metrics`).then((r) => r.text());
    const text = await get().catch(get);
    return [...text.matchAll(/^simpul_graphql_requests_total\{[^}]*outcome="aborted"[^}]*\} (\d+)/gm)].reduce((n, m) => n + Number(m[1]), 0);
  }

  /** When the hub had recorded one more aborted request than `before`, at the latest. */
  async function hubSawAbort(before: number): Promise<number> {
    const giveUp = Date.now() + 15_000;
    for (;;) {
      const n = await requestsAborted();
      const answered = Date.now();
      if (n > before) return answered;
      if (answered > giveUp) throw new Error('the hub did not record the abandoned request as aborted within 15 s');
      await sleep(50);
    }
  }

  /**
   * Sends the slow work as a PSM and goes away once its reads are under way; returns the hub's count of aborted requests
   * from before.
   */
  async function leaveMidway(): Promise<number> {
    const aborted = await requestsAborted();
    const leaving = new AbortController();
    const sent = Date.now();
    const request = fetch(`http://127.0.0.1:${hub.port}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await hub.token({ role: 'PSM', desa: ['35.19.01.2001'] })}` },
      body: JSON.stringify({ query: SLOW_WORK }),
      signal: leaving.signal,
    });
    await workUnderWay(sent);
    leaving.abort();
    await expect(request).rejects.toThrow();
    return aborted;
  }

  it('stops at the request deadline: 504, and the abandoned counts stop', async () => {
    const before = finished.length;
    const authorization = `Bearer ${await hub.token({ role: 'ADMIN' })}`;
    const sent = Date.now();
    const { status, body } = await quick.post(SLOW_WORK, undefined, { authorization });
    expect(status).toBe(504);
    expect(body.errors[0].extensions.code).toBe('REQUEST_TIMEOUT');
    // The work was under way when the deadline cut it (so what follows shows it stopped, not that it never began).
    expect(startedSince(sent)).toBeGreaterThan(0);
    await expectIdleAfter(Date.now());
    expect(finished.slice(before).filter((r) => r.name === 'count' || r.name === 'aggregate').length).toBeLessThan(15 * 206);
  });

  it('stops when the client goes away', async () => {
    const aborted = await leaveMidway();
    // A busy machine may take a while to tell the hub that the socket closed: the hub's own count of aborted requests
    // says when it knew, and from then on it sends no read.
    await expectIdleAfter(await hubSawAbort(aborted));
  });

  it('counts a client that left before the deadline as gone, even when the hub is too busy to notice before the deadline passes', async () => {
    const sent = Date.now();
    const aborted = await leaveMidway();
    // The hub runs in this process: hold its event loop past the 2.5 s deadline, so the deadline's timer and the closed
    // socket are both waiting when it is free again. The hub set the deadline when the request arrived, before its first
    // read: holding until 200 ms past 2.5 s after that read is past it (and holds the CPU no longer than that).
    const until = started.find((r) => r.at >= sent)!.at + 2500 + 200;
    while (Date.now() < until);
    await hubSawAbort(aborted);
    await expectIdleAfter(Date.now());
  });
});

describe('SIMPUL_MAX_PAGE_SIZE above 100', () => {
  const LISTS = [
    '{ persons(first: 150) { edges { node { id } } } }',
    '{ households(first: 150) { edges { node { id } } } }',
    '{ enrollments(first: 150) { edges { node { id } } } }',
    '{ trainings(first: 150) { edges { node { id } } } }',
    '{ pilars(first: 150) { edges { node { id } } } }',
    '{ discrepancies(first: 150) { edges { node { id } } } }',
    '{ importRuns(first: 150) { edges { node { id } } } }',
    '{ desa(code: "35.19.01.2001") { households(first: 150) { edges { node { id } } } } }',
    '{ programme(code: PKH) { enrollments(first: 150) { edges { node { id } } } } }',
  ];

  it.each(LISTS)('is honoured by every paged list: %s', async (query) => {
    const { status, body } = await hub.post(query);
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
  });

  it('gives a full page of 150 to a scoped role too', async () => {
    const { body } = await hub.postAs(
      { role: 'TKSK', kecamatan: ['35.19.01', '35.19.02', '35.19.03', '35.19.04', '35.19.05'] },
      '{ persons(first: 150) { edges { node { id } } } }',
    );
    expect(body.errors).toBeUndefined();
    expect(body.data.persons.edges).toHaveLength(150);
  });

  it('refuses one more with 400 BAD_USER_INPUT naming first, as the default 100 is on a hub left at the default', async () => {
    const over = await hub.post('{ persons(first: 151) { totalCount } }');
    expect(over.status).toBe(400);
    expect(over.body.errors[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argument: 'first' } });
    expect(over.body.errors[0].message).toContain('at most 150');
    const atDefault = await onFront({ role: 'ADMIN' }, '{ persons(first: 101) { totalCount } }');
    expect(atDefault.status).toBe(400);
    expect(atDefault.body.errors[0].message).toContain('at most 100');
  });

  it('is refused at start above 1000, naming the variable', () => {
    expect(() => loadConfig({ SIMPUL_MAX_PAGE_SIZE: '1001' })).toThrow(ConfigError);
    expect(() => loadConfig({ SIMPUL_MAX_PAGE_SIZE: '1001' })).toThrow(/SIMPUL_MAX_PAGE_SIZE/);
    expect(loadConfig({ SIMPUL_MAX_PAGE_SIZE: '1000' }).limits.maxPageSize).toBe(1000);
  });
});
