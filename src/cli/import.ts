import { resolve } from 'node:path';
import mongoose from 'mongoose';
import { loadConfig } from '../config';
import { openDatabase } from '../db/database';
import { ImportReject } from '../db/models';
import { createLogger } from '../log';
import { readCommandLine, type CommandLine } from './args';
import { ProgressReporter, summaryLines } from '../integration/progress';
import { SOURCE_NAMES } from '../integration/registry';
import { importFile, DEFAULT_CHUNK_SIZE } from '../integration/runner';
import { ImportBusy } from '../integration/runs';
import { ENGINE_PROFILES, type EngineProfile } from '../integration/store';

const USAGE = `usage: npm run import -- <source> <file> [--chunk-size N] [--engine-profile ${ENGINE_PROFILES.join('|')}]
  source         ${SOURCE_NAMES.join(', ')}
  file           the extract; formats in docs/formats/
  --chunk-size   rows read, linked and written together (default ${DEFAULT_CHUNK_SIZE})
exit status: 0 imported, 1 refused or failed, 2 wrong usage`;

function usage(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

function parseArgs(argv: string[]): { source: string; file: string; chunkSize?: number; profile?: EngineProfile } {
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
async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  const db = await openDatabase(config, log, { owner: 'npm run import', shareRunningEngine: true });
  let failed = true;
  try {
    const progress = new ProgressReporter(args.source);
    const result = await importFile({ ...args, log, onProgress: (p) => progress.update(p) });
    progress.end();
    for (const line of summaryLines(`${args.source} ${args.file}`, result)) console.log(line);
    if (result.runId && result.counts.rejected > 0) {
      const first = await ImportReject.find({ runId: result.runId }).sort({ line: 1 }).limit(10).lean();
      console.log(`  rejected rows${result.counts.rejected > first.length ? ` (first ${first.length})` : ''}:`);
      for (const r of first) console.log(`    line ${r.line}: ${r.reason}`);
    }
    failed = result.status !== 'COMPLETED';
  } catch (err) {
    console.error(`simpul import: ${err instanceof ImportBusy ? err.message : ((err as Error).stack ?? String(err))}`);
  } finally {
    await mongoose.disconnect().catch(() => undefined);
    await db.close();
  }
  process.exit(failed ? 1 : 0);
}

main().catch((err: unknown) => {
  console.error(`simpul import: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
