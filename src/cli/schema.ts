import { mkdirSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CONTRACT_ROLES, contractFiles, partnerContractSdl, partnerGrantOf, roleContractSdl, staleContracts } from '../auth/contractSdl';
import { PROJECT_ROOT } from '../config';
import { buildBareSchema } from '../server/schema';
import { commandOf, runAsProcess, type Command, type CommandIo } from './io';

const USAGE = `usage:
  npm run -s schema -- --role <ROLE> [--out <file>]
  npm run -s schema -- --api-key-purpose <text> --grants Type.field[:masked],... [--out <file>]
  npm run -s schema -- --all      writes docs/contracts/<ROLE>.graphql for every role and PARTNER-sample.graphql
  npm run -s schema -- --check    fails when a file of docs/contracts/ is stale (npm run contracts:check)
Prints the SDL a role or a partner key may use: types, fields and arguments it can never get are removed; a field it reads
masked stays, described as masked. Point a client's codegen at it to generate only what will answer.
roles: ${CONTRACT_ROLES.join(', ')}`;

const CONTRACTS_DIR = join(PROJECT_ROOT, 'docs', 'contracts');

function readCurrent(): Map<string, string> {
  const out = new Map<string, string>();
  let names: string[] = [];
  try {
    names = readdirSync(CONTRACTS_DIR).filter((n) => n.endsWith('.graphql'));
  } catch {
    /* a missing folder: every file is stale */
  }
  for (const n of names) out.set(n, readFileSync(join(CONTRACTS_DIR, n), 'utf8'));
  return out;
}

/** `npm run schema`: the SDL contract of a role or a partner key, or all of docs/contracts/. Exit status 2 on a refusal. */
export const run: Command = commandOf('schema', 2, schemaCommand);

function schemaCommand(argv: readonly string[], io: CommandIo): number {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      role: { type: 'string' },
      'api-key-purpose': { type: 'string' },
      grants: { type: 'string', multiple: true },
      out: { type: 'string' },
      all: { type: 'boolean' },
      check: { type: 'boolean' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help) {
    io.out(`${USAGE}\n`);
    return 0;
  }
  const schema = buildBareSchema();
  if (values.check) {
    const stale = staleContracts(contractFiles(schema), readCurrent());
    if (stale.length > 0) {
      io.err(`docs/contracts/ is stale (${stale.join(', ')}): run \`npm run schema -- --all\` and commit it\n`);
      return 1;
    }
    return 0;
  }
  if (values.all) {
    mkdirSync(CONTRACTS_DIR, { recursive: true });
    const fresh = contractFiles(schema);
    for (const name of readCurrent().keys()) if (!fresh.has(name)) unlinkSync(join(CONTRACTS_DIR, name));
    for (const [name, text] of fresh) writeFileSync(join(CONTRACTS_DIR, name), text);
    io.out(`wrote ${fresh.size} contracts to ${CONTRACTS_DIR}\n`);
    return 0;
  }
  let sdl: string;
  if (values.role !== undefined) {
    const role = CONTRACT_ROLES.find((r) => r === values.role);
    if (!role) throw new Error(`--role must be one of ${CONTRACT_ROLES.join(', ')} (got ${values.role.slice(0, 40)}); a partner's contract comes from its grants`);
    sdl = roleContractSdl(schema, role);
  } else if (values.grants) {
    const purpose = values['api-key-purpose'];
    if (!purpose) throw new Error(`--api-key-purpose <text> is required with --grants\n${USAGE}`);
    const fields = values.grants
      .flatMap((g) => g.split(','))
      .map((g) => g.trim())
      .filter(Boolean);
    sdl = partnerContractSdl(schema, partnerGrantOf('partner', purpose, fields));
  } else throw new Error(`give --role, or --api-key-purpose with --grants\n${USAGE}`);
  if (values.out) writeFileSync(values.out, sdl);
  else io.out(sdl);
  return 0;
}

if (require.main === module) runAsProcess(run);
