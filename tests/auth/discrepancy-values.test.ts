import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { discrepancyValuesDecision } from '../../src/auth/decide';
import { DISCREPANCY_VALUES, FIELD_RULES } from '../../src/auth/matrix';
import { AuditEvent } from '../../src/db/models/auditEvent';
import type { DiscrepancyDoc } from '../../src/db/models/discrepancy';
import { DISCREPANCY_KINDS } from '../../src/domain/provenance';
import { importFile } from '../../src/integration/runner';
import { type TestHub } from '../helpers/hub';
import { mask } from './fixture';
import { useImportedSmallHub } from '../integration/helpers';

/*
 * The values of a discrepancy state the facts in conflict (NIKs, names, birth dates, desil, enrolments),
 * so they are governed by the fields they reveal, not only by DATA_QUALITY; and rejected rows, raw
 * source data tied to no stored row, are for the roles that see every row.
 */

const db = () => mongoose.connection.db!;
const VALUES = 'values { source value }';

describe('what the values of a discrepancy reveal', () => {
  let open: DiscrepancyDoc[];

  const one = (kind: string, aspect?: string) => {
    const d = open.find((x) => x.kind === kind && (aspect === undefined || x.aspect === aspect));
    if (!d) throw new Error(`the small regency has no open ${kind} ${aspect ?? ''}`);
    return d;
  };
  const read = (claims: Parameters<TestHub['postAs']>[0], id: string) => hub.postAs(claims, `query($id: ID!) { discrepancy(id: $id) { id kind aspect ${VALUES} } }`, { id });

  const setup = useImportedSmallHub('dq-values', async () => {
    const bad = join(setup.dir, 'pilar-bad.csv');
    writeFileSync(bad, 'id_pilar,nama,peran,kode_kecamatan,kode_desa,aktif,tanggal_data\nPS-9999,Budi,PENDAMPING PKH,,35.19.99.2999,YA,2026-07-01\n');
    await importFile({ source: 'pilar', file: bad });
    open = (await db().collection('discrepancies').find({ status: 'OPEN' }).sort({ _id: 1 }).toArray()) as unknown as DiscrepancyDoc[];
  });
  const { hub } = setup;

  it('are listed for every kind, in terms of fields the schema has', () => {
    for (const kind of DISCREPANCY_KINDS) expect([kind, Object.keys(DISCREPANCY_VALUES).some((k) => k === kind || k.startsWith(`${kind}:`))]).toEqual([kind, true]);
    for (const fields of Object.values(DISCREPANCY_VALUES)) {
      for (const f of fields) expect([f, FIELD_RULES[f.split('.')[0]!]?.[f.split('.')[1]!] !== undefined]).toEqual([f, true]);
    }
  });

  it('cover every kind and aspect the importers store: an administrator reads them all', () => {
    const uncovered = open.filter((d) => discrepancyValuesDecision({ role: 'ADMIN' } as never, d.kind, d.aspect) !== 'allow');
    expect(uncovered.map((d) => `${d.kind}:${d.aspect}`)).toEqual([]);
  });

  it('show NIKs masked to a TKSK, whose NIK access is masked, and in full to an administrator', async () => {
    const d = one('INVALID_NIK');
    const admin = await read({ role: 'ADMIN' }, d._id);
    expect(admin.body.errors).toBeUndefined();
    const full = admin.body.data.discrepancy.values as { source: string; value: string }[];
    expect(full.some((v) => /\d{15,}/.test(v.value))).toBe(true);

    const tksk = await read({ role: 'TKSK', kecamatan: [d.kecamatanCode] }, d._id);
    expect(tksk.body.errors).toBeUndefined();
    const masked = tksk.body.data.discrepancy.values as { source: string; value: string }[];
    const identifier = (v: string) => /^[0-9A-Za-z]+$/.test(v) && (v.match(/\d/g) ?? []).length >= 8;
    expect(masked).toEqual(full.map((v) => ({ source: v.source, value: identifier(v.value) ? mask(hub, 'user:test-tksk', 'NIK', v.value) : v.value })));
    expect(masked.every((v) => !/\d{5,}/.test(v.value))).toBe(true);
  });

  it('mask the family card numbers inside a sentence', async () => {
    const d = one('FAMILY_MISMATCH');
    const psm = await read({ role: 'PSM', desa: [d.desaCode] }, d._id);
    expect(psm.body.errors).toBeUndefined();
    const values = psm.body.data.discrepancy.values as { value: string }[];
    expect(values.map((v) => v.value)).toEqual(d.values.map((v) => v.value.replace(/\d{16}/g, (kk) => mask(hub, 'user:test-psm', 'KK', kk))));
    expect(values.every((v) => /^family card KK-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/.test(v.value))).toBe(true);
  });

  it('of a birth date conflict do not exist for a PSM, who may see that a person is an adult but not the birth date; a TKSK reads them', async () => {
    const d = one('IDENTITY_MISMATCH', 'birthDate');
    const psm = await read({ role: 'PSM', desa: [d.desaCode] }, d._id);
    expect(psm.body).toEqual({ data: { discrepancy: null } });

    const tksk = await read({ role: 'TKSK', kecamatan: [d.kecamatanCode] }, d._id);
    expect(tksk.body.errors).toBeUndefined();
    expect(tksk.body.data.discrepancy.values.map((v: { value: string }) => v.value)).toEqual(d.values.map((v) => v.value));
  });

  it('of welfare and programme conflicts do not exist for a PSM: its list and count leave them out, the rest of the page intact', async () => {
    const d = one('INCLUSION_ERROR');
    const q = `query($desa: String!) { discrepancies(filter: { desaCode: $desa, status: OPEN }, first: 100) { totalCount edges { node { id kind aspect ${VALUES} } } } }`;
    const { body } = await hub.postAs({ role: 'PSM', desa: [d.desaCode] }, q, { desa: d.desaCode });
    expect(body.errors).toBeUndefined();
    const nodes = body.data.discrepancies.edges.map((e: { node: { id: string; kind: string; aspect: string | null } }) => e.node);
    const hidden = (x: { kind: string; aspect: string | null }) =>
      ['INCLUSION_ERROR', 'EXCLUSION_ERROR', 'EXCEEDS_MAX_DURATION', 'DECEASED_RECIPIENT'].includes(x.kind) || x.aspect === 'birthDate';
    const inDesa = open.filter((x) => x.desaCode === d.desaCode);
    expect(nodes.map((n: { id: string }) => n.id)).toEqual(inDesa.filter((x) => !hidden(x)).map((x) => x._id));
    expect(body.data.discrepancies.totalCount).toBe(inDesa.filter((x) => !hidden(x)).length);
    expect(inDesa.some(hidden)).toBe(true);
  });

  it('are recorded in the audit trail with the person they are about', async () => {
    const d = one('INVALID_NIK');
    await hub.post(
      'query Check($id: ID!) { discrepancy(id: $id) { values { value } } }',
      { id: d._id },
      { authorization: `Bearer ${await hub.token({ role: 'TKSK', kecamatan: [d.kecamatanCode], sub: 'dq-auditor' })}` },
    );
    let event = null;
    for (let i = 0; i < 50 && !event; i++) {
      event = await AuditEvent.findOne({ subject: 'user:dq-auditor' }).lean();
      if (!event) await new Promise((r) => setTimeout(r, 100));
    }
    expect(event).toMatchObject({ operation: 'query Check', personIds: [d.personId], fields: ['Discrepancy.values'] });
  });

  it('rejected rows, raw source data of anyone, exist only for the roles that see every row', async () => {
    const q = '{ importRuns(first: 1) { totalCount edges { node { source counts { rejected } rejectedRows(first: 1) { edges { node { raw } } } } } } }';
    const psm = await hub.postAs({ role: 'PSM', desa: ['35.19.01.2001'] }, q);
    expect(psm.body).toEqual({ data: { importRuns: { totalCount: 0, edges: [] } } });
    const operator = await hub.postAs({ role: 'OPERATOR' }, q);
    expect(operator.body.errors).toBeUndefined();
    expect(operator.body.data.importRuns.edges[0].node.rejectedRows.edges[0].node.raw).toBe('PS-9999,Budi,PENDAMPING PKH,,35.19.99.2999,YA,2026-07-01');
  });
});
