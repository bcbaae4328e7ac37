import { startTestHub, type TestHub } from '../helpers/hub';
import { UNPAGED_LIST_SIZES } from '../../src/server/limits';
import { startSchemaServer, type SchemaServer } from './support';

/** Limits small enough that the test queries stay short. */
const LIMITS = {
  SIMPUL_MAX_DEPTH: '4',
  SIMPUL_MAX_ALIASES: '3',
  SIMPUL_MAX_DIRECTIVES: '3',
  SIMPUL_MAX_TOKENS: '60',
  SIMPUL_MAX_COST: '1000',
  SIMPUL_MAX_PAGE_SIZE: '50',
};

const codeOf = (body: any): string | undefined => body?.errors?.[0]?.extensions?.code;

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub(LIMITS);
});
afterAll(() => hub.close());

describe('query shape limits on the regions schema', () => {
  it('answers a query within every limit', async () => {
    const { status, body } = await hub.post('{ kecamatans { desas { kecamatan { code } } } }');
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
  });

  it('refuses a query nested deeper than SIMPUL_MAX_DEPTH with 400 QUERY_TOO_DEEP', async () => {
    const { status, body } = await hub.post('{ kecamatans { desas { kecamatan { desas { code } } } } }');
    expect(status).toBe(400);
    expect(codeOf(body)).toBe('QUERY_TOO_DEEP');
    expect(body.errors[0].message).toBe('the operation nests 5 levels deep; the limit is 4');
  });

  it('counts depth through fragments', async () => {
    const q = `query Deep { kecamatans { ...K } }
      fragment K on Kecamatan { desas { ...D } }
      fragment D on Desa { kecamatan { desas { code } } }`;
    const { status, body } = await hub.post(q);
    expect(status).toBe(400);
    expect(body.errors[0]).toMatchObject({ message: 'operation Deep nests 5 levels deep; the limit is 4', extensions: { code: 'QUERY_TOO_DEEP' } });
  });

  it('refuses more aliases than SIMPUL_MAX_ALIASES, __typename included', async () => {
    const { status, body } = await hub.post('{ a: __typename b: __typename c: __typename d: __typename }');
    expect(status).toBe(400);
    expect(codeOf(body)).toBe('TOO_MANY_ALIASES');
    expect(body.errors[0].message).toBe('the operation uses 4 aliases; the limit is 3');
  });

  it('counts aliases inside fragments each time the fragment is spread', async () => {
    const q = '{ kecamatans { ...N } x: kecamatans { ...N } } fragment N on Kecamatan { a: name b: code }';
    const { status, body } = await hub.post(q);
    expect(status).toBe(400);
    expect(body.errors[0].message).toBe('the operation uses 5 aliases; the limit is 3');
  });

  it('refuses more directives than SIMPUL_MAX_DIRECTIVES', async () => {
    const q = '{ kecamatans @include(if: true) { code @include(if: true) name @skip(if: false) desas @include(if: true) { code } } }';
    const { status, body } = await hub.post(q);
    expect(status).toBe(400);
    expect(codeOf(body)).toBe('TOO_MANY_DIRECTIVES');
    expect(body.errors[0].message).toBe('the operation uses 4 directives; the limit is 3');
  });

  it('refuses a document longer than SIMPUL_MAX_TOKENS with 400 before validating it', async () => {
    const fields = Array.from({ length: 60 }, () => 'code').join(' ');
    const { status, body } = await hub.post(`{ kecamatans { ${fields} } }`);
    expect(status).toBe(400);
    expect(codeOf(body)).toBe('GRAPHQL_PARSE_FAILED');
    // graphql-js 16 spells it "more that"
    expect(body.errors[0].message).toMatch(/Document contains more tha[nt] 60 tokens/);
  });

  it('answers a malformed query with 400, not 500', async () => {
    const { status, body } = await hub.post('{ kecamatans { code ');
    expect(status).toBe(400);
    expect(codeOf(body)).toBe('GRAPHQL_PARSE_FAILED');
  });
});

describe('query cost of the unpaged region lists', () => {
  it('counts what hangs off every kecamatan and desa: a page per desa is refused before it runs', async () => {
    // households: 1 + 100 (page read) + totalCount (1 + 1000, a count); desas: 1 + 19 x 1102; kecamatans: 1 + 15 x 20939
    const { status, body } = await hub.post('{ kecamatans { desas { households(first: 5) { totalCount } } } }');
    expect(status).toBe(400);
    expect(body.errors[0].extensions).toMatchObject({ code: 'QUERY_TOO_COSTLY', actual: 314086 });
  });

  it('uses upper bounds the reference data keeps to', async () => {
    const { body } = await hub.post('{ kecamatans { code desas { code } } programmes { code } }');
    expect(body.errors).toBeUndefined();
    const { kecamatans, programmes } = body.data as { kecamatans: { desas: unknown[] }[]; programmes: unknown[] };
    expect(kecamatans.length).toBeLessThanOrEqual(UNPAGED_LIST_SIZES['Query.kecamatans']!);
    expect(Math.max(...kecamatans.map((k) => k.desas.length))).toBeLessThanOrEqual(UNPAGED_LIST_SIZES['Kecamatan.desas']!);
    expect(kecamatans.reduce((n, k) => n + k.desas.length, 0)).toBeLessThanOrEqual(UNPAGED_LIST_SIZES['Pilar.desas']!);
    expect(programmes.length).toBeLessThanOrEqual(UNPAGED_LIST_SIZES['Query.programmes']!);
  });
});

describe('query cost and page size, on any field with a `first` argument', () => {
  let server: SchemaServer;
  beforeAll(async () => {
    const item = (i: number) => ({ id: String(i) });
    server = await startSchemaServer(
      `type Query { items(first: Int = 10): [Item!]! page(first: Int): ItemPage! item: Item }
       type Item { id: ID! children(first: Int): [Item!]! }
       type ItemPage { nodes: [Item!]! total: Int! }`,
      {
        Query: {
          items: (_: unknown, a: { first: number }) => Array.from({ length: a.first }, (_x, i) => item(i)),
          page: (_: unknown, a: { first: number }) => ({ nodes: Array.from({ length: a.first ?? 1 }, (_x, i) => item(i)), total: 99 }),
          item: () => item(0),
        },
        Item: { children: (_: unknown, a: { first: number }) => Array.from({ length: a.first ?? 1 }, (_x, i) => item(i)) },
      },
      { ...LIMITS, SIMPUL_MAX_TOKENS: '2000', SIMPUL_MAX_COST: '5000' },
    );
  });
  afterAll(() => server.close());

  it('answers a query whose cost is within SIMPUL_MAX_COST', async () => {
    // each field 1, each page read 100: children 1 + 100 + 20 x 1 = 121; items 1 + 100 + 20 x (1 + 121) = 2541
    const { status, body } = await server.post('{ items(first: 20) { id children(first: 20) { id } } }');
    expect(status).toBe(200);
    expect(body.data.items).toHaveLength(20);
  });

  it('refuses a query whose nested pages multiply past SIMPUL_MAX_COST with 400 QUERY_TOO_COSTLY', async () => {
    // 1 + 100 + 50 x (1 + 1 + 100 + 50 x 1) = 7701
    const { status, body } = await server.post('{ items(first: 50) { id children(first: 50) { id } } }');
    expect(status).toBe(400);
    expect(body.errors[0]).toMatchObject({
      message: "the operation's estimated cost is 7701; the limit is 5000 (ask for smaller pages or fewer fields)",
      extensions: { code: 'QUERY_TOO_COSTLY' },
    });
    expect(body.data).toBeUndefined();
  });

  it('reads page sizes from variables', async () => {
    const q = 'query Q($n: Int) { items(first: $n) { children(first: $n) { id } } }';
    expect((await server.post(q, { n: 10 })).status).toBe(200);
    const big = await server.post(q, { n: 40 });
    expect(big.status).toBe(400);
    expect(big.body.errors[0].extensions.code).toBe('QUERY_TOO_COSTLY');
  });

  it("counts a page by the argument's default, and the largest page when there is none", async () => {
    // items defaults to 10: 1 + 100 + 10 x (1 + 100 + 50 x 1) = 1611; page has no default: 1 + 100 + 50 x (1 + 1 + 100 + 50 x 1) = 7701
    expect((await server.post('{ items { children { id } } }')).status).toBe(200);
    const { status, body } = await server.post('{ page { nodes { children { id } } } }');
    expect(status).toBe(400);
    expect(body.errors[0].extensions.code).toBe('QUERY_TOO_COSTLY');
  });

  it('counts the item lists of a connection-style field (an object with a `first` argument) once per item, the rest of it once', async () => {
    // 1 + 100 + nodes 30 x (1 + 1) + total 1 = 162; with children: 1 + 100 + 40 x (1 + 1 + (1 + 100 + 40 x 1)) + 1 = 5822
    expect((await server.post('{ page(first: 30) { nodes { id } total } }')).status).toBe(200);
    const { status, body } = await server.post('{ page(first: 40) { nodes { id children(first: 40) { id } } total } }');
    expect(status).toBe(400);
    expect(body.errors[0].extensions).toMatchObject({ code: 'QUERY_TOO_COSTLY', actual: 5822 });
  });

  it('refuses `first` above SIMPUL_MAX_PAGE_SIZE with 400 BAD_USER_INPUT naming the argument', async () => {
    const { status, body } = await server.post('{ items(first: 51) { id } }');
    expect(status).toBe(400);
    expect(body.errors[0]).toMatchObject({
      message: 'first: at most 50 items per page, asked for 51 (field Query.items)',
      extensions: { code: 'BAD_USER_INPUT', argument: 'first' },
    });
  });

  it('checks page sizes given in variables too', async () => {
    const { status, body } = await server.post('query Q($n: Int) { item { children(first: $n) { id } } }', { n: 500 });
    expect(status).toBe(400);
    expect(body.errors[0].message).toBe('first: at most 50 items per page, asked for 500 (field Item.children)');
  });

  it('stays fast on fragments spread into fragments (no exponential expansion)', async () => {
    const defs = Array.from({ length: 30 }, (_x, i) => `fragment F${i} on Item { ...F${i + 1} ...F${i + 1} }`).join(' ');
    const q = `{ item { ...F0 } } ${defs} fragment F30 on Item { id }`;
    const started = Date.now();
    const { status, body } = await server.post(q);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(status).toBe(400);
    expect(body.errors[0].extensions).toMatchObject({ code: 'QUERY_TOO_COSTLY', actual: 2 ** 30 + 1 });
  });
});
