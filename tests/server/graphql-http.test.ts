import { auditServer, type AuditResult } from 'graphql-http';
import { startTestHub, type TestHub } from '../helpers/hub';

let hub: TestHub;
let results: AuditResult[];
beforeAll(async () => {
  hub = await startTestHub({ NODE_ENV: 'development' });
  results = await auditServer({ url: `http://127.0.0.1:${hub.port}/graphql` });
});
afterAll(() => hub.close());

const describeFailure = (r: AuditResult) => (r.status === 'ok' ? r.name : `${r.name}: ${r.reason}`);

describe('GraphQL over HTTP (graphql-http audit suite)', () => {
  it('passes every MUST audit', () => {
    const must = results.filter((r) => r.name.startsWith('MUST'));
    expect(must.length).toBeGreaterThan(10);
    const failing = must.filter((r) => r.status !== 'ok').map(describeFailure);
    expect({ failing }).toEqual({ failing: [] });
  });

  it('reports how it does on the SHOULD audits (informational)', () => {
    const should = results.filter((r) => r.name.startsWith('SHOULD'));
    const failing = should.filter((r) => r.status !== 'ok').map(describeFailure);
    // Not a requirement: printed so a change shows up in the test output.
    if (failing.length > 0) console.info(`graphql-http SHOULD audits not met (${failing.length}/${should.length}):\n${failing.join('\n')}`);
    expect(should.length).toBeGreaterThan(0);
  });
});
