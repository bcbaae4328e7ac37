import mongoose from 'mongoose';
import { scenarioRegency } from '../helpers/regency';
import { useRegencyHub } from '../helpers/useHub';
import { NESTED } from './nested-query';

/*
 * The loaders of persons and households read only the stored fields the query can need (src/loaders/projection.ts):
 * the nested page shows ids of most of its people and families, so their whole rows were read, sent and decoded for
 * nothing. What any role sees does not change: the same answer, masks and errors as with whole rows.
 */

const regency = scenarioRegency('small');
const hub = useRegencyHub('small');

/** The nested page with NIK and KK numbers (masked for some roles) and names. */
const WITH_NUMBERS = NESTED.replace('head {\n            id', 'kkNumber\n          head {\n            id\n            fullName\n            nik').replace(
  /person \{\n(\s+)id/,
  'person {\n$1id\n$1nik',
);
/** The same with a field the projection does not know (Person.maritalStatus): whole rows. */
const WHOLE = WITH_NUMBERS.replace('head {\n            id', 'head {\n            id\n            maritalStatus').replace(/person \{\n(\s+)id/, 'person {\n$1id\n$1maritalStatus');

interface Find {
  collection: string;
  projection: Record<string, unknown> | undefined;
}

/** Posts one request as `claims` and records the finds the loaders send meanwhile. */
async function finds(claims: Parameters<typeof hub.postAs>[0], query: string): Promise<{ body: any; finds: Find[] }> {
  const client = mongoose.connection.getClient();
  const seen: Find[] = [];
  const listener = (e: { commandName: string; command: Record<string, any> }) => {
    // The loaders' reads: no limit (a page's read has one).
    const batched = e.command.limit === undefined;
    if (e.commandName === 'find' && batched) seen.push({ collection: String(e.command.find), projection: e.command.projection as Record<string, unknown> | undefined });
  };
  client.on('commandStarted', listener);
  try {
    const { body } = await hub.postAs(claims, query, { first: 100 });
    return { body, finds: seen };
  } finally {
    client.off('commandStarted', listener);
  }
}

/** A body without these keys, wherever they are. */
const without = (v: unknown, ...keys: string[]): unknown =>
  Array.isArray(v)
    ? v.map((x) => without(x, ...keys))
    : v && typeof v === 'object'
      ? Object.fromEntries(
          Object.entries(v)
            .filter(([k]) => !keys.includes(k))
            .map(([k, x]) => [k, without(x, ...keys)]),
        )
      : v;

const of = (fs: Find[], collection: string) => fs.filter((f) => f.collection === collection);

describe('rows the nested page reads', () => {
  it('reads members, participants and their families with only the stored fields the query reads from them', async () => {
    const { body, finds: fs } = await finds({ role: 'ADMIN' }, NESTED);
    expect(body.errors).toBeUndefined();
    expect(of(fs, 'persons').length).toBeGreaterThan(0);
    for (const f of of(fs, 'persons')) expect(f.projection).toEqual({ _id: 1, householdId: 1 });
    expect(of(fs, 'households').length).toBeGreaterThan(0);
    for (const f of of(fs, 'households')) expect(f.projection).toEqual({ _id: 1, headId: 1, desaCode: 1 });
  });

  it('reads whole rows when the query has a field the projection does not know', async () => {
    const { body, finds: fs } = await finds({ role: 'ADMIN' }, WHOLE);
    expect(body.errors).toBeUndefined();
    for (const f of [...of(fs, 'persons'), ...of(fs, 'households')]) expect(f.projection).toBeUndefined();
  });

  const kecamatan = regency.households[0]!.kecamatanCode;
  const desa = regency.households[0]!.desaCode;
  it.each([
    ['ADMIN', { role: 'ADMIN' as const }],
    ['TKSK of one kecamatan (numbers masked)', { role: 'TKSK' as const, kecamatan: [kecamatan] }],
    ['PSM of one desa (numbers masked, programme flags only)', { role: 'PSM' as const, desa: [desa] }],
  ])('answers as %s exactly as with whole rows: the same rows, masked numbers and errors', async (_who, claims) => {
    const projected = await finds(claims, WITH_NUMBERS);
    const whole = await finds(claims, WHOLE);
    expect(of(projected.finds, 'persons').length).toBeGreaterThan(0);
    expect(of(projected.finds, 'persons').every((f) => f.projection !== undefined)).toBe(true);
    expect(projected.body.data.households.edges.length).toBeGreaterThan(0);
    // Two documents, two requests: only the request ids and the errors' line numbers may differ.
    expect(without(projected.body, 'requestId', 'locations')).toEqual(without(whole.body, 'maritalStatus', 'requestId', 'locations'));
  });
});
