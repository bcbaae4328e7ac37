import { createApiKey } from '../../src/auth/apiKeys';
import { AuditEvent } from '../../src/db/models/auditEvent';
import { authRegency, errorsByPath } from './fixture';
import { useRegencyHub } from '../helpers/useHub';

const hub = useRegencyHub('small', { use: 'write' });
const regency = authRegency();

/** The writer batches: wait until the events of a request are stored. */
async function eventsOf(subject: string, atLeast = 1): Promise<number> {
  for (let i = 0; i < 50; i++) {
    const n = await AuditEvent.countDocuments({ subject });
    if (n >= atLeast) return n;
    await new Promise((r) => setTimeout(r, 100));
  }
  return AuditEvent.countDocuments({ subject });
}

describe('the audit trail', () => {
  it('records who read whose personal data, with the stated purpose, and answers "who looked at my data"', async () => {
    const person = regency.persons.find((p) => p.householdId)!;
    const psm = await hub.token({ role: 'PSM', desa: [person.desaCode], sub: 'siti' });
    const read = await hub.post(
      'query Visit($id: ID!) { personById(id: $id) { fullName nik household { address { rt } } } }',
      { id: person._id },
      { authorization: `Bearer ${psm}`, 'x-purpose': 'home visit (verval)' },
    );
    expect(read.body.errors).toBeUndefined();
    expect(await eventsOf('user:siti')).toBe(1);

    const { body } = await hub.post(
      'query($nik: String!) { auditTrail(nik: $nik) { totalCount edges { node { subject role operation purpose personIds householdIds fields } } } }',
      { nik: person.nik },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data.auditTrail.totalCount).toBe(1);
    expect(body.data.auditTrail.edges[0].node).toEqual({
      subject: 'user:siti',
      role: 'PSM',
      operation: 'query Visit',
      purpose: 'home visit (verval)',
      personIds: [person._id],
      householdIds: [person.householdId],
      fields: ['Household.address', 'Person.fullName', 'Person.household', 'Person.nik'],
    });
    const byViewer = await hub.post('{ auditByViewer(subject: "user:siti") { totalCount edges { node { operation } } } }');
    expect(byViewer.body.data.auditByViewer.totalCount).toBe(1);
  });

  it('records nothing for answers without personal data', async () => {
    await hub.post('{ statistics { households } kecamatans { name } }', undefined, {
      authorization: `Bearer ${await hub.token({ role: 'PSM', desa: ['35.19.01.2001'], sub: 'no-personal' })}`,
    });
    await new Promise((r) => setTimeout(r, 1300));
    expect(await AuditEvent.countDocuments({ subject: 'user:no-personal' })).toBe(0);
  });

  it('is for ADMIN eyes only', async () => {
    const { body } = await hub.postAs({ role: 'OPERATOR' }, `{ auditTrail(nik: "${regency.persons[0]!.nik}") { totalCount } }`);
    expect(body.data.auditTrail).toBeNull();
    expect(errorsByPath(body).get('auditTrail')).toBe('FORBIDDEN');
  });

  it('pages newest first and refuses a malformed viewer name', async () => {
    const token = await hub.token({ role: 'ADMIN', sub: 'pager' });
    for (let i = 0; i < 3; i++) await hub.post(`query Q${i} { personById(id: "${regency.persons[i]!._id}") { fullName } }`, undefined, { authorization: `Bearer ${token}` });
    expect(await eventsOf('user:pager', 3)).toBe(3);
    const page = await hub.post('{ auditByViewer(subject: "user:pager", first: 2) { pageInfo { hasNextPage endCursor } edges { node { operation } } } }');
    expect(page.body.data.auditByViewer.edges.map((e: { node: { operation: string } }) => e.node.operation)).toEqual(['query Q2', 'query Q1']);
    const rest = await hub.post(`{ auditByViewer(subject: "user:pager", first: 2, after: "${page.body.data.auditByViewer.pageInfo.endCursor}") { edges { node { operation } } } }`);
    expect(rest.body.data.auditByViewer.edges.map((e: { node: { operation: string } }) => e.node.operation)).toEqual(['query Q0']);
    const bad = await hub.post('{ auditByViewer(subject: "{$ne: 1}") { totalCount } }');
    expect(bad.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it("records a partner key's own purpose whatever the request says, with its x-purpose header as a bounded detail beside it", async () => {
    const key = await createApiKey({
      name: 'BPJS Kesehatan Madiun',
      purpose: 'verify PBI-JK membership',
      fields: ['Query.persons', 'Person.fullName'],
      createdBy: 'user:test-admin',
    });
    const subject = `apikey:${key.id}`;
    const asKey = (query: string, headers: Record<string, string> = {}) => hub.post(query, undefined, { authorization: `ApiKey ${key.token}`, ...headers });
    const claimed = await asKey('query PBI_JK_verification { persons(first: 1) { edges { node { fullName } } } }', { 'x-purpose': 'marketing list for a loan company' });
    expect(claimed.body.errors).toBeUndefined();
    await asKey('query Second { persons(first: 1) { edges { node { fullName } } } }');
    await asKey('query Third { persons(first: 1) { edges { node { fullName } } } }', { 'x-purpose': `case ${'x'.repeat(1000)}` });
    expect(await eventsOf(subject, 3)).toBe(3);

    const q = 'query($s: String!) { auditByViewer(subject: $s) { edges { node { subject role operation purpose purposeDetail } } } }';
    const { body } = await hub.post(q, { s: subject });
    expect(body.errors).toBeUndefined();
    const [third, second, first] = body.data.auditByViewer.edges.map((e: { node: unknown }) => e.node);
    expect(first).toEqual({
      subject,
      role: 'PARTNER',
      operation: 'query PBI_JK_verification',
      purpose: 'verify PBI-JK membership',
      purposeDetail: 'marketing list for a loan company',
    });
    expect(second).toEqual({ subject, role: 'PARTNER', operation: 'query Second', purpose: 'verify PBI-JK membership', purposeDetail: null });
    expect([third.purpose, third.purposeDetail]).toEqual(['verify PBI-JK membership', `case ${'x'.repeat(195)}`]);

    // The resident's view of the same read says the same.
    const personId = (await AuditEvent.findOne({ subject, operation: 'query PBI_JK_verification' }).lean())!.personIds[0]!;
    const nik = regency.persons.find((p) => p._id === personId)!.nik;
    const trail = await hub.post('query($nik: String!) { auditTrail(nik: $nik) { edges { node { subject purpose purposeDetail } } } }', { nik });
    expect(trail.body.data.auditTrail.edges.map((e: { node: unknown }) => e.node)).toContainEqual({
      subject,
      purpose: 'verify PBI-JK membership',
      purposeDetail: 'marketing list for a loan company',
    });
  });

  it('takes an operation name as a label, never as a purpose, and refuses names longer than 100 characters before reading anything', async () => {
    const person = regency.persons[0]!;
    const psm = await hub.token({ role: 'PSM', desa: [person.desaCode], sub: 'labeller' });
    const longest = `Purpose_home_visit_${'A'.repeat(81)}`;
    for (const name of ['Purpose_home_visit', longest]) {
      const r = await hub.post(`query ${name}($id: ID!) { personById(id: $id) { fullName } }`, { id: person._id }, { authorization: `Bearer ${psm}` });
      expect(r.body.errors).toBeUndefined();
    }
    const tooLong = await hub.post(`query ${longest}A($id: ID!) { personById(id: $id) { fullName } }`, { id: person._id }, { authorization: `Bearer ${psm}` });
    expect(tooLong.body.errors[0].extensions.code).toBe('NAME_TOO_LONG');
    expect(await eventsOf('user:labeller', 2)).toBe(2);
    const { body } = await hub.post('{ auditByViewer(subject: "user:labeller") { edges { node { operation purpose purposeDetail } } } }');
    expect(body.data.auditByViewer.edges.map((e: { node: unknown }) => e.node)).toEqual([
      { operation: `query ${longest}`, purpose: null, purposeDetail: null },
      { operation: 'query Purpose_home_visit', purpose: null, purposeDetail: null },
    ]);
  });
});
