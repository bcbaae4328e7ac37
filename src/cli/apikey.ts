import { parseArgs } from 'node:util';
import { createApiKey, listApiKeys, revokeApiKey } from '../auth/apiKeys';
import { loadConfig } from '../config';
import { openDatabase } from '../db/database';
import { createLogger } from '../log';
import { desaArg, kecamatanArg } from '../services/arguments';

const USAGE = `usage (an ADMIN's command, run on the hub's server):
  npm run -s apikey -- create --admin <who> --name <agency> --purpose <text> --field Type.field[:masked]... [--kecamatan <code>]... [--desa <code>]...
  npm run -s apikey -- revoke --admin <who> <key id>
  npm run -s apikey -- list
create prints the key once (<id>.<secret>); only its hash is stored.
Partners send it as "Authorization: ApiKey <key>" or "x-api-key: <key>".`;

/** `npm run apikey`: partner agencies' API keys, created and revoked by an ADMIN. */
async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      admin: { type: 'string' },
      name: { type: 'string' },
      purpose: { type: 'string' },
      field: { type: 'string', multiple: true },
      kecamatan: { type: 'string', multiple: true },
      desa: { type: 'string', multiple: true },
    },
  });
  const [command, id] = positionals;
  if (command !== 'create' && command !== 'revoke' && command !== 'list') throw new Error(USAGE);
  if (command !== 'list' && !values.admin) throw new Error(`--admin <who> is required: key changes are attributed\n${USAGE}`);
  const config = loadConfig();
  const log = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
  const db = await openDatabase(config, log, { owner: 'npm run apikey', shareRunningEngine: true });
  try {
    if (command === 'create') {
      if (!values.name || !values.purpose) throw new Error(`--name and --purpose are required\n${USAGE}`);
      const key = await createApiKey({
        name: values.name,
        purpose: values.purpose,
        fields: values.field ?? [],
        kecamatanCodes: (values.kecamatan ?? []).map((c) => kecamatanArg('--kecamatan', c)),
        desaCodes: (values.desa ?? []).map((c) => desaArg('--desa', c)),
        createdBy: `user:${values.admin}`,
      });
      process.stdout.write(`${key.token}\n`);
    } else if (command === 'revoke') {
      if (!id) throw new Error(`which key? ${USAGE}`);
      if (!(await revokeApiKey(id))) throw new Error(`no active key ${id}`);
      console.error(`revoked ${id}`);
    } else {
      for (const k of await listApiKeys()) {
        const area = [...k.kecamatanCodes, ...k.desaCodes].join(',') || 'whole kabupaten';
        console.log(`${k._id}\t${k.revokedAt ? 'REVOKED' : 'active'}\t${k.name}\t${area}\t${k.fields.join(',')}\t${k.purpose}`);
      }
    }
  } finally {
    await db.close();
  }
}

main().catch((err: unknown) => {
  console.error(`simpul apikey: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(2);
});
