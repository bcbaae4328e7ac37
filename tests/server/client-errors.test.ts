import mongoose from 'mongoose';
import { mintToken, type TokenClaims } from '../../src/auth/jwt';
import type { Config } from '../../src/config';
import { startHub, type Hub } from '../../src/server/hub';
import { testConfig } from '../helpers/config';
import { captureLog, postTo, type LogCapture, type Reply } from './support';

/*
 * What a client gets back when it asks for something wrong: a clear code, a
 * bounded message, no stack trace, and no error line in the hub's log. Run in
 * development, where the hub is most talkative.
 */

let hub: Hub;
let config: Config;
let logs: LogCapture;
let base: string;
beforeAll(async () => {
  logs = captureLog('info');
  config = testConfig({ NODE_ENV: 'development', LOG_LEVEL: 'info' });
  hub = await startHub(config, logs.log);
  base = `http://127.0.0.1:${hub.port}`;
});
afterAll(async () => {
  await mongoose.connection.dropDatabase().catch(() => undefined);
  await hub.close();
});

type Claims = Partial<TokenClaims> & Pick<TokenClaims, 'role'>;
const as = async (claims: Claims | null, query: string, variables?: Record<string, unknown>): Promise<Reply> => {
  const headers: Record<string, string> = claims ? { authorization: `Bearer ${await mintToken(config.jwt, { sub: 'client-errors', ...claims })}` } : {};
  return postTo(base, query, variables, headers);
};

/** The log lines of one request at warn level or above (pino: 40 warn, 50 error). */
const complaintsAbout = async (reply: Reply) => {
  const requestId = reply.headers.get('x-request-id');
  await logs.line((l) => l.requestId === requestId && l.msg === 'graphql request');
  return logs.lines.filter((l) => l.requestId === requestId && Number(l.level) >= 40);
};

describe('operations the schema does not offer', () => {
  // Mutations are the portals' workflows (schema/writes.graphql); subscriptions stay refused.
  it.each(['subscription'])('answers a %s with HTTP 400 OPERATION_NOT_SUPPORTED, and logs no error', async (type) => {
    const reply = await as({ role: 'ADMIN' }, `${type} Change { persons { totalCount } }`);
    expect(reply.status).toBe(400);
    expect(reply.body.data).toBeUndefined();
    expect(reply.body.errors).toHaveLength(1);
    expect(reply.body.errors[0]).toMatchObject({
      message: `this API offers no ${type} operations: it answers queries and the portals' mutations only`,
      extensions: { code: 'OPERATION_NOT_SUPPORTED' },
    });
    expect(reply.body.errors[0].extensions.stacktrace).toBeUndefined();
    expect(await complaintsAbout(reply)).toEqual([]);
  });

  it('answers the same to an anonymous caller, and still runs queries', async () => {
    expect((await as(null, 'subscription { x }')).body.errors[0].extensions.code).toBe('OPERATION_NOT_SUPPORTED');
    expect((await as(null, '{ kecamatan(code: "35.19.01") { name } }')).body).toEqual({ data: { kecamatan: { name: 'Kebonsari' } } });
  });
});

describe('expected denials are answers, not exceptions', () => {
  const cases: [string, Claims | null, string, string][] = [
    ['a field group the role may not read (KARANG_TARUNA, data quality)', { role: 'KARANG_TARUNA' }, '{ discrepancies(first: 1) { totalCount } }', 'FORBIDDEN'],
    ['the audit trail for an OPERATOR', { role: 'OPERATOR' }, '{ auditTrail(nik: "3519014107900001") { totalCount } }', 'FORBIDDEN'],
    ['personal data for an anonymous caller', null, '{ persons(first: 1) { totalCount } }', 'UNAUTHENTICATED'],
    ['a malformed argument from a PSM', { role: 'PSM' }, '{ kecamatan(code: "nope") { name } }', 'BAD_USER_INPUT'],
  ];
  it.each(cases)('%s: its code, no stacktrace even in development, no warning or error in the log', async (_what, claims, query, code) => {
    const reply = await as(claims, query);
    expect(reply.body.errors.length).toBeGreaterThan(0);
    for (const error of reply.body.errors) {
      expect(error.extensions.code).toBe(code);
      expect(error.extensions).not.toHaveProperty('stacktrace');
    }
    expect(await complaintsAbout(reply)).toEqual([]);
  });

  it('a refused credential (401 UNAUTHENTICATED) carries no stack either', async () => {
    const reply = await postTo(base, '{ kecamatans { code } }', undefined, { authorization: 'Bearer not-a-token' });
    expect(reply.status).toBe(401);
    expect(reply.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(reply.body.errors[0].extensions).not.toHaveProperty('stacktrace');
  });
});

describe('error messages repeat client input only in part', () => {
  const huge = 'x'.repeat(200_000);
  const sizeOf = (reply: Reply) => JSON.stringify(reply.body).length;

  it('cuts an argument echoed by every field that read it (15 aliases, one 200 kB variable)', async () => {
    const fields = Array.from({ length: 15 }, (_x, i) => `k${i}: kecamatan(code: $c) { name }`).join(' ');
    const reply = await as({ role: 'PSM' }, `query Q($c: String!) { ${fields} }`, { c: huge });
    expect(reply.body.errors).toHaveLength(15);
    for (const error of reply.body.errors) {
      expect(error.extensions.code).toBe('BAD_USER_INPUT');
      expect(error.message).toBe(`code: "${'x'.repeat(100)}…" is not a kecamatan code of Kabupaten Madiun (expected 35.19.NN, e.g. 35.19.01)`);
    }
    expect(sizeOf(reply)).toBeLessThan(15 * 1000);
  });

  it('cuts what graphql-js repeats: an unknown field, a bad enum value, a variable of the wrong type', async () => {
    const replies = await Promise.all([
      as(null, `{ ${huge} }`),
      as(null, `{ statistics(level: ${huge}) { persons } }`),
      as(null, 'query Q($n: Int) { persons(first: $n) { totalCount } }', { n: huge }),
      as(null, 'query Q($c: String!) { kecamatan(code: $c) { name } }', { c: { nested: huge } }),
    ]);
    for (const reply of replies) {
      expect(reply.status).toBe(400);
      expect(sizeOf(reply)).toBeLessThan(3000);
      for (const error of reply.body.errors) expect(error.message.length).toBeLessThanOrEqual(1001);
    }
    expect(replies[2]!.body.errors[0].message).toContain(`"${'x'.repeat(100)}…"`);
  });

  it('refuses names longer than 100 characters (aliases come back in every error path): 400 NAME_TOO_LONG', async () => {
    const alias = 'a'.repeat(101);
    const reply = await as({ role: 'KARANG_TARUNA' }, `{ ${alias}: discrepancies(first: 1) { totalCount } }`);
    expect(reply.status).toBe(400);
    expect(reply.body.errors[0]).toMatchObject({ message: `the name "${'a'.repeat(100)}…" is longer than 100 characters`, extensions: { code: 'NAME_TOO_LONG' } });
    const fine = await as({ role: 'KARANG_TARUNA' }, `{ ${'a'.repeat(100)}: discrepancies(first: 1) { totalCount } }`);
    expect(fine.body.errors[0].extensions.code).toBe('FORBIDDEN');
  });

  it('cuts a forged cursor echoed back', async () => {
    const reply = await as({ role: 'ADMIN' }, 'query Q($a: String) { persons(first: 1, after: $a) { totalCount } }', { a: huge });
    expect(reply.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'after' });
    expect(reply.body.errors[0].message.length).toBeLessThan(200);
  });
});
