import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, isObjectType } from 'graphql';
import { contractFiles, partnerContractSdl, partnerGrantOf, roleContractSdl, staleContracts } from '../../src/auth/contractSdl';
import { ROLE_ACCESS } from '../../src/auth/matrix';
import { buildBareSchema } from '../../src/server/schema';
import { run } from '../../src/cli/schema';
import { runCommand, runInProcess } from '../helpers/command';

/* The SDL contracts of docs/contracts/: what a role or a partner key may use, generated from the matrix. */
const schema = buildBareSchema();
const DIR = join(__dirname, '..', '..', 'docs', 'contracts');
const committed = () => new Map(readdirSync(DIR).map((n) => [n, readFileSync(join(DIR, n), 'utf8')]));
const fields = (sdl: string, type: string) => {
  const t = buildSchema(sdl).getType(type);
  return isObjectType(t) ? Object.keys(t.getFields()) : [];
};

describe('role contracts', () => {
  it('leave out what a PSM can never get, and keep its masked NIK described as masked', () => {
    const sdl = roleContractSdl(schema, 'PSM');
    expect(fields(sdl, 'Person')).toEqual(expect.arrayContaining(['fullName', 'nik', 'ageGroup', 'receivesAid']));
    expect(fields(sdl, 'Person')).not.toEqual(expect.arrayContaining(['birthDate']));
    for (const gone of ['birthDate', 'phone', 'disability', 'enrollments', 'education']) expect(fields(sdl, 'Person')).not.toContain(gone);
    expect(fields(sdl, 'Household')).not.toContain('desil');
    // A lookup by a whole NIK is denied to a masked reader: the field goes, since its required argument can never be used.
    expect(fields(sdl, 'Query')).not.toContain('person');
    expect(fields(sdl, 'Query')).not.toContain('auditTrail');
    expect(buildSchema(sdl).getType('Housing')).toBeUndefined();
    expect(sdl).toMatch(/In this contract it is MASKED[^\n]*\n\s*"""\n\s*nik: String/);
    expect(sdl).toMatch(/In this contract, only: ACTIVE\.\n\s*"""\n\s*enrollmentStatus/);
  });

  it('give an anonymous caller the public catalogue and statistics only, and an ADMIN the whole schema', () => {
    expect(fields(roleContractSdl(schema, 'ANONYMOUS'), 'Query').sort()).toEqual([
      'desa',
      'kecamatan',
      'kecamatans',
      'programme',
      'programmes',
      'statistics',
      'training',
      'trainings',
      'viewer',
    ]);
    const admin = buildSchema(roleContractSdl(schema, 'ADMIN'));
    const names = (s: typeof schema) =>
      Object.keys(s.getTypeMap())
        .filter((n) => !n.startsWith('__'))
        .sort();
    expect(names(admin)).toEqual(names(schema));
  });

  it('give a partner key exactly its grants', () => {
    const sdl = partnerContractSdl(schema, partnerGrantOf('x', 'disability screening', ['Query.persons', 'PersonConnection.edges', 'Person.fullName', 'Person.hasDisability']));
    expect(fields(sdl, 'Query').sort()).toEqual(['desa', 'kecamatan', 'kecamatans', 'persons', 'programme', 'programmes', 'statistics', 'training', 'trainings', 'viewer']);
    expect(fields(sdl, 'Person').sort()).toEqual(['fullName', 'hasDisability']);
    expect(() => partnerGrantOf('x', 'p', ['Query.auditTrail'])).toThrow(/never granted/);
  });

  it('are committed for every role and the sample partner, and fresh', () => {
    expect(staleContracts(contractFiles(schema), committed())).toEqual([]);
    expect([...committed().keys()]).toEqual(expect.arrayContaining(['PSM.graphql', 'TKSK.graphql', 'ANONYMOUS.graphql', 'PARTNER-sample.graphql']));
  });

  it('are found stale when the matrix changes', () => {
    const before = ROLE_ACCESS.PSM.WELFARE;
    ROLE_ACCESS.PSM.WELFARE = 'F';
    try {
      expect(staleContracts(contractFiles(schema), committed())).toEqual(['PSM.graphql']);
    } finally {
      ROLE_ACCESS.PSM.WELFARE = before;
    }
  });

  it('are printed by npm run schema for a role, and refused with a clear message for an unknown one', async () => {
    const psm = await runCommand('src/cli/schema.ts', ['--role', 'PSM'], {});
    expect([psm.code, psm.stdout]).toEqual([0, roleContractSdl(schema, 'PSM')]);
    // The refusals run in this process (the command's run(): the same exit code and output, no process to start).
    const bad = await runInProcess(run, ['--role', 'KING'], {});
    expect([bad.code, bad.stderr]).toEqual([2, expect.stringContaining('--role must be one of ADMIN')]);
    const badGrant = await runInProcess(run, ['--api-key-purpose', 'screening', '--grants', 'Person.shoeSize'], {});
    expect([badGrant.code, badGrant.stderr]).toEqual([2, expect.stringContaining('Person.shoeSize: no such field')]);
  });
});
