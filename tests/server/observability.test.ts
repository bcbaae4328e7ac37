import perfHooks from 'node:perf_hooks';
import mongoose from 'mongoose';
import { createMetrics } from '../../src/server/metrics';
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
      operation: 'query:kecamatan',
      operationName: 'KecamatanName',
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
    expect(line).toMatchObject({ operation: 'query:kecamatan', operationName: 'Bad', outcome: 'error', errorCodes: ['BAD_USER_INPUT'] });
  });

  it("logs the viewer's role from the token", async () => {
    const res = await postTo(base, 'query Mine { kecamatans { code } }', undefined, { authorization: `Bearer ${devToken({ sub: 'op-1', role: 'OPERATOR' })}` });
    expect(res.status).toBe(200);
    const line = await logs.line((l) => l.requestId === res.headers.get('x-request-id') && l.msg === 'graphql request');
    expect(line).toMatchObject({ operation: 'query:kecamatans', operationName: 'Mine', role: 'OPERATOR', outcome: 'ok' });
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
  it('counts requests and latency by operation (type and root fields), errors by code, and database commands', async () => {
    for (let i = 0; i < 3; i += 1) await postTo(base, 'query Districts { kecamatans { code } }');
    await postTo(base, 'query Bad { kecamatan(code: "x") { name } }');
    await postTo(base, '{ nope }');
    await logs.line((l) => l.msg === 'graphql request' && l.operation === null && l.status === 400);
    const res = await fetch(`${base}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    expect(metricValue(text, 'simpul_graphql_requests_total{operation="query:kecamatans",outcome="ok"}')).toBeGreaterThanOrEqual(3);
    expect(metricValue(text, 'simpul_graphql_request_duration_seconds_count{operation="query:kecamatans"}')).toBeGreaterThanOrEqual(3);
    expect(metricValue(text, 'simpul_graphql_requests_total{operation="(unresolved)",outcome="error"}')).toBeGreaterThanOrEqual(1);
    expect(metricValue(text, 'simpul_graphql_errors_total{code="BAD_USER_INPUT"}')).toBeGreaterThanOrEqual(1);
    expect(metricValue(text, 'simpul_graphql_errors_total{code="GRAPHQL_VALIDATION_FAILED"}')).toBe(1);
    expect(metricValue(text, 'simpul_db_commands_total{command="find",outcome="ok"}')).toBeGreaterThanOrEqual(3);
    expect(text).toMatch(/^simpul_db_command_duration_seconds_bucket\{le="0.005",command="find"\} \d+$/m);
    expect(metricValue(text, 'simpul_embedded_engine_up')).toBe(0); // this hub uses the run's engine through MONGODB_URI
    expect(text).toContain('simpul_process_resident_memory_bytes');
  });

  it("gives every hub of a process the process's metrics, starting the process's collectors once, not per hub", async () => {
    // prom-client's event-loop monitor and GC observer are never stopped: one set per hub would outlive every closed hub.
    const monitors = jest.spyOn(perfHooks, 'monitorEventLoopDelay');
    try {
      const texts = await Promise.all([createMetrics(), createMetrics()].map((m) => m.registry.metrics()));
      for (const text of texts) {
        expect(text).toContain('simpul_process_resident_memory_bytes');
        expect(text).toMatch(/^simpul_nodejs_eventloop_lag_p99_seconds \d/m);
        expect(text).toContain('simpul_graphql_requests_total');
      }
      expect(monitors).not.toHaveBeenCalled(); // the hub of this file started the process's collectors
    } finally {
      monitors.mockRestore();
    }
  });
});

describe('operation names chosen by clients', () => {
  const NAMED_AFTER_A_NIK = 'Lookup_NIK_3519014107900001';

  it('never become metric labels: the label is the operation type and its root fields', async () => {
    for (let i = 0; i < 250; i += 1) await postTo(base, `query ${NAMED_AFTER_A_NIK}_${i} { kecamatan(code: "35.19.01") { name } }`);
    const text = await (await fetch(`${base}/metrics`)).text();
    expect(text).not.toContain('Lookup');
    expect(text).not.toContain('3519014107900001');
    expect(metricValue(text, 'simpul_graphql_requests_total{operation="query:kecamatan",outcome="ok"}')).toBeGreaterThanOrEqual(250);
    const labels = new Set([...text.matchAll(/^simpul_graphql_requests_total\{operation="([^"]*)"/gm)].map((m) => m[1]));
    expect([...labels].every((l) => /^(query:[a-z,]+|\(unresolved\))$/.test(l!))).toBe(true);
  });

  it('reach the log cut to 64 characters with their numbers masked', async () => {
    const res = await postTo(base, `query ${NAMED_AFTER_A_NIK}_born_19900701_${'x'.repeat(50)} { kecamatans { code } }`);
    const line = await logs.line((l) => l.requestId === res.headers.get('x-request-id') && l.msg === 'graphql request');
    expect(line.operation).toBe('query:kecamatans');
    expect(line.operationName).toBe(`Lookup_NIK_#_born_#_${'x'.repeat(64 - 'Lookup_NIK_#_born_#_'.length)}…`);
    expect(logs.text()).not.toContain('3519014107900001');
    expect(logs.text()).not.toContain('19900701');
  });

  it('leave /metrics answering and small after 40 requests named with a megabyte each', async () => {
    const name = 'N'.repeat(1_000_000 - 100);
    for (let i = 0; i < 40; i += 1) await postTo(base, `query ${name}${i} { kecamatans { code } }`);
    const res = await fetch(`${base}/metrics`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text.length).toBeLessThan(200_000);
    expect(text).not.toContain('NNNN');
    expect(logs.text()).not.toContain('NNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNN');
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
