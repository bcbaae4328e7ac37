import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { createApiKey } from '../../src/auth/apiKeys';
import { discrepancyValuesDecision } from '../../src/auth/decide';
import { ROLES, ROW_SCOPE, type Role } from '../../src/auth/matrix';
import { rowFilter, withScope } from '../../src/auth/scope';
import type { Area, PartnerGrant, Viewer } from '../../src/auth/viewer';
import { Discrepancy, type DiscrepancyDoc } from '../../src/db/models/discrepancy';
import { Household, type HouseholdDoc } from '../../src/db/models/household';
import { Person, type PersonDoc } from '../../src/db/models/person';
import { encodeDate } from '../../src/identifiers/shared';
import { importFile } from '../../src/integration/runner';
import { OUT_OF_SCOPE } from '../../src/auth/discrepancyValues';
import { errorsByPath, mask } from './fixture';
import { useImportedSmallHub } from '../integration/helpers';

/*
 * A discrepancy is a fact about its subject: it exists for a viewer exactly when the person or family
 * it is about does (lists, lookups, counts, nested paths), when the viewer may know what its kind and
 * aspect imply, and the numbers in it are masked so that nothing the viewer reads rebuilds them.
 */

const byId = <T extends { _id: string }>(a: T, b: T) => (a._id < b._id ? -1 : 1);
const ids = (xs: { _id: string }[]) => xs.map((x) => x._id).sort();
const isPkh = (aid: readonly string[]) => aid.some((t) => t.startsWith('PKH:'));

describe('the row scope of discrepancies', () => {
  let all: DiscrepancyDoc[];
  let persons: Map<string, PersonDoc>;
  let households: Map<string, HouseholdDoc>;

  const subjectAid = (d: DiscrepancyDoc) => (d.subjectType === 'PERSON' ? persons.get(d.personId!)!.aid : households.get(d.householdId!)!.aid);

  const setup = useImportedSmallHub('dq-scope', async () => {
    all = (await Discrepancy.find({}).lean<DiscrepancyDoc[]>()).sort(byId);
    persons = new Map((await Person.find({}).lean<PersonDoc[]>()).map((p) => [p._id, p]));
    households = new Map((await Household.find({}).lean<HouseholdDoc[]>()).map((h) => [h._id, h]));
  });
  const { hub } = setup;

  describe('a PENDAMPING_PKH', () => {
    /** A desa with discrepancies about PKH families and about others. */
    const pkhDesa = () => {
      const desa = [...new Set(all.map((d) => d.desaCode))].find((c) => {
        const here = all.filter((d) => d.desaCode === c);
        return here.some((d) => isPkh(subjectAid(d))) && here.some((d) => !isPkh(subjectAid(d)));
      });
      if (!desa) throw new Error('the small regency has no desa with discrepancies of PKH and other families');
      return desa;
    };
    const as = (desa: string, query: string, variables?: Record<string, unknown>) => hub.postAs({ role: 'PENDAMPING_PKH', desa: [desa] }, query, variables);

    it('lists and counts only the discrepancies about the PKH families of its desa', async () => {
      const desa = pkhDesa();
      const { body } = await as(desa, '{ discrepancies(first: 100) { totalCount edges { node { id person { id } household { id } } } } }');
      expect(body.errors).toBeUndefined();
      const expected = all.filter((d) => d.desaCode === desa && isPkh(subjectAid(d)));
      expect(body.data.discrepancies.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual(expected.map((d) => d._id));
      expect(body.data.discrepancies.totalCount).toBe(expected.length);
      // Every listed discrepancy's subject is one the companion sees.
      for (const { node } of body.data.discrepancies.edges) expect(node.household ?? node.person).not.toBeNull();
    });

    it('does not find, by id, a discrepancy about a family outside its population, and its values stay unread', async () => {
      const desa = pkhDesa();
      const outside = all.find((d) => d.desaCode === desa && !isPkh(subjectAid(d)))!;
      const { body } = await as(desa, 'query($id: ID!) { discrepancy(id: $id) { id values { value } } }', { id: outside._id });
      expect(body).toEqual({ data: { discrepancy: null } });
    });

    it('reaches through people and families only the discrepancies about people and families it sees', async () => {
      const desa = pkhDesa();
      const { body } = await as(desa, '{ persons(first: 100) { edges { node { id discrepancies { id } household { id discrepancies(includeMembers: true) { id } } } } } }');
      expect(body.errors).toBeUndefined();
      const visible = new Set(all.filter((d) => d.desaCode === desa && isPkh(subjectAid(d))).map((d) => d._id));
      for (const { node } of body.data.persons.edges) {
        const about = all.filter((d) => (d.subjectType === 'PERSON' && d.personId === node.id) || d.relatedPersonIds.includes(node.id));
        expect([node.id, node.discrepancies.map((d: { id: string }) => d.id)]).toEqual([node.id, about.filter((d) => visible.has(d._id)).map((d) => d._id)]);
        for (const d of node.household.discrepancies) expect(visible.has(d.id)).toBe(true);
      }
    });
  });

  it('is, for every role and a partner, exactly the discrepancies whose subject the viewer sees, of the kinds it may know of', async () => {
    const now = new Date();
    // A place with discrepancies about PKH families, so that every population has rows to show.
    const sample = persons.get(all.find((d) => d.subjectType === 'PERSON' && isPkh(subjectAid(d)))!.personId!)!;
    const area: Area = { kecamatanCodes: [sample.kecamatanCode], desaCodes: [] };
    const desaArea: Area = { kecamatanCodes: [], desaCodes: [sample.desaCode] };
    const viewerOf = (role: Role, partner: PartnerGrant | null = null): Viewer => {
      const scope = ROW_SCOPE[role];
      const a = scope.kind === 'AREA' && scope.area === 'DESA' ? desaArea : area;
      return { subject: 'user:t', role, pilarId: null, area: a, scope, partner, purpose: null, purposeDetail: null };
    };
    const partner: PartnerGrant = {
      keyId: 'ak_0000000000000000',
      name: 'p',
      purpose: 'p',
      fields: new Map([
        ['Person.nik', 'mask'],
        ['Person.fullName', 'allow'],
        ['Person.sex', 'allow'],
      ] as const),
      wholeKabupaten: false,
    };
    const read = async <T extends { _id: string }>(model: mongoose.Model<any>, filter: Record<string, unknown> | null): Promise<T[]> =>
      filter ? ((await model.find(filter).lean()) as unknown as T[]) : [];
    for (const v of [...ROLES.map((r) => viewerOf(r)), viewerOf('PARTNER', partner)]) {
      const seenPersons = new Set(ids(await read<PersonDoc>(Person, withScope({}, rowFilter(v, 'persons', now)))));
      const seenHouseholds = new Set(ids(await read<HouseholdDoc>(Household, withScope({}, rowFilter(v, 'households', now)))));
      const expected = all.filter(
        (d) => (d.subjectType === 'PERSON' ? seenPersons.has(d.personId!) : seenHouseholds.has(d.householdId!)) && discrepancyValuesDecision(v, d.kind, d.aspect) !== 'deny',
      );
      const actual = await read<DiscrepancyDoc>(Discrepancy, rowFilter(v, 'discrepancies', now));
      expect([v.role, ids(actual)]).toEqual([v.role, ids(expected)]);
      if (v.role === 'PENDAMPING_PKH' || v.role === 'TKSK') expect([v.role, expected.length > 0]).toEqual([v.role, true]);
    }
  });

  it('a TKSK and a FASILITATOR_SLRT list and count the discrepancies of their kecamatan, each kind they may know of', async () => {
    const kec = all[0]!.kecamatanCode;
    for (const role of ['TKSK', 'FASILITATOR_SLRT'] as const) {
      const { body } = await hub.postAs({ role, kecamatan: [kec] }, '{ discrepancies(first: 100) { totalCount edges { node { id } } } }');
      expect(body.errors).toBeUndefined();
      const v = { role, scope: ROW_SCOPE[role], partner: null } as unknown as Viewer;
      const expected = all.filter((d) => d.kecamatanCode === kec && discrepancyValuesDecision(v, d.kind, d.aspect) !== 'deny');
      expect([role, body.data.discrepancies.totalCount]).toEqual([role, expected.length]);
      expect(body.data.discrepancies.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual(expected.slice(0, 100).map((d) => d._id));
    }
  });

  it('roles denied data quality (TAGANA, KARANG_TARUNA, PENDAMPING_REHSOS) reach no discrepancy: FORBIDDEN, nothing counted, not even through a person', async () => {
    const d = all.find((x) => x.subjectType === 'PERSON' && persons.get(x.personId!)!.disability != null) ?? all.find((x) => x.subjectType === 'PERSON')!;
    const q = 'query($id: ID!, $p: ID!) { discrepancies { totalCount } discrepancy(id: $id) { id } personById(id: $p) { id discrepancies { id } } }';
    const cases: ['TAGANA' | 'KARANG_TARUNA' | 'PENDAMPING_REHSOS', { kecamatan?: string[]; desa?: string[] }][] = [
      ['TAGANA', { kecamatan: [d.kecamatanCode] }],
      ['KARANG_TARUNA', { desa: [d.desaCode] }],
      ['PENDAMPING_REHSOS', {}],
    ];
    for (const [role, claims] of cases) {
      const { body } = await hub.postAs({ role, ...claims }, q, { id: d._id, p: d.personId });
      const errors = errorsByPath(body);
      expect([role, body.data.discrepancies, body.data.discrepancy, errors.get('discrepancies'), errors.get('discrepancy')]).toEqual([role, null, null, 'FORBIDDEN', 'FORBIDDEN']);
      if (body.data.personById) expect([role, body.data.personById.discrepancies, errors.get('personById.discrepancies')]).toEqual([role, null, 'FORBIDDEN']);
    }
  });

  it('DUPLICATE_NIK: the NIK of the other person is not shown to a viewer who does not see that person', async () => {
    const d = all.find((x) => x.kind === 'DUPLICATE_NIK' && persons.get(x.relatedPersonIds[0]!)!.desaCode !== x.desaCode);
    if (!d) throw new Error('the small regency has no DUPLICATE_NIK across desa');
    const other = persons.get(d.relatedPersonIds[0]!)!;
    const subject = persons.get(d.personId!)!;
    const q = 'query($id: ID!) { discrepancy(id: $id) { relatedPersons { id } values { source value } } }';
    const psm = await hub.postAs({ role: 'PSM', desa: [d.desaCode] }, q, { id: d._id });
    expect(psm.body.errors).toBeUndefined();
    expect(psm.body.data.discrepancy.relatedPersons).toEqual([]);
    expect(psm.body.data.discrepancy.values.map((v: { value: string }) => v.value)).toEqual([OUT_OF_SCOPE, mask(hub, 'user:test-psm', 'NIK', subject.nik!)]);
    expect(JSON.stringify(psm.body)).not.toContain(other.nik!.slice(-4));

    const both = await hub.postAs({ role: 'OPERATOR' }, q, { id: d._id });
    expect(both.body.data.discrepancy.values.map((v: { value: string }) => v.value)).toEqual([other.nik, subject.nik]);
  });

  describe('kinds and aspects, which imply what the values state', () => {
    it('a PSM, denied welfare and programme detail, finds no exclusion, inclusion, duration or deceased-recipient discrepancy: not listed, not counted, not found', async () => {
      const exclusion = all.find((d) => d.kind === 'EXCLUSION_ERROR' && d.status === 'OPEN')!;
      const desa = exclusion.desaCode;
      const psm = (query: string, variables?: Record<string, unknown>) => hub.postAs({ role: 'PSM', desa: [desa] }, query, variables);
      const list = await psm('{ discrepancies(first: 100) { totalCount edges { node { kind aspect } } } }');
      expect(list.body.errors).toBeUndefined();
      const kinds = list.body.data.discrepancies.edges.map((e: { node: { kind: string } }) => e.node.kind);
      for (const k of ['EXCLUSION_ERROR', 'INCLUSION_ERROR', 'EXCEEDS_MAX_DURATION', 'DECEASED_RECIPIENT']) expect(kinds).not.toContain(k);
      expect(list.body.data.discrepancies.totalCount).toBe(kinds.length);
      expect((await psm('query($id: ID!) { discrepancy(id: $id) { id kind } }', { id: exclusion._id })).body).toEqual({ data: { discrepancy: null } });
      const nested = await psm('query($id: ID!) { household(id: $id) { id discrepancies(includeMembers: true) { kind } } }', { id: exclusion.householdId });
      expect(nested.body.errors).toBeUndefined();
      expect(nested.body.data.household.discrepancies.map((d: { kind: string }) => d.kind)).not.toContain('EXCLUSION_ERROR');
    });

    it('filtering by a kind the viewer may not know of is FORBIDDEN, naming the argument, and counts nothing', async () => {
      const exclusion = all.find((d) => d.kind === 'EXCLUSION_ERROR')!;
      const psm = (query: string, variables?: Record<string, unknown>) => hub.postAs({ role: 'PSM', desa: [exclusion.desaCode] }, query, variables);
      const list = await psm('{ discrepancies(filter: { kind: EXCLUSION_ERROR }) { totalCount } }');
      expect(list.body.data).toEqual({ discrepancies: null });
      expect(list.body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN', argument: 'filter.kind' });
      expect(list.body.errors[0].message).toMatch(/^filter\.kind: your role may not know of EXCLUSION_ERROR discrepancies: they reveal Household\.desil/);
      const nested = await psm('query($id: ID!) { household(id: $id) { discrepancies(kind: EXCEEDS_MAX_DURATION) { id } } }', { id: exclusion.householdId });
      expect(errorsByPath(nested.body).get('household.discrepancies')).toBe('FORBIDDEN');
      expect(nested.body.errors[0].extensions.argument).toBe('kind');
      // A kind it may know of is an ordinary filter.
      const known = await psm('{ discrepancies(filter: { kind: FAMILY_MISMATCH }) { totalCount } }');
      expect(known.body.errors).toBeUndefined();
    });

    it('a partner key granted names and masked NIKs, not welfare, sees only the NIK and name conflicts of its area', async () => {
      const kec = all.find((d) => d.kind === 'EXCLUSION_ERROR')!.kecamatanCode;
      const key = await createApiKey({
        name: 'Dukcapil verval',
        purpose: 'identity cleaning',
        fields: ['Query.discrepancies', 'DiscrepancyConnection.totalCount', 'Discrepancy.id', 'Discrepancy.kind', 'Discrepancy.aspect', 'Person.nik:masked', 'Person.fullName'],
        kecamatanCodes: [kec],
        createdBy: 'user:test-admin',
      });
      const { body } = await hub.post('{ discrepancies(first: 100) { totalCount edges { node { id kind aspect } } } }', undefined, { authorization: `ApiKey ${key.token}` });
      expect(body.errors).toBeUndefined();
      const nikKinds = new Set(['INVALID_NIK', 'DUPLICATE_NIK', 'NOT_IN_CIVIL_REGISTRY']);
      const expected = all.filter((d) => d.kecamatanCode === kec && (nikKinds.has(d.kind) || (d.kind === 'IDENTITY_MISMATCH' && (d.aspect === 'nik' || d.aspect === 'fullName'))));
      expect(body.data.discrepancies.totalCount).toBe(expected.length);
      expect(body.data.discrepancies.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual(expected.slice(0, 100).map((d) => d._id));
    });
  });

  describe('masked NIK and KK numbers', () => {
    const tksk = (kec: string, query: string, variables?: Record<string, unknown>) => hub.postAs({ role: 'TKSK', kecamatan: [kec] }, query, variables);

    it('cannot be rebuilt by a TKSK from the kecamatan, birth date and sex it reads, and still tell the people of a desa apart', async () => {
      const kec = [...persons.values()][0]!.kecamatanCode;
      const { body } = await tksk(kec, '{ persons(first: 100) { edges { node { id nik sex birthDate desa { code } household { kkNumber } } } } }');
      expect(body.errors).toBeUndefined();
      const nodes = body.data.persons.edges.map((e: { node: Record<string, any> }) => e.node);
      let rebuilt = 0;
      for (const n of nodes) {
        const real = persons.get(n.id)!.nik!;
        // What the attacker did: the readable digits, and the serial the old mask kept.
        const guess = `3519${kec.slice(6, 8)}${encodeDate(new Date(n.birthDate), n.sex === 'FEMALE' ? 40 : 0)}${n.nik.slice(-4)}`;
        if (guess === real) rebuilt++;
        expect(n.nik).toBe(mask(hub, 'user:test-tksk', 'NIK', real));
        expect(n.nik).not.toContain(real.slice(-4));
        expect(n.household.kkNumber).toMatch(/^KK-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
      }
      expect(rebuilt).toBe(0);
      const byDesa = new Map<string, string[]>();
      for (const n of nodes) byDesa.set(n.desa.code, [...(byDesa.get(n.desa.code) ?? []), n.nik]);
      for (const [desa, niks] of byDesa) expect([desa, new Set(niks).size]).toEqual([desa, niks.length]);
    });

    it('are the same for one viewer in a person and in a discrepancy, and differ between viewers', async () => {
      // INVALID_NIK: what DT-SEN gives, and the person's own NIK.
      const d = all.find((x) => x.kind === 'INVALID_NIK' && x.status === 'OPEN')!;
      const p = persons.get(d.personId!)!;
      const q = 'query($id: ID!, $p: ID!) { discrepancy(id: $id) { values { value } } personById(id: $p) { nik } }';
      const t = await tksk(d.kecamatanCode, q, { id: d._id, p: p._id });
      expect(t.body.errors).toBeUndefined();
      expect(t.body.data.discrepancy.values.map((v: { value: string }) => v.value)).toContain(t.body.data.personById.nik);
      const psm = await hub.postAs({ role: 'PSM', desa: [d.desaCode] }, q, { id: d._id, p: p._id });
      expect(psm.body.data.personById.nik).toMatch(/^NIK-/);
      expect(psm.body.data.personById.nik).not.toBe(t.body.data.personById.nik);
    });

    it('are not given away by the digits a NIK encodes in a NIK_ATTRIBUTE_MISMATCH message', async () => {
      const d = all.find((x) => x.kind === 'NIK_ATTRIBUTE_MISMATCH' && x.aspect === 'birthDate')!;
      const p = persons.get(d.personId!)!;
      const { body } = await tksk(d.kecamatanCode, 'query($id: ID!) { discrepancy(id: $id) { values { value } } }', { id: d._id });
      expect(body.errors).toBeUndefined();
      const [encoded] = body.data.discrepancy.values.map((v: { value: string }) => v.value);
      expect(encoded).toBe(`NIK ${mask(hub, 'user:test-tksk', 'NIK', p.nik!)} encodes another birth date than recorded`);
      expect(encoded).not.toContain(`${p.nik!.slice(6, 8)}-${p.nik!.slice(8, 10)}`);
      // A viewer with full NUMBERS reads what the NIK encodes.
      const full = await hub.postAs({ role: 'FASILITATOR_SLRT', kecamatan: [d.kecamatanCode] }, 'query($id: ID!) { discrepancy(id: $id) { values { value } } }', { id: d._id });
      expect(full.body.data.discrepancy.values[0].value).toContain(p.nik);
    });
  });

  // Last: it changes the data the tests above read.
  it('follows its subject: when a family joins PKH, its discrepancies, settled ones included, join the companion’s list and count', async () => {
    const h = [...households.values()].sort(byId).find((x) => !isPkh(x.aid) && all.filter((d) => d.householdId === x._id).length >= 2)!;
    const theirs = all.filter((d) => d.householdId === h._id).map((d) => d._id);
    // One of them settled by hand (a verification dismissed it): imports never rewrite it again.
    await Discrepancy.updateOne(
      { _id: theirs[0] },
      { $set: { status: 'DISMISSED', closedAt: new Date(), resolution: { reason: 'verified in the field', by: 'VERIFICATION', runId: null, at: new Date() } } },
    );
    const q = '{ discrepancies(first: 100) { totalCount edges { node { id status } } } }';
    const companion = () => hub.postAs({ role: 'PENDAMPING_PKH', desa: [h.desaCode] }, q).then((r) => r.body.data.discrepancies);
    const before = await companion();
    expect(before.edges.filter((e: { node: { id: string } }) => theirs.includes(e.node.id))).toEqual([]);

    const recipient = [...persons.values()].find((p) => p._id === h.headId)!;
    const file = join(setup.dir, 'pkh-join.csv');
    writeFileSync(
      file,
      'program,id_peserta,no_kk,nik,nama,tanggal_lahir,tanggal_mulai,tanggal_selesai,status,komponen,tanggal_data\n' +
        `PKH,PKH-T0000001,${h.kkNumber},${recipient.nik},${recipient.fullName},${recipient.birthDate.toISOString().slice(0, 10)},2025-01-06,,AKTIF,SD,2026-07-01\n`,
    );
    expect((await importFile({ source: 'pkh', file })).counts).toMatchObject({ inserted: 1, rejected: 0 });

    const after = await companion();
    const listed = after.edges.map((e: { node: { id: string } }) => e.node.id);
    for (const id of theirs) expect([id, listed.includes(id)]).toEqual([id, true]);
    expect(after.totalCount).toBe(before.totalCount + theirs.length);
    expect(after.edges.find((e: { node: { id: string } }) => e.node.id === theirs[0]).node.status).toBe('DISMISSED');

    // And the stored copy agrees with every subject, in every discrepancy of the regency.
    const nowPersons = new Map((await Person.find({}).lean<PersonDoc[]>()).map((p) => [p._id, p]));
    const nowHouseholds = new Map((await Household.find({}).lean<HouseholdDoc[]>()).map((x) => [x._id, x]));
    for (const d of await Discrepancy.find({}).lean<DiscrepancyDoc[]>()) {
      const subject = d.subjectType === 'PERSON' ? nowPersons.get(d.personId!)! : nowHouseholds.get(d.householdId!)!;
      const person = d.subjectType === 'PERSON' ? (subject as PersonDoc) : null;
      expect([d._id, d.desaCode, d.subjectAid, d.subjectBirthDate, d.subjectHasDisability]).toEqual([
        d._id,
        subject.desaCode,
        subject.aid,
        person?.birthDate ?? null,
        person ? person.disability != null : false,
      ]);
    }
  });
});
