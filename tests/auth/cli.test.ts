import { spawnSync } from 'node:child_process';
import { decodeJwt } from 'jose';
import { run as apikeyCommand } from '../../src/cli/apikey';
import { run as tokenCommand } from '../../src/cli/token';
import { PROJECT_ROOT } from '../../src/config';
import { NODE_PROCESS_ENV, runInProcess } from '../helpers/command';
import { uniqueDbName } from '../helpers/config';

/*
 * One run of each command is a process of its own, started as `npm run` starts it (its exit code and output through
 * the entry point); the others run the command's run() in this process, with the same exit code and output.
 */

/** A command run as a process. */
function run(script: string, args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...NODE_PROCESS_ENV, LOG_LEVEL: 'warn', ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const token = (args: string[]) => runInProcess(tokenCommand, args, { LOG_LEVEL: 'warn' });
const apikey = (args: string[], env: Record<string, string>) => runInProcess(apikeyCommand, args, { LOG_LEVEL: 'warn', ...env });

describe('npm run token', () => {
  it('prints only a token naming the role and the area', () => {
    const r = run('src/cli/token.ts', ['--role', 'PSM', '--desa', '35.19.01.2001', '--desa', '35.19.01.2002']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    expect(decodeJwt(r.stdout.trim())).toMatchObject({ role: 'PSM', desa: ['35.19.01.2001', '35.19.01.2002'], aud: 'simpul' });
  });

  it('mints a pilar token that names the pilar', async () => {
    const r = await token(['--role', 'TKSK', '--pilar', 'PL0083']);
    expect(decodeJwt(r.stdout.trim())).toMatchObject({ role: 'TKSK', pilar: 'PL0083' });
  });

  it.each([
    [['--role', 'KING'], /--role must be one of/],
    [['--role', 'PSM'], /needs --pilar or an area/],
    [['--role', 'PSM', '--desa', '35.19.99.2001'], /desa 35.19.99.2001 does not exist/],
    [['--role', 'TKSK', '--pilar', 'PL1', '--kecamatan', '35.19.01'], /--pilar must be a pilar id/],
  ])('refuses %j with a clear message and exit code 2', async (args, message) => {
    const r = await token(args as string[]);
    expect([r.code, r.stdout]).toEqual([2, '']);
    expect(r.stderr).toMatch(message);
  });
});

describe('npm run apikey', () => {
  const env = () => ({ MONGODB_URI: process.env.MONGODB_URI!, MONGODB_DB: uniqueDbName('cli') });

  it('creates a key printed once, lists it, and revokes it', async () => {
    const e = env();
    const created = run(
      'src/cli/apikey.ts',
      [
        'create',
        '--admin',
        'budi',
        '--name',
        'BPJS Kesehatan',
        '--purpose',
        'PBI-JK verification',
        '--field',
        'Query.persons',
        '--field',
        'Person.nik:masked',
        '--kecamatan',
        '35.19.01',
      ],
      e,
    );
    expect(created.stderr).toBe('');
    expect(created.stdout).toMatch(/^ak_[0-9a-f]{16}\.[\w-]{43}\n$/);
    const id = created.stdout.split('.')[0]!;
    expect((await apikey(['list'], e)).stdout).toContain(`${id}\tactive\tBPJS Kesehatan\t35.19.01\tQuery.persons,Person.nik:masked`);
    expect((await apikey(['revoke', '--admin', 'budi', id], e)).code).toBe(0);
    expect((await apikey(['list'], e)).stdout).toContain(`${id}\tREVOKED`);
  });

  it('refuses a key without an admin, or with fields that do not exist', async () => {
    const e = env();
    expect((await apikey(['create', '--name', 'x', '--purpose', 'y'], e)).stderr).toMatch(/--admin <who> is required/);
    const r = run('src/cli/apikey.ts', ['create', '--admin', 'budi', '--name', 'Dinkes', '--purpose', 'screening', '--field', 'Person.salary'], e);
    expect([r.code, r.stdout]).toEqual([2, '']);
    expect(r.stderr).toMatch(/^simpul apikey: .*Person.salary: no such field/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
