import { startSchemaServer, type SchemaServer } from './support';

/*
 * Apollo's cache-control plugin ran a hook on every resolved field (issue 12: a nested page resolves thousands) to
 * compute a policy that was always no-store: the schema has no cache hints. The header stays, the hook is gone.
 */

describe('cache-control on GraphQL answers', () => {
  let server: SchemaServer;
  beforeAll(async () => {
    server = await startSchemaServer('type Query { hooked: Boolean }', {
      Query: { hooked: (_p: unknown, _a: unknown, _c: unknown, info: any) => info.cacheControl !== undefined },
    });
  });
  afterAll(() => server.close());

  it('answers cache-control: no-store, and runs no cache-control hook on each resolved field', async () => {
    const res = await fetch(`${server.base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ hooked }' }) });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toEqual({ data: { hooked: false } });
  });

  it('answers no-store on a refused document too', async () => {
    const res = await fetch(`${server.base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ nope }' }) });
    expect(res.status).toBe(400);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });
});
