/**
 * Builds a large embedded-engine data directory for read measurements (issue 12): a regency of
 * `--families` families (seed `bench`) written through `loadRegency`, with the reference regions,
 * the model indexes and the per-desa statistics counters, then a README describing it.
 *
 * Run: nice npx tsx bench/build-large.ts --dir /work/data-250k [--families 250000] [--db simpul]
 * The directory must not exist or be empty. The database name defaults to the hub's default
 * (`simpul`), so a hub started with SIMPUL_DATA_DIR=<dir> serves it as it is.
 */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { generateRegency } from '../seeds/regency';
import { loadRegency } from '../seeds/loadRegency';
import { loadConfig } from '../src/config';
import { openDatabase } from '../src/db/database';
import { ensureRegions } from '../src/db/reference';
import { refreshDirtyCounters } from '../src/db/statisticsCounters';
import { ENGINE_PATCH_RELEASE, enginePatchHash } from '../src/db/enginePatch';
import { createLogger } from '../src/log';

const args = process.argv.slice(2);
const option = (name: string, fallback: string): string => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1]! : fallback;
};
const dir = resolve(option('--dir', '/work/data-250k'));
const families = Number(option('--families', '250000'));
const dbName = option('--db', 'simpul');
const seed = 'bench';

const since = (t: number) => `${((performance.now() - t) / 1000).toFixed(1)} s`;

/** `--counters-only`: a directory whose load finished but whose counters did not: count them, write the README. */
async function countersOnly(): Promise<void> {
  const config = loadConfig({ ...process.env, MONGODB_URI: undefined, MONGODB_DB: dbName, SIMPUL_DATA_DIR: dir, LOG_LEVEL: 'warn' });
  const db = await openDatabase(config, createLogger(config.logLevel), { owner: 'bench/build-large.ts' });
  try {
    const started = performance.now();
    await refreshDirtyCounters();
    console.log(`statistics counters in ${since(started)}`);
    const conn = (await import('mongoose')).default.connection.db!;
    const count = async (c: string) => conn.collection(c).countDocuments({});
    writeFileSync(
      `${dir}/README`,
      [
        `Embedded-engine data directory for issue 12's read measurements.`,
        `database name: ${dbName}`,
        `families: ${await count('households')}, people: ${await count('persons')}, enrollments: ${await count('enrollments')}, trainings: ${await count('trainings')}, participations: ${await count('trainingParticipations')}, pilar: ${await count('pilar')}`,
        `generator seed: ${JSON.stringify(seed)}; built with: nice npx tsx bench/build-large.ts --dir ${dir} --families ${families} --db ${dbName}`,
        `  (seeds/loadRegency.ts through the models, reference regions, model indexes); statistics counters then by --counters-only`,
        `engine binary of the counters: ${config.engineDir}/ferretdb-v1.24.2-${ENGINE_PATCH_RELEASE}-${enginePatchHash()}`,
        `counters ${new Date().toISOString()}`,
        `One engine per data directory: copy it (cp -a ${dir} ${dir}-<you>) before starting an engine on it.`,
        '',
      ].join('\n'),
    );
  } finally {
    await db.close();
  }
}

async function main(): Promise<void> {
  if (args.includes('--counters-only')) return countersOnly();
  if (existsSync(dir) && readdirSync(dir).length > 0) throw new Error(`${dir} is not empty`);
  mkdirSync(dir, { recursive: true });
  const config = loadConfig({ ...process.env, MONGODB_URI: undefined, MONGODB_DB: dbName, SIMPUL_DATA_DIR: dir, LOG_LEVEL: 'warn' });
  const log = createLogger(config.logLevel);
  const started = performance.now();
  const regency = generateRegency({ families, seed });
  const counts = Object.fromEntries(Object.entries(regency).map(([k, v]) => [k, (v as unknown[]).length]));
  console.log(`generated ${families} families in ${since(started)}: ${JSON.stringify(counts)}`);
  const db = await openDatabase(config, log, { owner: 'bench/build-large.ts' });
  try {
    await ensureRegions();
    const loadStarted = performance.now();
    let last = 0;
    await loadRegency(regency, (p) => {
      if (p.written === p.total || performance.now() - last > 15_000) {
        last = performance.now();
        console.log(`  ${since(loadStarted)}: ${p.collection} ${p.written}/${p.total}`);
      }
    });
    const loadTook = since(loadStarted);
    const countersStarted = performance.now();
    await refreshDirtyCounters();
    console.log(`loaded in ${loadTook}; statistics counters in ${since(countersStarted)}`);
    const rss = Math.round(process.memoryUsage().rss / 2 ** 20);
    writeFileSync(
      `${dir}/README`,
      [
        `Embedded-engine data directory for issue 12's read measurements.`,
        `database name: ${dbName}`,
        `families: ${counts.households}, people: ${counts.persons}, enrollments: ${counts.enrollments}, trainings: ${counts.trainings}, participations: ${counts.participations}, pilar: ${counts.pilar}`,
        `generator seed: ${JSON.stringify(seed)}; built with: nice npx tsx bench/build-large.ts --dir ${dir} --families ${families} --db ${dbName}`,
        `  (seeds/loadRegency.ts through the models, reference regions, model indexes, statistics counters ready)`,
        `engine binary: ${config.engineDir}/ferretdb-v1.24.2-${ENGINE_PATCH_RELEASE}-${enginePatchHash()} (FerretDB v1.24.2 on SQLite with src/db/engine-patches at ${ENGINE_PATCH_RELEASE})`,
        `built ${new Date().toISOString()}, load ${loadTook}, process RSS at the end ${rss} MB`,
        `One engine per data directory: copy it (cp -a ${dir} ${dir}-<you>) before starting an engine on it.`,
        '',
      ].join('\n'),
    );
    console.log(`done in ${since(started)}`);
  } finally {
    await db.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
