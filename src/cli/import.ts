import { resolve } from 'node:path';
import { loadConfig } from '../config';
import { readCommandLine, type CommandLine } from './args';
import { runAsProcess, type CommandIo } from './io';
import { SOURCE_NAMES } from '../integration/registry';
import { DEFAULT_CHUNK_SIZE } from '../integration/runner';
import { ENGINE_PROFILES, type EngineProfile } from '../integration/store';

const USAGE = `usage: npm run import -- <source> <file> [--chunk-size N] [--engine-profile ${ENGINE_PROFILES.join('|')}]
  source         ${SOURCE_NAMES.join(', ')}
  file           the extract; formats in docs/formats/
  --chunk-size   rows read, linked and written together (default ${DEFAULT_CHUNK_SIZE})
exit status: 0 imported, 1 refused or failed, 2 wrong usage`;

/** Wrong usage: answered with the message, the usage and exit status 2. */
class Usage extends Error {}

function usage(message: string): never {
  throw new Usage(message);
}

function parseArgs(argv: readonly string[]): { source: string; file: string; chunkSize?: number; profile?: EngineProfile } {
  let line: CommandLine;
  try {
    line = readCommandLine(argv, { 'chunk-size': { type: 'string' }, 'engine-profile': { type: 'string' } }, true);
  } catch (err) {
    usage((err as Error).message);
  }
  const positional = line.positionals;
  const out: { chunkSize?: number; profile?: EngineProfile } = {};
  const chunkSize = line.values['chunk-size'] as string | undefined;
  if (chunkSize !== undefined) {
    if (!/^\d+$/.test(chunkSize) || Number(chunkSize) < 1) usage(`--chunk-size must be a whole number of 1 or more, got "${chunkSize}"`);
    out.chunkSize = Number(chunkSize);
  }
  const profile = line.values['engine-profile'] as string | undefined;
  if (profile !== undefined) {
    if (!ENGINE_PROFILES.includes(profile as EngineProfile)) usage(`--engine-profile must be one of ${ENGINE_PROFILES.join(', ')}`);
    out.profile = profile as EngineProfile;
  }
  if (positional.length !== 2) usage(positional.length < 2 ? 'name a source and a file' : `too many arguments: ${positional.slice(2).join(' ')}`);
  const [source, file] = positional as [string, string];
  if (!SOURCE_NAMES.includes(source)) usage(`unknown source "${source}"`);
  return { source, file: resolve(file), ...out };
}

/** `npm run import -- <source> <file>`: imports one source file, with progress and a summary. */
export async function run(argv: readonly string[], io: CommandIo): Promise<number> {
  try {
    return await importCommand(argv, io);
  } catch (err) {
    if (err instanceof Usage) {
      io.err(`${err.message}\n${USAGE}\n`);
      return 2;
    }
    io.err(`simpul import: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}

async function importCommand(argv: readonly string[], io: CommandIo): Promise<number> {
  const args = parseArgs(argv);
  const config = loadConfig(io.env);
  // The database, the models and the importers are loaded once the arguments passed: wrong usage loads little.
  const [{ default: mongoose }, { openDatabase }, { ImportReject }, { createLogger }, { ProgressReporter, summaryLines }, { importFile }, { ImportBusy }] = await Promise.all([
    import('mongoose'),
    import('../db/database'),
    import('../db/models'),
    import('../log'),
    import('../integration/progress'),
    import('../integration/runner'),
    import('../integration/runs'),
  ]);
  const log = createLogger(config.logLevel);
  const db = await openDatabase(config, log, { owner: 'npm run import', shareRunningEngine: true });
  let failed = true;
  try {
    const progress = new ProgressReporter(args.source, { isTTY: io.errIsTTY, write: io.err });
    const result = await importFile({ ...args, log, onProgress: (p) => progress.update(p) });
    progress.end();
    for (const line of summaryLines(`${args.source} ${args.file}`, result)) io.out(`${line}\n`);
    if (result.runId && result.counts.rejected > 0) {
      const first = await ImportReject.find({ runId: result.runId }).sort({ line: 1 }).limit(10).lean();
      io.out(`  rejected rows${result.counts.rejected > first.length ? ` (first ${first.length})` : ''}:\n`);
      for (const r of first) io.out(`    line ${r.line}: ${r.reason}\n`);
    }
    failed = result.status !== 'COMPLETED';
  } catch (err) {
    io.err(`simpul import: ${err instanceof ImportBusy ? err.message : ((err as Error).stack ?? String(err))}\n`);
  } finally {
    await mongoose.disconnect().catch(() => undefined);
    await db.close();
  }
  return failed ? 1 : 0;
}

if (require.main === module) runAsProcess(run, { exitWhenDone: true });
