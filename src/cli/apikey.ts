import { parseArgs } from 'node:util';
import type { NewApiKey } from '../auth/apiKeys';
import { loadConfig } from '../config';
import { desaArg, kecamatanArg } from '../services/arguments';
import { commandOf, runAsProcess, type Command, type CommandIo } from './io';

const USAGE = `usage (an ADMIN's command, run on the hub's server):
  npm run -s apikey -- create --admin <who> --name <agency> --purpose <text> --field Type.field[:masked]...
        [--rows-kecamatan <code>]... [--rows-desa <code>]... [--rows-programme <PKH|BPNT|...>]...
        [--expires <YYYY-MM-DD|ISO time|90d>] [--rate-per-minute <n>] [--daily-quota <n>]
  npm run -s apikey -- rotate --admin <who> <key id> [--grace-minutes <n>]
  npm run -s apikey -- revoke --admin <who> <key id>
  npm run -s apikey -- list
create and rotate print the key once (<id>.<secret>); only its hash is stored. rotate keeps the id, grants and limits;
the old secret is refused at once, or after --grace-minutes. --rows-programme limits rows to that programme's ACTIVE
recipients; --kecamatan and --desa are the same as --rows-kecamatan and --rows-desa. A day is midnight to midnight WIB.
Partners send the key as "Authorization: ApiKey <key>" or "x-api-key: <key>".`;

/** `--expires`: a date (end of that day WIB), an ISO time, or a number of days from now (`90d`). */
export function parseExpiry(text: string, now = new Date()): Date {
  const days = /^(\d{1,4})d$/.exec(text);
  if (days) return new Date(now.getTime() + Number(days[1]) * 86_400_000);
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    const d = new Date(`${text}T23:59:59+07:00`);
    if (!Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) <= text) return d;
  } else if (/^\d{4}-\d{2}-\d{2}T/.test(text)) {
    const d = new Date(text);
    if (!Number.isNaN(d.getTime())) return d;
  }
  throw new Error(`--expires must be a date (2026-12-31), an ISO time (2026-12-31T17:00:00Z) or days from now (90d), got "${text.slice(0, 40)}"`);
}

function wholeNumber(option: string, text: string | undefined): number | null {
  if (text === undefined) return null;
  if (!/^\d{1,9}$/.test(text) || Number(text) < 1) throw new Error(`${option} must be a whole number of at least 1, got "${text.slice(0, 40)}"`);
  return Number(text);
}

/** `npm run apikey`: partner agencies' API keys, created, rotated and revoked by an ADMIN. Exit status 2 on any refusal. */
export const run: Command = commandOf('apikey', 2, apikey);

async function apikey(argv: readonly string[], io: CommandIo): Promise<void> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      admin: { type: 'string' },
      name: { type: 'string' },
      purpose: { type: 'string' },
      field: { type: 'string', multiple: true },
      kecamatan: { type: 'string', multiple: true },
      desa: { type: 'string', multiple: true },
      'rows-kecamatan': { type: 'string', multiple: true },
      'rows-desa': { type: 'string', multiple: true },
      'rows-programme': { type: 'string', multiple: true },
      expires: { type: 'string' },
      'rate-per-minute': { type: 'string' },
      'daily-quota': { type: 'string' },
      'grace-minutes': { type: 'string' },
    },
  });
  const [command, id] = positionals;
  if (command !== 'create' && command !== 'revoke' && command !== 'rotate' && command !== 'list') throw new Error(USAGE);
  if (command !== 'list' && !values.admin) throw new Error(`--admin <who> is required: key changes are attributed\n${USAGE}`);
  // Options are checked before the database opens: a typo costs nothing.
  let create: NewApiKey | null = null;
  if (command === 'create') {
    if (!values.name || !values.purpose) throw new Error(`--name and --purpose are required\n${USAGE}`);
    create = {
      name: values.name,
      purpose: values.purpose,
      fields: values.field ?? [],
      kecamatanCodes: [...(values.kecamatan ?? []), ...(values['rows-kecamatan'] ?? [])].map((c) => kecamatanArg('--rows-kecamatan', c)),
      desaCodes: [...(values.desa ?? []), ...(values['rows-desa'] ?? [])].map((c) => desaArg('--rows-desa', c)),
      programmeCodes: values['rows-programme'] ?? [],
      expiresAt: values.expires === undefined ? null : parseExpiry(values.expires),
      ratePerMinute: wholeNumber('--rate-per-minute', values['rate-per-minute']),
      dailyQuota: wholeNumber('--daily-quota', values['daily-quota']),
      createdBy: `user:${values.admin}`,
    };
  }
  const graceMinutes = values['grace-minutes'] === undefined ? 0 : wholeNumber('--grace-minutes', values['grace-minutes'])!;
  if ((command === 'revoke' || command === 'rotate') && !id) throw new Error(`which key? ${USAGE}`);
  const config = loadConfig(io.env);
  // The database, the models and the logger are loaded once the options passed: a refusal loads little.
  const [{ createApiKey, listApiKeys, revokeApiKey, rotateApiKey }, { openDatabase }, { createLogger }] = await Promise.all([
    import('../auth/apiKeys'),
    import('../db/database'),
    import('../log'),
  ]);
  const log = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
  const db = await openDatabase(config, log, { owner: 'npm run apikey', shareRunningEngine: true });
  try {
    if (create) {
      const key = await createApiKey(create);
      io.out(`${key.token}\n`);
    } else if (command === 'rotate') {
      const key = await rotateApiKey(id!, graceMinutes * 60);
      io.out(`${key.token}\n`);
      io.err(`${graceMinutes > 0 ? `rotated ${id}: the old secret works until ${key.oldValidUntil.toISOString()}` : `rotated ${id}: the old secret is refused from now on`}\n`);
    } else if (command === 'revoke') {
      if (!(await revokeApiKey(id!))) throw new Error(`no active key ${id!.slice(0, 40)}`);
      io.err(`revoked ${id}\n`);
    } else {
      for (const k of await listApiKeys()) {
        const area = [...k.kecamatanCodes, ...k.desaCodes].join(',') || 'whole kabupaten';
        const rows = k.programmeCodes?.length ? `${area}; recipients of ${k.programmeCodes.join(',')}` : area;
        const limits = [
          k.expiresAt ? `expires ${k.expiresAt.toISOString()}` : 'no expiry',
          k.ratePerMinute ? `${k.ratePerMinute}/min` : 'no rate limit',
          k.dailyQuota ? `${k.dailyQuota}/day` : 'no quota',
        ].join(', ');
        const state = k.revokedAt ? 'REVOKED' : k.expiresAt && k.expiresAt <= new Date() ? 'EXPIRED' : 'active';
        io.out(`${k._id}\t${state}\t${k.name}\t${rows}\t${k.fields.join(',')}\t${k.purpose}\t${limits}\n`);
      }
    }
  } finally {
    await db.close();
  }
}

if (require.main === module) runAsProcess(run);
