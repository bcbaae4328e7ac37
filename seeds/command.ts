import { join, resolve } from 'node:path';
import { parseRegencyArgs, REGENCY_OPTIONS, REGENCY_USAGE } from './regency/cli';
import { readCommandLine } from '../src/cli/args';
import { parseRates, type DiscrepancyRates } from './extracts/rates';
import { loadConfig } from '../src/config';
import type { ProgressReporter } from '../src/integration/progress';

const USAGE = `usage: npm run seed -- [regency options] [--rates KIND=rate,...] [--out DIR] [--extracts-only] [--chunk-size N] [--bucket-families N]
  writes what DT-SEN, Senopati and the rosters would send about a synthetic regency
  (docs/formats/), with discrepancies injected at the given rates and answer-key.json,
  then imports the files in order through the importers.
  --rates          e.g. INVALID_NIK=0.01,EXCLUSION_ERROR=0.1 (others keep their defaults)
  --out            where the extracts go (default <SIMPUL_DATA_DIR>/extracts/<families>-<seed>)
  --extracts-only  write the files, import nothing
  --bucket-families  families per bucket of a first load into an empty database (default 5000;
                   docs/formats/README.md, "A first load")
regency ${REGENCY_USAGE}`;

function usage(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

/** `npm run seed`: writes the source extracts of a synthetic regency and imports them. */
async function main(): Promise<void> {
  let values: Record<string, string | boolean | undefined> = {};
  try {
    values = readCommandLine(process.argv.slice(2), {
      ...REGENCY_OPTIONS,
      rates: { type: 'string' },
      out: { type: 'string' },
      'extracts-only': { type: 'boolean' },
      'chunk-size': { type: 'string' },
      'bucket-families': { type: 'string' },
      help: { type: 'boolean' },
    }).values;
  } catch (err) {
    usage((err as Error).message);
  }
  if (values.help) usage('');
  let rates: DiscrepancyRates | undefined;
  if (typeof values.rates === 'string') {
    try {
      rates = parseRates(values.rates);
    } catch (err) {
      usage((err as Error).message);
    }
  }
  const out = typeof values.out === 'string' ? resolve(values.out) : undefined;
  const load = values['extracts-only'] !== true;
  let chunkSize: number | undefined;
  if (typeof values['chunk-size'] === 'string') {
    const v = values['chunk-size'];
    if (!/^\d+$/.test(v) || Number(v) < 1) usage(`--chunk-size must be a whole number of 1 or more, got "${v}"`);
    chunkSize = Number(v);
  }
  let familiesPerBucket: number | undefined;
  if (typeof values['bucket-families'] === 'string') {
    const v = values['bucket-families'];
    if (!/^\d+$/.test(v) || Number(v) < 1) usage(`--bucket-families must be a whole number of 1 or more, got "${v}"`);
    familiesPerBucket = Number(v);
  }
  const regencyArgs = Object.keys(REGENCY_OPTIONS).flatMap((name) => (typeof values[name] === 'string' ? [`--${name}`, values[name]] : []));
  let regency;
  try {
    regency = parseRegencyArgs(regencyArgs);
  } catch (err) {
    usage((err as Error).message.split('\n')[0]!);
  }
  const config = loadConfig();
  if (config.env === 'production' && load) {
    console.error('simpul seed: production never writes synthetic data into its database; only --extracts-only (files, no import) is allowed');
    process.exit(1);
  }
  // The database, the importers and the generator are loaded once the arguments and the configuration passed: a
  // refusal loads little.
  const [{ default: mongoose }, { openDatabase }, { ensureRegions }, { createLogger }, { ProgressReporter, summaryLines }, { seedRegency }] = await Promise.all([
    import('mongoose'),
    import('../src/db/database'),
    import('../src/db/reference'),
    import('../src/log'),
    import('../src/integration/progress'),
    import('./importExtracts'),
  ]);
  const log = createLogger(config.logLevel);
  const dir = out ?? join(config.dataDir, 'extracts', `${regency.families}-${String(regency.seed)}`);
  const db = load ? await openDatabase(config, log, { owner: 'npm run seed', shareRunningEngine: true }) : null;
  let failed = false;
  try {
    if (db) await ensureRegions();
    let progress: ProgressReporter | null = null;
    let progressOf = '';
    const { extracts } = await seedRegency({
      regency,
      rates,
      dir,
      load,
      chunkSize,
      familiesPerBucket,
      log,
      // A first load by clusters reports every file once per bucket: a reporter per run of updates of one file.
      onProgress: (file, p) => {
        if (progress && progressOf !== file.source) progress.end();
        if (!progress || progressOf !== file.source) progress = new ProgressReporter(file.source);
        progressOf = file.source;
        progress.update(p);
      },
      onImported: (file, result) => {
        progress?.end();
        progress = null;
        progressOf = '';
        for (const line of summaryLines(`${file.source} ${file.path}`, result)) console.log(line);
      },
    });
    console.log(`extracts in ${extracts.dir}: ${extracts.files.map((f) => `${f.source} ${f.rows}`).join(', ')}`);
    console.log(
      `answer key: ${Object.entries(extracts.answerKey.counts)
        .map(([k, n]) => `${k} ${n}`)
        .join(', ')}`,
    );
  } catch (err) {
    failed = true;
    console.error(`simpul seed: ${(err as Error).message}`);
  } finally {
    if (db) {
      await mongoose.disconnect().catch(() => undefined);
      await db.close();
    }
  }
  process.exit(failed ? 1 : 0);
}

main().catch((err: unknown) => {
  console.error(`simpul seed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
