import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { createApiKey } from '../../src/auth/apiKeys';
import { importFile, useImportedSmallHub } from './helpers';
import { type Written } from './helpers';

const db = () => mongoose.connection.db!;

describe('import runs, provenance and discrepancies over GraphQL', () => {
  let written: Written;

  const setup = useImportedSmallHub('graphql', async () => {
    written = setup.written;
    await importFile({ source: 'dtsen', file: written.file('pkh') });
    const bad = join(setup.dir, 'pilar-bad.csv');
    writeFileSync(bad, 'id_pilar,nama,peran,kode_kecamatan,kode_desa,aktif,tanggal_data\nPS-9999,Budi,PENDAMPING PKH,,35.19.99.2999,YA,2026-07-01\n');
    await importFile({ source: 'pilar', file: bad });
  });
  const { hub } = setup;

  it('lists import runs newest first with their counts, refusals and rejected rows', async () => {
    const { body } = await hub.post(`{
      importRuns(first: 2) {
        totalCount
        edges { node { id source file status message counts { read inserted updated unchanged rejected } startedAt finishedAt
          rejectedRows(first: 5) { totalCount edges { node { line reason raw } } } } }
      }
      refused: importRuns(filter: { status: REFUSED }) { totalCount edges { node { source file message } } }
    }`);
    expect(body.errors).toBeUndefined();
    const runs = body.data.importRuns;
    expect(runs.totalCount).toBe(written.extracts.files.length + 2);
    const [last, refused] = runs.edges.map((e: { node: unknown }) => e.node);
    expect(last).toMatchObject({ source: 'ROSTER_PILAR', file: 'pilar-bad.csv', status: 'COMPLETED', counts: { read: 1, inserted: 0, updated: 0, unchanged: 0, rejected: 1 } });
    expect(last.rejectedRows).toEqual({
      totalCount: 1,
      edges: [
        { node: { line: 2, reason: 'column kode_desa: "35.19.99.2999" is not a desa code of Kabupaten Madiun', raw: 'PS-9999,Budi,PENDAMPING PKH,,35.19.99.2999,YA,2026-07-01' } },
      ],
    });
    expect(refused).toMatchObject({ source: 'DTSEN', file: 'pkh.csv', status: 'REFUSED' });
    expect(body.data.refused.edges[0].node.message).toMatch(/^not a DT-SEN extract/);
  });

  it('pages through discrepancies filtered by kind and status, with the total', async () => {
    const kinds = written.extracts.answerKey.counts;
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const { body } = await hub.post(
        `query($after: String) { discrepancies(filter: { kind: EXCEEDS_MAX_DURATION, status: OPEN }, first: 20, after: $after) {
          totalCount pageInfo { hasNextPage endCursor }
          edges { node { id kind status subjectType aspect person { id } household { kkNumber } desa { code } openedBy { id source }
            values { source value asOf importRun { id } } } } } }`,
        { after },
      );
      expect(body.errors).toBeUndefined();
      const page = body.data.discrepancies;
      expect(page.totalCount).toBe(kinds.EXCEEDS_MAX_DURATION);
      for (const { node } of page.edges) {
        expect(node).toMatchObject({ kind: 'EXCEEDS_MAX_DURATION', status: 'OPEN', subjectType: 'HOUSEHOLD', person: null });
        expect(['PKH', 'BPNT']).toContain(node.aspect);
        // Found by the roster that made the enrolment too long, which also states it.
        expect([node.openedBy.source, node.values[0].source, node.values[0].importRun.id]).toEqual([`ROSTER_${node.aspect}`, `ROSTER_${node.aspect}`, node.openedBy.id]);
        seen.push(node.id);
      }
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(new Set(seen).size).toBe(kinds.EXCEEDS_MAX_DURATION);
    expect([...seen].sort()).toEqual(seen);
  });

  it('filters discrepancies by kecamatan and desa, and a TKSK sees only those of its kecamatan and no import run', async () => {
    const one = await db().collection('discrepancies').findOne({ status: 'OPEN' });
    const inKecamatan = await db().collection('discrepancies').countDocuments({ kecamatanCode: one!.kecamatanCode });
    const inDesa = await db().collection('discrepancies').countDocuments({ desaCode: one!.desaCode });
    const q = `query($k: String, $d: String) { k: discrepancies(filter: { kecamatanCode: $k }) { totalCount } d: discrepancies(filter: { desaCode: $d }) { totalCount } all: discrepancies { totalCount } }`;
    const admin = await hub.post(q, { k: one!.kecamatanCode, d: one!.desaCode });
    expect([admin.body.data.k.totalCount, admin.body.data.d.totalCount]).toEqual([inKecamatan, inDesa]);
    const tksk = await hub.postAs(
      { role: 'TKSK', kecamatan: [one!.kecamatanCode] },
      `${q.replace('all: discrepancies { totalCount }', 'all: discrepancies { totalCount } runs: importRuns { totalCount }')}`,
      {
        k: one!.kecamatanCode,
        d: one!.desaCode,
      },
    );
    expect(tksk.body.errors).toBeUndefined();
    expect(tksk.body.data).toEqual({ k: { totalCount: inKecamatan }, d: { totalCount: inDesa }, all: { totalCount: inKecamatan }, runs: { totalCount: 0 } });
  });

  it('shows where each value of a person and a family came from, and their discrepancies', async () => {
    const entry = written.extracts.answerKey.entries.find((e) => e.kind === 'FAMILY_MISMATCH')!;
    const { body } = await hub.post(
      `query($nik: String!) { person(nik: $nik) {
        fullName
        provenance { field source asOf importRun { id source } }
        birthProvenance: provenance(field: "birthDate") { field source }
        discrepancies { kind status aspect values { source value } }
        household { provenance(field: "desil") { field source importRun { source } } discrepancies(includeMembers: true) { kind } }
      } }`,
      { nik: entry.nik },
    );
    expect(body.errors).toBeUndefined();
    const p = body.data.person;
    const bySource = Object.fromEntries(p.provenance.map((f: { field: string; source: string }) => [f.field, f.source]));
    expect(bySource).toMatchObject({ fullName: 'SENOPATI', nik: 'SENOPATI', household: 'SENOPATI', education: 'DTSEN', disability: 'DTSEN', desa: 'SENOPATI' });
    expect(p.provenance.find((f: { field: string }) => f.field === 'fullName')).toMatchObject({ asOf: '2026-07-01', importRun: { id: 'IR000001', source: 'SENOPATI' } });
    expect(p.birthProvenance).toEqual([{ field: 'birthDate', source: 'SENOPATI' }]);
    expect(p.discrepancies).toEqual([
      { kind: 'FAMILY_MISMATCH', status: 'OPEN', aspect: null, values: [expect.objectContaining({ source: 'SENOPATI' }), expect.objectContaining({ source: 'DTSEN' })] },
    ]);
    expect(p.household.provenance).toEqual([{ field: 'desil', source: 'DTSEN', importRun: { source: 'DTSEN' } }]);
    expect(p.household.discrepancies).toEqual(expect.arrayContaining([{ kind: 'FAMILY_MISMATCH' }]));
  });

  it('lists the provenance of only the fields a viewer may read, since an entry exists only when a source stated the fact', async () => {
    const member = await db()
      .collection('persons')
      .findOne({ lineage: { $regex: 'ROSTER_KARANG_TARUNA' } });
    expect(member).not.toBeNull();
    const query = `query($nik: String!) { person(nik: $nik) { fullName provenance { field source } } }`;
    const admin = await hub.post(query, { nik: member!.nik });
    expect(admin.body.errors).toBeUndefined();
    const fields = (body: { data: { person: { provenance: { field: string }[] } } }) => body.data.person.provenance.map((f) => f.field);
    expect(fields(admin.body)).toEqual(expect.arrayContaining(['fullName', 'karangTaruna']));
    const key = await createApiKey({
      name: 'Bappeda',
      purpose: 'data quality of names',
      fields: ['Query.person', 'Person.nik', 'Person.fullName', 'Person.provenance', 'FieldProvenance.field', 'FieldProvenance.source'],
      createdBy: 'user:test-admin',
    });
    const partner = await hub.post(query, { nik: member!.nik }, { authorization: `ApiKey ${key.token}` });
    expect(partner.body.errors).toBeUndefined();
    expect(fields(partner.body)).toContain('fullName');
    expect(fields(partner.body)).not.toContain('karangTaruna');
    expect(fields(partner.body)).not.toContain('disability');
  });

  it('answers BAD_USER_INPUT for an id or a desa that cannot be', async () => {
    const { body } = await hub.post('{ a: discrepancy(id: "P0000001") { id } }');
    expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    const b = await hub.post('{ discrepancies(filter: { desaCode: "35.19.01" }) { totalCount } }');
    expect(b.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('answers BAD_USER_INPUT for a kecamatan, an import run id, a page size or a cursor that cannot be', async () => {
    const bad = [
      '{ discrepancies(filter: { kecamatanCode: "35.19.01.2001" }) { totalCount } }',
      '{ importRun(id: "DQ00000001") { id } }',
      '{ discrepancies(first: -1) { totalCount } }',
      '{ importRuns(first: 101) { totalCount } }',
      '{ discrepancies(after: "not-a-cursor") { totalCount } }',
    ];
    for (const q of bad) {
      const { body } = await hub.post(q);
      expect([q, body.errors?.[0]?.extensions?.code]).toEqual([q, 'BAD_USER_INPUT']);
    }
    const runs = await hub.post('{ importRuns(first: 1) { pageInfo { endCursor } } }');
    const foreign = await hub.post('query($after: String) { discrepancies(after: $after) { totalCount } }', { after: runs.body.data.importRuns.pageInfo.endCursor });
    expect(foreign.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('imported people carry their household desil and name search keys: an old spelling of the name finds them', async () => {
    const person = (await db()
      .collection('persons')
      .findOne({ householdId: { $ne: null }, fullName: /u/i }))!;
    const household = (await db().collection('households').findOne({ _id: person.householdId }))!;
    expect(person.householdDesil ?? null).toBe(household.desil ?? null);
    // The old spelling of the name (u written oe) finds the person.
    const { body } = await hub.post('query($name: String) { persons(filter: { name: $name }, first: 100) { edges { node { id } } } }', {
      name: String(person.fullName).replace(/u/gi, 'oe'),
    });
    expect(body.errors).toBeUndefined();
    expect(body.data.persons.edges.map((e: { node: { id: string } }) => e.node.id)).toContain(person._id);
  });

  it('discrepancies page by openedAt forwards and backwards alike', async () => {
    const walk = async (vars: Record<string, unknown>, back: boolean) => {
      const out: string[][] = [];
      let cursor: string | null = null;
      for (;;) {
        const { body } = await hub.post(
          'query($o: DiscrepancyOrder, $f: Int, $a: String, $l: Int, $b: String) { discrepancies(orderBy: $o, first: $f, after: $a, last: $l, before: $b) { pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { node { id openedAt } } } }',
          back ? { ...vars, l: 25, b: cursor } : { ...vars, f: 25, a: cursor },
        );
        expect(body.errors).toBeUndefined();
        const c = body.data.discrepancies;
        const ids = c.edges.map((e: { node: { id: string; openedAt: string } }) => `${e.node.openedAt} ${e.node.id}`);
        if (back) out.unshift(ids);
        else out.push(ids);
        if (back ? !c.pageInfo.hasPreviousPage : !c.pageInfo.hasNextPage) break;
        cursor = back ? c.pageInfo.startCursor : c.pageInfo.endCursor;
      }
      return out.flat();
    };
    const forwards = await walk({ o: 'OPENED_AT_DESC' }, false);
    expect(forwards.length).toBeGreaterThan(25);
    expect(await walk({ o: 'OPENED_AT_DESC' }, true)).toEqual(forwards);
    const sorted = [...forwards].sort((x, y) => (x < y ? 1 : -1));
    expect(forwards).toEqual(sorted);
  });
});
