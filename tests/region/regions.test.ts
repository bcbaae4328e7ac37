import { regionReference } from '../../src/reference/regions';
import { startTestHub, type TestHub } from '../helpers/hub';

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(() => hub.close());

const ALL = /* GraphQL */ `
  {
    kecamatans {
      code
      name
      desas {
        code
        name
        kind
        kecamatan {
          code
        }
      }
    }
  }
`;

describe('regions of Kabupaten Madiun', () => {
  it('lists 15 kecamatan holding 206 desa with their real codes and names', async () => {
    const { status, body } = await hub.post(ALL);
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const kecamatans = body.data.kecamatans as { code: string; name: string; desas: { code: string; name: string; kind: string; kecamatan: { code: string } }[] }[];
    expect(kecamatans).toHaveLength(15);
    const desas = kecamatans.flatMap((k) => k.desas);
    expect(desas).toHaveLength(206);
    const ref = regionReference();
    expect(kecamatans.map((k) => [k.code, k.name])).toEqual(ref.kecamatans.map((k) => [k.code, k.name]));
    expect(desas.map((d) => [d.code, d.name]).sort()).toEqual(ref.desas.map((d) => [d.code, d.name]).sort());
    for (const k of kecamatans) for (const d of k.desas) expect(d.kecamatan.code).toBe(k.code);
  });

  it('tells 198 desa from 8 kelurahan', async () => {
    const { body } = await hub.post(ALL);
    const kinds = (body.data.kecamatans as { desas: { kind: string }[] }[]).flatMap((k) => k.desas.map((d) => d.kind));
    expect(kinds.filter((k) => k === 'DESA')).toHaveLength(198);
    expect(kinds.filter((k) => k === 'KELURAHAN')).toHaveLength(8);
  });

  it('finds Kebonsari by its code, with its desa in code order', async () => {
    const { body } = await hub.post('{ kecamatan(code: "35.19.01") { code name desas { code } } }');
    expect(body.data.kecamatan.name).toBe('Kebonsari');
    const codes = body.data.kecamatan.desas.map((d: { code: string }) => d.code);
    expect(codes[0]).toBe('35.19.01.2001');
    expect([...codes].sort()).toEqual(codes);
  });

  it('finds a desa by code, with its kind and kecamatan', async () => {
    const { body } = await hub.post('{ desa(code: "35.19.01.2001") { code name kind kecamatan { name } } }');
    expect(body.data.desa).toEqual({ code: '35.19.01.2001', name: 'Tambakmas', kind: 'DESA', kecamatan: { name: 'Kebonsari' } });
  });

  it('finds a kelurahan with kind KELURAHAN', async () => {
    const kel = regionReference().desas.find((d) => d.kind === 'KELURAHAN')!;
    const { body } = await hub.post('query($c: String!) { desa(code: $c) { name kind } }', { c: kel.code });
    expect(body.data.desa).toEqual({ name: kel.name, kind: 'KELURAHAN' });
  });

  it('answers null for a well-formed code that no region has', async () => {
    const { body } = await hub.post('{ kecamatan(code: "35.19.99") { name } desa(code: "35.19.01.2999") { name } }');
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({ kecamatan: null, desa: null });
  });

  it.each([
    ['kecamatan', '35.19.1'],
    ['kecamatan', '35.20.01'],
    ['desa', '35.19.01.3001'],
    ['desa', '{"$gt": ""}'],
  ])('rejects the malformed %s code %s with BAD_USER_INPUT naming the argument', async (field, code) => {
    const { status, body } = await hub.post(`query($c: String!) { ${field}(code: $c) { name } }`, { c: code });
    expect(status).toBe(200);
    expect(body.data[field]).toBeNull();
    expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(body.errors[0].message).toContain(`"${code}" is not a ${field} code`);
  });

  it('loads the regions once: a second start changes nothing', async () => {
    const { ensureRegions } = await import('../../src/db/reference');
    await expect(ensureRegions()).resolves.toEqual({ kecamatans: 15, desas: 206 });
    const { body } = await hub.post(ALL);
    expect(body.data.kecamatans.flatMap((k: { desas: unknown[] }) => k.desas)).toHaveLength(206);
  });
});
