import { AuditEvent } from '../../src/db/models/auditEvent';
import type { Regency } from '../../seeds/regency';
import type { TestHub } from '../helpers/hub';
import { errorsByPath, startAuthHub } from './fixture';

let hub: TestHub;
let regency: Regency;
beforeAll(async () => {
  ({ hub, regency } = await startAuthHub());
});
afterAll(() => hub.close());

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
    const read = await hub.post('query Visit($id: ID!) { personById(id: $id) { fullName nik household { address { rt } } } }', { id: person._id }, { authorization: `Bearer ${psm}`, 'x-purpose': 'home visit (verval)' });
    expect(read.body.errors).toBeUndefined();
    expect(await eventsOf('user:siti')).toBe(1);

    const { body } = await hub.post('query($nik: String!) { auditTrail(nik: $nik) { totalCount edges { node { subject role operation purpose personIds householdIds fields } } } }', { nik: person.nik });
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
    await hub.post('{ statistics { households } kecamatans { name } }', undefined, { authorization: `Bearer ${await hub.token({ role: 'PSM', desa: ['35.19.01.2001'], sub: 'no-personal' })}` });
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
});
