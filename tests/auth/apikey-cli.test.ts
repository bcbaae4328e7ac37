import { run } from '../../src/cli/apikey';
import { databaseEnv, runInProcess } from '../helpers/command';
import { uniqueDbName } from '../helpers/config';

/*
 * `npm run apikey`: the options of a key that fits a purpose, rotation, and clear refusals of bad input. The command
 * runs in this process (its run(), the same exit code and output); tests/auth/cli.test.ts runs it as a process.
 */
const apikey = (args: string[], env: Record<string, string | undefined>) => runInProcess(run, args, env);
const CREATE = ['create', '--admin', 'budi', '--name', 'Dinas PKH', '--purpose', 'PKH follow-up', '--field', 'Query.persons'];

describe('npm run apikey with limits', () => {
  it('creates a key limited to rows, expiring, rate-limited and with a quota, lists those limits, and rotates it', async () => {
    const env = databaseEnv(uniqueDbName('apikey'));
    const created = await apikey(
      [...CREATE, '--rows-programme', 'PKH', '--rows-kecamatan', '35.19.01', '--expires', '2999-12-31', '--rate-per-minute', '30', '--daily-quota', '1000'],
      env,
    );
    expect([created.code, created.stderr]).toEqual([0, '']);
    const [id, secret] = created.stdout.trim().split('.');
    const list = await apikey(['list'], env);
    expect(list.stdout).toContain(`${id}\tactive\tDinas PKH\t35.19.01; recipients of PKH\tQuery.persons\tPKH follow-up\texpires 2999-12-31T16:59:59.000Z, 30/min, 1000/day`);
    const rotated = await apikey(['rotate', '--admin', 'budi', id!, '--grace-minutes', '5'], env);
    expect(rotated.code).toBe(0);
    expect(rotated.stdout).toMatch(new RegExp(`^${id}\\.[\\w-]{43}\\n$`));
    expect(rotated.stdout.trim().split('.')[1]).not.toBe(secret);
    expect(rotated.stderr).toMatch(/^rotated ak_[0-9a-f]{16}: the old secret works until \d{4}-/);
    const unknown = await apikey(['rotate', '--admin', 'budi', 'ak_0000000000000000'], env);
    expect([unknown.code, unknown.stderr.trim()]).toEqual([2, 'simpul apikey: no active key ak_0000000000000000']);
  });

  it.each([
    [['--expires', 'soon'], /--expires must be a date \(2026-12-31\), an ISO time .* or days from now \(90d\), got "soon"/],
    [['--expires', '2001-01-01'], /the expiry must be a date in the future/],
    [['--rate-per-minute', '0'], /--rate-per-minute must be a whole number of at least 1, got "0"/],
    [['--daily-quota', '1.5'], /--daily-quota must be a whole number of at least 1/],
    [['--rows-programme', 'PKHX'], /PKHX: no such programme \(PKH, BPNT/],
    [['--rows-kecamatan', '35.19.99'], /kecamatan 35.19.99 does not exist/],
  ])('refuses %j with a clear message, exit code 2 and no key', async (extra, message) => {
    const r = await apikey([...CREATE, ...extra], databaseEnv(uniqueDbName('apikey')));
    expect([r.code, r.stdout]).toEqual([2, '']);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
