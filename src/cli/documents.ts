import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { listDocuments, readManifest, registerDocuments, removeDocuments } from '../auth/trustedDocuments';
import { loadConfig } from '../config';
import { openDatabase } from '../db/database';
import { createLogger } from '../log';
import { buildBareSchema } from '../server/schema';
import { commandOf, runAsProcess, type Command, type CommandIo } from './io';

const USAGE = `usage (run on the hub's server, like npm run apikey):
  npm run -s documents -- register --client <name> <persisted-documents.json>
  npm run -s documents -- remove --client <name> [<sha256>...]   (no hash: all of the client's documents)
  npm run -s documents -- list [--client <name>]
register checks every entry (its key is the sha256 of its document, a query valid against the schema) before storing any.
A client in SIMPUL_TRUSTED_DOCUMENTS_ONLY then runs only the documents registered for it (docs/security.md).`;

/** `npm run documents`: the trusted documents of client apps (src/auth/trustedDocuments.ts). Exit status 2 on a refusal. */
export const run: Command = commandOf('documents', 2, documents);

async function documents(argv: readonly string[], io: CommandIo): Promise<void> {
  const { values, positionals } = parseArgs({ args: [...argv], allowPositionals: true, options: { client: { type: 'string' } } });
  const [command, ...rest] = positionals;
  if (command !== 'register' && command !== 'remove' && command !== 'list') throw new Error(USAGE);
  if (command !== 'list' && !values.client) throw new Error(`--client <name> is required\n${USAGE}`);
  // Checked before the database is opened: a bad manifest costs no engine start.
  const manifest = command === 'register' ? readManifest(readFileSync(onePath(rest), 'utf8'), buildBareSchema()) : null;
  const config = loadConfig(io.env);
  const log = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
  const db = await openDatabase(config, log, { owner: 'npm run documents', shareRunningEngine: true });
  try {
    if (manifest) {
      const added = await registerDocuments(values.client!, manifest);
      io.err(`registered ${manifest.size} documents for client ${values.client} (${added} new to the hub)\n`);
    } else if (command === 'remove') {
      const removed = await removeDocuments(values.client!, rest);
      io.err(`withdrew ${removed} documents of client ${values.client}\n`);
    } else {
      for (const d of await listDocuments(values.client)) {
        const name = /^\s*query\s+([_A-Za-z][_0-9A-Za-z]*)/.exec(d.document)?.[1] ?? '(anonymous)';
        io.out(`${d._id}\t${name}\t${d.clients.join(',')}\t${d.registeredAt.toISOString()}\n`);
      }
    }
  } finally {
    await db.close();
  }
}

function onePath(rest: string[]): string {
  if (rest.length !== 1) throw new Error(`register takes one manifest file\n${USAGE}`);
  return rest[0]!;
}

if (require.main === module) runAsProcess(run);
