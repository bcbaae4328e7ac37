/**
 * How long the synthetic regency takes to build, and how much heap it holds once built.
 * Run: npx tsx bench/seed-build.ts [families ...]   (default: 2000 50000)
 * For steadier heap numbers: NODE_OPTIONS=--expose-gc npx tsx bench/seed-build.ts
 */
import { generateRegency } from '../seeds/regency';
import { summarizeRegency } from '../seeds/regency/cli';
import { regionReference } from '../src/reference/regions';

const gc = (globalThis as { gc?: () => void }).gc;
const sizes = process.argv.slice(2).map(Number);
const runs = sizes.length > 0 ? sizes : [2000, 50_000];

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

// Read the region list outside the timings: every run after the first would get it free.
regionReference();

for (const families of runs) {
  gc?.();
  const before = process.memoryUsage().heapUsed;
  const started = performance.now();
  const regency = generateRegency({ families, seed: 'bench' });
  const ms = performance.now() - started;
  gc?.();
  const after = process.memoryUsage().heapUsed;
  const counts = summarizeRegency(regency);
  console.log(
    `${families} families: ${ms.toFixed(0)} ms, heap used ${mb(after)} (+${mb(after - before)} held by the result${gc ? '' : ', without --expose-gc'})`,
    JSON.stringify(counts),
  );
}
