import mongoose from 'mongoose';
import { startHub, type Hub } from '../../src/server/hub';
import { roleOf } from '../../src/server/telemetry';
import { testConfig } from '../helpers/config';
import { captureLog, devToken, postTo, type LogCapture } from './support';

const NIK = '3519014107900001';

let hub: Hub;
let logs: LogCapture;
let base: string;
const started: { commandName: string; command: Record<string, unknown> }[] = [];
beforeAll(async () => {
  logs = captureLog('info');
  hub = await startHub(testConfig({ LOG_LEVEL: 'info', SIMPUL_DB_MAX_TIME_MS: '4321' }), logs.log);
  base = `http://127.0.0.1:${hub.port}`;
  mongoose.connection.getClient().on('commandStarted', (e) => started.push(e as never));
});
afterAll(async () => {
  await mongoose.connection.dropDatabase().catch(() => undefined);
  await hub.close();
});

const metricValue = (text: string, series: string): number => {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : NaN;
};

describe('structured logs', () => {
  it('writes one JSON line per GraphQL request: request id, operation, duration, role, outcome', async () => {
    const q = 'query KecamatanName($code: String!) { kecamatan(code: $code) { name } }';
    const res = await postTo(base, q, { code: '35.19.01', nik: NIK });
    expect(res.body.data.kecamatan.name).toBe('Kebonsari');
    const requestId = res.headers.get('x-request-id');
    const line = await logs.line((l) => l.requestId === requestId && l.msg === 'graphql request');
    expect(line).toMatchObject({
      level: 30,
      service: 'simpul',
      method: 'POST',
      path: '/graphql',
      status: 200,
      operation: 'KecamatanName',
      operationType: 'query',
      role: expect.any(String),
      outcome: 'ok',
      errorCodes: [],
    });
    expect(line.durationMs).toEqual(expect.any(Number));
  });

  it('records the error codes of a failed request', async () => {
    const res = await postTo(base, 'query Bad { kecamatan(code: "x") { name } }');
    const line = await logs.line((l) => l.requestId === res.headers.get('x-request-id') && l.msg === 'graphql request');
    expect(line).toMatchObject({ operation: 'Bad', outcome: 'error', errorCodes: ['BAD_USER_INPUT'] });
  });

  it("logs the viewer's role from the token", async () => {
    const res = await postTo(base, 'query Mine { kecamatans { code } }', undefined, { authorization: `Bearer ${devToken({ sub: 'op-1', role: 'OPERATOR' })}` });
    expect(res.status).toBe(200);
    const line = await logs.line((l) => l.requestId === res.headers.get('x-request-id') && l.msg === 'graphql request');
    expect(line).toMatchObject({ operation: 'Mine', role: 'OPERATOR', outcome: 'ok' });
  });

  it('records the code of a request refused before it ran (a bad token: 401 UNAUTHENTICATED)', async () => {
    const res = await postTo(base, '{ kecamatans { code } }', undefined, { authorization: 'Bearer not-a-token' });
    expect(res.status).toBe(401);
    const line = await logs.line((l) => l.requestId === res.headers.get('x-request-id') && l.msg === 'graphql request');
    expect(line).toMatchObject({ status: 401, outcome: 'error', errorCodes: ['UNAUTHENTICATED'] });
  });

  it('never logs variables, query text or results', async () => {
    const res = await postTo(base, 'query Q($code: String!) { kecamatan(code: $code) { name } }', { code: '35.19.02', nik: NIK });
    await logs.line((l) => l.requestId === res.headers.get('x-request-id') && l.msg === 'graphql request');
    const text = logs.text();
    expect(text).not.toContain(NIK);
    expect(text).not.toContain('35.19.02');
    expect(text).not.toContain('Dolopo');
    expect(text).not.toContain('kecamatan(code');
  });
});

describe('the role in the log', () => {
  it("is the context viewer's role, or 'anonymous' when there is none", () => {
    expect(roleOf({ viewer: { role: 'PSM' } })).toBe('PSM');
    expect(roleOf({})).toBe('anonymous');
    expect(roleOf(undefined)).toBe('anonymous');
  });
});

describe('GET /metrics', () => {
  it('counts requests and latency by operation, errors by code, and database commands', async () => {
    for (let i = 0; i < 3; i += 1) await postTo(base, 'query Districts { kecamatans { code } }');
    await postTo(base, 'query Bad { kecamatan(code: "x") { name } }');
    await postTo(base, '{ nope }');
    await logs.line((l) => l.msg === 'graphql request' && l.operation === null && l.status === 400);
    const res = await fetch(`${base}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(metricValue(text, 'simpul_graphql_requests_total{operation="Districts",outcome="ok"}')).toBe(3);
    expect(metricValue(text, 'simpul_graphql_request_duration_seconds_count{operation="Districts"}')).toBe(3);
    expect(metricValue(text, 'simpul_graphql_requests_total{operation="(anonymous)",outcome="error"}')).toBeGreaterThanOrEqual(1);
    expect(metricValue(text, 'simpul_graphql_errors_total{code="BAD_USER_INPUT"}')).toBeGreaterThanOrEqual(1);
    expect(metricValue(text, 'simpul_graphql_errors_total{code="GRAPHQL_VALIDATION_FAILED"}')).toBe(1);
    expect(metricValue(text, 'simpul_db_commands_total{command="find",outcome="ok"}')).toBeGreaterThanOrEqual(3);
    expect(text).toMatch(/^simpul_db_command_duration_seconds_bucket\{le="0.005",command="find"\} \d+$/m);
    expect(metricValue(text, 'simpul_embedded_engine_up')).toBe(0); // this hub uses the run's engine through MONGODB_URI
    expect(text).toContain('simpul_process_resident_memory_bytes');
  });
});

describe('database reads', () => {
  it(`carry maxTimeMS from SIMPUL_DB_MAX_TIME_MS`, async () => {
    started.length = 0;
    await postTo(base, '{ kecamatans { desas { code } } }');
    const finds = started.filter((e) => e.commandName === 'find');
    expect(finds.length).toBeGreaterThanOrEqual(2);
    for (const f of finds) expect(f.command.maxTimeMS).toBe(4321);
  });
});
