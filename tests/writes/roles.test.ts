import { createApiKey } from '../../src/auth/apiKeys';
import { ROW_SCOPE, type Role } from '../../src/auth/matrix';
import { rowFilter, withScope } from '../../src/auth/scope';
import { EMPTY_AREA, type Viewer } from '../../src/auth/viewer';
import { Discrepancy, type DiscrepancyDoc } from '../../src/db/models/discrepancy';
import { Person, type PersonDoc } from '../../src/db/models/person';
import { useImportedSmallHub } from '../integration/helpers';

/*
 * docs/domain.md section 9's write matrix for the verval actions, written out again here (not read from
 * src/auth/writeMatrix.ts), over all 10 roles and a partner key: allowed in scope, NOT_FOUND out of scope, FORBIDDEN
 * where the matrix says no. A flipped cell fails its row.
 */
type Cell = 'Y' | '-';
const ACTIONS = ['recordVisit', 'takeDiscrepancy', 'proposeDataChange', 'approveDataChange'] as const;
const TABLE: Record<string, string> = {
  ADMIN: 'Y Y Y Y',
  OPERATOR: 'Y Y Y Y',
  PENDAMPING_PKH: 'Y Y Y -',
  TKSK: 'Y Y Y -',
  FASILITATOR_SLRT: 'Y Y Y -',
  PENDAMPING_REHSOS: 'Y - Y -',
  TAGANA: '- - - -',
  PELOPOR_PERDAMAIAN: '- - - -',
  PSM: 'Y Y Y -',
  KARANG_TARUNA: '- - - -',
  PARTNER: '- - - -',
};
const cell = (role: string, action: (typeof ACTIONS)[number]): Cell => TABLE[role]!.split(' ')[ACTIONS.indexOf(action)] as Cell;

const Q = {
  recordVisit: 'mutation($i: RecordVisitInput!) { recordVisit(input: $i) { id } }',
  takeDiscrepancy: 'mutation($i: TakeDiscrepancyInput!) { takeDiscrepancy(input: $i) { id status } }',
  proposeDataChange: 'mutation($i: ProposeDataChangeInput!) { proposeDataChange(input: $i) { id status } }',
  approveDataChange: 'mutation($i: DecideDataChangeInput!) { approveDataChange(input: $i) { id status } }',
};

interface Fixture {
  claims: Record<string, unknown>;
  person: PersonDoc;
  discrepancy: DiscrepancyDoc | null;
  outsidePerson: PersonDoc | null;
  outsideDiscrepancy: DiscrepancyDoc | null;
  /** A request proposed by someone else, for this role to decide. */
  request: string;
}

let partnerToken: string;
const fixtures = new Map<string, Fixture>();
const now = new Date();
const today = now.toISOString().slice(0, 10);
let n = 0;
const key = () => `roles-${++n}`;

const AREA: Partial<Record<Role, 'DESA' | 'KECAMATAN'>> = {
  PENDAMPING_PKH: 'DESA',
  TKSK: 'KECAMATAN',
  FASILITATOR_SLRT: 'KECAMATAN',
  TAGANA: 'KECAMATAN',
  PELOPOR_PERDAMAIAN: 'KECAMATAN',
  PSM: 'DESA',
  KARANG_TARUNA: 'DESA',
};

function viewerOf(role: Role, at: { desaCode: string; kecamatanCode: string }): { viewer: Viewer; claims: Record<string, unknown> } {
  const kind = AREA[role];
  const area = kind === 'DESA' ? { kecamatanCodes: [], desaCodes: [at.desaCode] } : kind === 'KECAMATAN' ? { kecamatanCodes: [at.kecamatanCode], desaCodes: [] } : EMPTY_AREA;
  const claims = kind === 'DESA' ? { desa: [at.desaCode] } : kind === 'KECAMATAN' ? { kecamatan: [at.kecamatanCode] } : {};
  return { viewer: { subject: `user:w-${role}`, role, pilarId: null, area, scope: ROW_SCOPE[role], partner: null, purpose: null, purposeDetail: null }, claims };
}

async function sees(viewer: Viewer, collection: 'persons' | 'discrepancies', id: string): Promise<boolean> {
  const filter = withScope({ _id: id }, rowFilter(viewer, collection, now));
  if (filter === null) return false;
  return (collection === 'persons' ? await Person.countDocuments(filter) : await Discrepancy.countDocuments(filter)) > 0;
}

const setup = useImportedSmallHub('write-roles', async () => {
  const dqs = await Discrepancy.find({ status: 'OPEN', subjectType: 'PERSON' }).sort({ _id: 1 }).lean<DiscrepancyDoc[]>();
  const persons = await Person.find({}).sort({ _id: 1 }).lean<PersonDoc[]>();
  const byId = new Map(persons.map((p) => [p._id, p]));
  const admin = { role: 'ADMIN' as const, sub: 'setup-admin' };
  for (const role of Object.keys(TABLE).filter((r) => r !== 'PARTNER') as Role[]) {
    // A subject in scope: an open discrepancy's person when the role may know of it, else a person.
    let chosen: { viewer: Viewer; claims: Record<string, unknown>; person: PersonDoc; d: DiscrepancyDoc | null } | null = null;
    for (const d of dqs) {
      const v = viewerOf(role, d);
      if (fixtures.size >= 0 && [...fixtures.values()].some((f) => f.discrepancy?._id === d._id)) continue;
      if (await sees(v.viewer, 'discrepancies', d._id)) {
        chosen = { ...v, person: byId.get(d.personId!)!, d };
        break;
      }
    }
    for (const p of chosen ? [] : persons) {
      const v = viewerOf(role, p);
      if (await sees(v.viewer, 'persons', p._id)) {
        chosen = { ...v, person: p, d: null };
        break;
      }
    }
    if (!chosen) throw new Error(`no subject in scope for ${role}`);
    // Outside: preferably in the same area (a P cell's population shows there), else anywhere.
    const near = persons.filter((p) => p.desaCode === chosen!.person.desaCode).concat(persons);
    let outsidePerson: PersonDoc | null = null;
    for (const p of near.slice(0, 400))
      if (!(await sees(chosen.viewer, 'persons', p._id))) {
        outsidePerson = p;
        break;
      }
    let outsideDiscrepancy: DiscrepancyDoc | null = null;
    for (const d of dqs)
      if (!(await sees(chosen.viewer, 'discrepancies', d._id))) {
        outsideDiscrepancy = d;
        break;
      }
    // A request by someone else, for this role to decide.
    const other = persons[fixtures.size + 10]!;
    const v = await hub.postAs(admin, Q.recordVisit, { i: { idempotencyKey: key(), personId: other._id, date: today, outcome: 'FOUND' } });
    const r = await hub.postAs(admin, Q.proposeDataChange, {
      i: { idempotencyKey: key(), personId: other._id, changes: { fullName: `Nama ${role}` }, visitId: v.body.data.recordVisit.id },
    });
    fixtures.set(role, { claims: chosen.claims, person: chosen.person, discrepancy: chosen.d, outsidePerson, outsideDiscrepancy, request: r.body.data.proposeDataChange.id });
  }
  partnerToken = (await createApiKey({ name: 'partner', purpose: 'verval', fields: ['Person.id', 'Person.fullName', 'Discrepancy.id'], createdBy: 'user:setup-admin' })).token;
  fixtures.set('PARTNER', { ...fixtures.get('ADMIN')! });
});
const { hub } = setup;

const as = (role: string, query: string, variables: Record<string, unknown>) =>
  role === 'PARTNER'
    ? hub.post(query, variables, { authorization: `ApiKey ${partnerToken}` })
    : hub.postAs({ role: role as Role, sub: `w-${role.toLowerCase()}`, ...fixtures.get(role)!.claims } as never, query, variables);

const codeOf = (body: { data?: Record<string, unknown> | null; errors?: { extensions?: { code?: string } }[] }) => body.errors?.[0]?.extensions?.code ?? 'OK';

describe.each(Object.keys(TABLE))('a %s', (role) => {
  let visitId = 'VS0000000000000000';

  it('records a visit as the matrix says: in scope, not found out of scope, FORBIDDEN where no', async () => {
    const f = fixtures.get(role)!;
    const inScope = await as(role, Q.recordVisit, { i: { idempotencyKey: key(), personId: f.person._id, date: today, outcome: 'FOUND' } });
    expect([role, codeOf(inScope.body)]).toEqual([role, cell(role, 'recordVisit') === 'Y' ? 'OK' : 'FORBIDDEN']);
    if (codeOf(inScope.body) === 'OK') visitId = inScope.body.data.recordVisit.id;
    if (f.outsidePerson && !['ADMIN', 'OPERATOR', 'PARTNER'].includes(role)) {
      const outside = await as(role, Q.recordVisit, { i: { idempotencyKey: key(), personId: f.outsidePerson._id, date: today, outcome: 'FOUND' } });
      expect([role, codeOf(outside.body)]).toEqual([role, cell(role, 'recordVisit') === 'Y' ? 'NOT_FOUND' : 'FORBIDDEN']);
    }
  });

  it('takes a discrepancy as the matrix says', async () => {
    const f = fixtures.get(role)!;
    const id = f.discrepancy?._id ?? f.outsideDiscrepancy?._id ?? 'DQ00000001';
    const inScope = await as(role, Q.takeDiscrepancy, { i: { idempotencyKey: key(), discrepancyId: id, expectedVersion: 0 } });
    if (cell(role, 'takeDiscrepancy') === '-') expect([role, codeOf(inScope.body)]).toEqual([role, 'FORBIDDEN']);
    else expect([role, codeOf(inScope.body), inScope.body.data.takeDiscrepancy?.status]).toEqual([role, 'OK', 'IN_VERIFICATION']);
    if (f.outsideDiscrepancy && cell(role, 'takeDiscrepancy') === 'Y') {
      const outside = await as(role, Q.takeDiscrepancy, { i: { idempotencyKey: key(), discrepancyId: f.outsideDiscrepancy._id, expectedVersion: 0 } });
      expect([role, codeOf(outside.body)]).toEqual([role, 'NOT_FOUND']);
    }
  });

  it('proposes a data change as the matrix says', async () => {
    const f = fixtures.get(role)!;
    const inScope = await as(role, Q.proposeDataChange, { i: { idempotencyKey: key(), personId: f.person._id, changes: { fullName: 'Nama Baru' }, visitId } });
    expect([role, codeOf(inScope.body)]).toEqual([role, cell(role, 'proposeDataChange') === 'Y' ? 'OK' : 'FORBIDDEN']);
    if (f.outsidePerson && cell(role, 'proposeDataChange') === 'Y') {
      const outside = await as(role, Q.proposeDataChange, { i: { idempotencyKey: key(), personId: f.outsidePerson._id, changes: { fullName: 'Nama Baru' }, visitId } });
      expect([role, codeOf(outside.body), outside.body.errors[0].extensions.field]).toEqual([role, 'NOT_FOUND', 'input.personId']);
    }
  });

  it('approves a data change as the matrix says', async () => {
    const f = fixtures.get(role)!;
    const reply = await as(role, Q.approveDataChange, { i: { idempotencyKey: key(), requestId: f.request, expectedVersion: 0 } });
    if (cell(role, 'approveDataChange') === '-') expect([role, codeOf(reply.body)]).toEqual([role, 'FORBIDDEN']);
    else expect([role, codeOf(reply.body), reply.body.data.approveDataChange.status]).toEqual([role, 'OK', 'APPROVED']);
  });
});
