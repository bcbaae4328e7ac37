import { prefersHtml } from '../../src/server/ide';
import { startSchemaServer, type SchemaServer } from './support';

const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';

describe('which requests get the IDE', () => {
  it('gives HTML to browsers and GraphQL to every GraphQL client', () => {
    expect(prefersHtml(BROWSER_ACCEPT)).toBe(true);
    expect(prefersHtml('application/graphql-response+json, application/json;q=0.9')).toBe(false);
    expect(prefersHtml('application/json')).toBe(false);
    expect(prefersHtml('*/*')).toBe(false);
    expect(prefersHtml(undefined)).toBe(false);
    expect(prefersHtml('text/html;q=0.5, application/json')).toBe(false);
  });
});

describe('the IDE in development', () => {
  let server: SchemaServer;
  beforeAll(async () => {
    server = await startSchemaServer('type Query { ok: Boolean! }', { Query: { ok: () => true } }, { NODE_ENV: 'development' });
  });
  afterAll(() => server.close());

  it('is served at GET /graphql to browsers, with a policy that allows loading only from the hub', async () => {
    const res = await fetch(`${server.base}/graphql`, { headers: { accept: BROWSER_ACCEPT } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'; script-src 'self';.*connect-src 'self'/);
    const html = await res.text();
    expect(html).toContain('<script src="ide/graphiql.min.js"></script>');
    expect(html).not.toMatch(/https?:\/\//);
  });

  it('serves its files from the npm packages', async () => {
    for (const [file, type] of [
      ['graphiql.min.js', 'text/javascript'],
      ['graphiql.min.css', 'text/css'],
      ['react.production.min.js', 'text/javascript'],
      ['react-dom.production.min.js', 'text/javascript'],
      ['start.js', 'text/javascript'],
    ]) {
      const res = await fetch(`${server.base}/ide/${file}`);
      expect([file, res.status, res.headers.get('content-type')]).toEqual([file, 200, `${type}; charset=utf-8`]);
      expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(100);
    }
    expect((await fetch(`${server.base}/ide/../package.json`)).status).toBe(404);
    expect((await fetch(`${server.base}/ide/constructor`)).status).toBe(404);
  });

  it('leaves GET queries to GraphQL', async () => {
    const res = await fetch(`${server.base}/graphql?query=${encodeURIComponent('{ ok }')}`, {
      headers: { accept: 'application/graphql-response+json', 'apollo-require-preflight': 'true' },
    });
    expect(await res.json()).toEqual({ data: { ok: true } });
  });
});
