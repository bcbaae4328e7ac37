// The checks `npm test` runs before jest, run side by side instead of one after the other: each is the npm script of
// the same name, unchanged, and all of them read the tree only, so none can disturb another. As many run at once as
// the machine has cores; the slowest start first. Output is printed per check when it ends; the exit code is 1 when
// any failed (after all have ended, so that every failure shows). Outside CI, ESLint and Prettier keep their caches
// (in node_modules/.cache/, keyed on file contents); in CI (CI set) they run without, as before. The type check is
// incremental in its npm script (node_modules/.cache/tsc/): a fresh clone has no cache, so CI checks everything.
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';

const ci = Boolean(process.env.CI);
const cache = (tool, flags) => (ci ? [] : ['--', ...flags(`node_modules/.cache/${tool}/`)]);

/** Slowest first (measured on this repository): typecheck and ESLint take most of the time. */
const CHECKS = [
  ['typecheck'],
  ['lint', ...cache('eslint', (dir) => ['--cache', '--cache-strategy', 'content', '--cache-location', dir])],
  ['codegen:check'],
  ['lint:deps'],
  ['contracts:check'],
  ['docs:check'],
  ['format:check', ...cache('prettier', (dir) => ['--cache', '--cache-strategy', 'content', '--cache-location', `${dir}cache.json`])],
];

function run([script, ...args]) {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '-s', script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (b) => (output += b));
    child.stderr.on('data', (b) => (output += b));
    child.on('error', (err) => resolve({ script, ok: false, output: `${output}${err.message}\n`, seconds: 0 }));
    child.on('close', (code) => resolve({ script, ok: code === 0, output, seconds: (performance.now() - started) / 1000 }));
  });
}

const queue = [...CHECKS];
const failed = [];
const started = performance.now();
async function worker() {
  for (let next = queue.shift(); next; next = queue.shift()) {
    const r = await run(next);
    process.stdout.write(`== ${r.script}: ${r.ok ? 'ok' : 'FAILED'} (${r.seconds.toFixed(1)} s)\n${r.output}`);
    if (!r.ok) failed.push(r.script);
  }
}
await Promise.all(Array.from({ length: Math.max(1, Math.min(availableParallelism(), CHECKS.length)) }, worker));
process.stdout.write(`== checks: ${failed.length ? `FAILED: ${failed.join(', ')}` : 'all passed'} in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
process.exit(failed.length ? 1 : 0);
