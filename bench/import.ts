/**
 * Import throughput and peak memory of the importers (issue 4).
 *
 * For each size: generates the regency (seed "bench"), writes its extracts, then imports them in
 * order in a child process of its own (so its peak memory is the importers', not the generator's)
 * into a fresh embedded engine, or into MONGODB_URI when set.
 *
 * Run:  npx tsx bench/import.ts [families ...] [--chunk-size N] [--engine-profile P]
 *       (default: 2000 50000; chunk size 5000; profile detected from the server)
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { generateRegency } from '../seeds/regency';
import { writeExtracts, type Extracts } from '../seeds/extracts';
import { loadConfig } from '../src/config';
import { connectMongoose, ensureIndexes } from '../src/db/connection';
import { startEngine } from '../src/db/engine';
import { ensureEngineBinary } from '../src/db/engineBuild';
import { RecordCache } from '../src/integration/cache';
import { importFile } from '../src/integration/runner';
import type { EngineProfile } from '../src/integration/store';
import { createLogger } from '../src/log';
import { option } from './process';

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

/** The child: imports the files of a directory and prints one JSON line per file, then its peak memory. */
async function importDirectory(dir: string, uri: string): Promise<void> {
  const manifest = JSON.parse(process.env.SIMPUL_BENCH_FILES!) as Extracts['files'];
  await connectMongoose(uri, 'bench');
  await ensureIndexes();
  let peakHeap = 0;
  const sampler = setInterval(() => (peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)), 100);
  const cache = new RecordCache();
  for (const f of manifest) {
    const r = await importFile({
      source: f.source,
      file: join(dir, f.path.split('/').pop()!),
      cache,
      chunkSize: option('--chunk-size') ? Number(option('--chunk-size')) : undefined,
      profile: option('--engine-profile') as EngineProfile | undefined,
    });
    console.log(
      JSON.stringify({
        source: f.source,
        status: r.status,
        rows: r.counts.read,
        seconds: r.seconds,
        phases: Object.fromEntries(Object.entries(r.phases).map(([k, v]) => [k, Math.round(v / 100) / 10])),
      }),
    );
  }
  clearInterval(sampler);
  console.log(JSON.stringify({ peakRss: process.resourceUsage().maxRSS * 1024, peakHeap }));
  await mongoose.disconnect();
}

async function main(): Promise<void> {
  const dir = option('--import-dir');
  if (dir) return importDirectory(dir, option('--uri')!);
  const sizes = process.argv
    .slice(2)
    .filter((a, i, all) => /^\d+$/.test(a) && !all[i - 1]?.startsWith('--'))
    .map(Number);
  const log = createLogger('warn');
  const config = loadConfig();
  for (const families of sizes.length > 0 ? sizes : [2000, 50_000]) {
    const work = mkdtempSync(join(tmpdir(), 'simpul-bench-import-'));
    const engine = process.env.MONGODB_URI
      ? null
      : await startEngine({ binary: await ensureEngineBinary(config.engineDir, log), dataDir: join(work, 'data'), log, timeoutMs: 30_000 });
    try {
      let t = Date.now();
      const regency = generateRegency({ families, seed: 'bench' });
      const extracts = await writeExtracts(regency, join(work, 'extracts'), { seed: 'bench', families });
      console.log(`${families} families (${regency.persons.length} people): generated and wrote extracts in ${((Date.now() - t) / 1000).toFixed(1)} s`);
      t = Date.now();
      const uri = engine?.uri ?? process.env.MONGODB_URI!;
      const passOn = process.argv.slice(2).filter((a) => !/^\d+$/.test(a) || process.argv[process.argv.indexOf(a) - 1]?.startsWith('--'));
      const out = execFileSync(process.execPath, ['--import', 'tsx', __filename, '--import-dir', join(work, 'extracts'), '--uri', uri, ...passOn], {
        env: { ...process.env, SIMPUL_BENCH_FILES: JSON.stringify(extracts.files) },
        encoding: 'utf8',
        maxBuffer: 16 * 1024 * 1024,
      });
      const lines = out
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, number | string>);
      const memory = lines.pop()!;
      let rows = 0;
      for (const l of lines) {
        rows += Number(l.rows);
        const phases = Object.entries(l.phases as unknown as Record<string, number>)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ');
        console.log(
          `  ${String(l.source).padEnd(18)} ${String(l.status).padEnd(9)} ${String(l.rows).padStart(8)} rows ${Number(l.seconds).toFixed(1).padStart(7)} s ${String(Math.round(Number(l.rows) / Number(l.seconds))).padStart(7)} rows/s  (s: ${phases})`,
        );
      }
      const seconds = (Date.now() - t) / 1000;
      console.log(
        `  all files: ${rows} rows in ${seconds.toFixed(1)} s = ${Math.round(rows / seconds)} rows/s; importer peak RSS ${mb(Number(memory.peakRss))}, peak heap ${mb(Number(memory.peakHeap))}`,
      );
    } finally {
      await engine?.stop();
      rmSync(work, { recursive: true, force: true });
    }
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
