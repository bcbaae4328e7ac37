import { parseArgs } from 'node:util';
import { CLIENT_NAME } from '../auth/client';
import { PILAR_ROLES, ROLES } from '../auth/matrix';
import { loadConfig } from '../config';
import { desaArg, kecamatanArg } from '../services/arguments';
import { commandOf, runAsProcess, type Command, type CommandIo } from './io';

const USAGE = `usage: npm run -s token -- --role <ROLE> [--kecamatan <code>]... [--desa <code>]... [--pilar <id>] [--sub <name>] [--client <app>] [--expires <8h>]
Mints a development token (HS256, JWT_SECRET) and prints only the token.
roles: ${ROLES.filter((r) => r !== 'PARTNER' && r !== 'ANONYMOUS').join(', ')}
  --pilar PL0001   a pilar account: its area is read from the pilar's assignment at each request
  --kecamatan, --desa   an area given directly (repeatable)
  --client dashboard   the client app the token is issued to (claim client_id): it runs that client's trusted documents`;

/** `npm run token`: a development token for a role and an area or a pilar. Exit status 2 on any refusal. */
export const run: Command = commandOf('token', 2, token);

async function token(argv: readonly string[], io: CommandIo): Promise<void> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      role: { type: 'string' },
      kecamatan: { type: 'string', multiple: true },
      desa: { type: 'string', multiple: true },
      pilar: { type: 'string' },
      sub: { type: 'string' },
      client: { type: 'string' },
      expires: { type: 'string', default: '8h' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help) {
    io.out(`${USAGE}\n`);
    return;
  }
  const role = values.role;
  if (!role || !ROLES.includes(role as never) || role === 'PARTNER' || role === 'ANONYMOUS') {
    throw new Error(`--role must be one of the roles below${role ? ` (got ${role})` : ''}\n${USAGE}`);
  }
  const kecamatan = (values.kecamatan ?? []).map((c) => kecamatanArg('--kecamatan', c));
  const desa = (values.desa ?? []).map((c) => desaArg('--desa', c));
  if (values.pilar !== undefined && !/^PL\d{4}$/.test(values.pilar)) throw new Error(`--pilar must be a pilar id such as PL0001, got ${values.pilar}`);
  if (values.pilar && (kecamatan.length || desa.length)) throw new Error('give either --pilar or an area (--kecamatan/--desa), not both');
  if ((PILAR_ROLES as readonly string[]).includes(role) && !values.pilar && !kecamatan.length && !desa.length && role !== 'PENDAMPING_REHSOS') {
    throw new Error(`a ${role} token needs --pilar or an area (--kecamatan/--desa): without one it would see no rows`);
  }
  if (values.client !== undefined && !CLIENT_NAME.test(values.client))
    throw new Error(`--client must be a client name such as dashboard (lower-case letters, digits, ".", "_", "-"), got ${values.client}`);
  const config = loadConfig(io.env);
  const { mintToken } = await import('../auth/jwt');
  const minted = await mintToken(
    config.jwt,
    {
      sub: values.sub ?? (values.pilar ? `pilar-${values.pilar}` : `dev-${role.toLowerCase()}`),
      role: role as never,
      ...(values.pilar ? { pilar: values.pilar } : {}),
      ...(kecamatan.length ? { kecamatan } : {}),
      ...(desa.length ? { desa } : {}),
      ...(values.client ? { client_id: values.client } : {}),
    },
    values.expires,
  );
  io.out(`${minted}\n`);
}

if (require.main === module) runAsProcess(run);
