// The checks `npm test` runs before jest, run side by side instead of one after the other: each is the npm script of
// the same name, unchanged, and all of them read the tree only, so none can disturb another. As many run at once as
// the machine has cores; the slowest start first. Output is printed per check when it ends; the exit code is 1 when
// any failed (after all have ended, so that every failure shows). Outside CI, ESLint and Prettier keep their caches
// (in node_modules/.cache/, keyed on file contents); in CI (CI set) they run without, as before. The type check is
// incremental in its npm script (node_modules/.cache/tsc/): a fresh clone has no cache, so CI checks everything.
// A script's command runs the way `npm run` runs it (sh -c, node_modules/.bin first on PATH, the arguments appended)
// but without an npm process per check; the steps of the scripts in SPLIT (`a && b`, each reading the tree only) run
// as checks of their own, so that the root type check is not queued behind the dashboard's.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { scripts } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
/** Scripts whose `&&` steps are independent checks of the tree. */
const SPLIT = new Set(['typecheck', 'codegen:check']);

const ci = Boolean(process.env.CI);
const cache = (tool, flags) => (ci ? [] : ['--', ...flags(`node_modules/.cache/${tool}/`)]);

/** Slowest first (measured on this repository, fresh clone): ESLint and Prettier, then the type check (TypeScript 7). */
const CHECKS = [
  ['lint', ...cache('eslint', (dir) => ['--cache', '--cache-strategy', 'content', '--cache-location', dir])],
  ['format:check', ...cache('prettier', (dir) => ['--cache', '--cache-strategy', 'content', '--cache-location', `${dir}cache.json`])],
  ['typecheck'],
  ['codegen:check'],
  ['lint:deps'],
  ['contracts:check'],
  ['docs:check'],
];

/** One command line per check: the script's command (or one step of it), the arguments quoted as npm appends them. */
function commands([script, ...args]) {
  const command = scripts[script];
  if (!command) throw new Error(`package.json has no script ${script}`);
  const extra = args.filter((a) => a !== '--').map((a) => `'${a.replace(/'/g, `'\\''`)}'`);
  const steps = SPLIT.has(script) ? command.split(' && ') : [command];
  return steps.map((step, i) => ({ name: steps.length > 1 ? `${script} (${i + 1}/${steps.length})` : script, line: [step, ...extra].join(' ') }));
}

const env = { ...process.env, PATH: `${join(root, 'node_modules', '.bin')}${delimiter}${process.env.PATH ?? ''}` };

function run({ name, line }) {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn('sh', ['-c', line], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (b) => (output += b));
    child.stderr.on('data', (b) => (output += b));
    child.on('error', (err) => resolve({ script: name, ok: false, output: `${output}${err.message}\n`, seconds: 0 }));
    child.on('close', (code) => resolve({ script: name, ok: code === 0, output, seconds: (performance.now() - started) / 1000 }));
  });
}

// First steps in CHECKS' order (slowest first), then the second steps of the split scripts.
const steps = CHECKS.map(commands);
const queue = [];
for (let i = 0; steps.some((s) => s[i]); i++) for (const s of steps) if (s[i]) queue.push(s[i]);
const failed = [];
const started = performance.now();
async function worker() {
  for (let next = queue.shift(); next; next = queue.shift()) {
    const r = await run(next);
    process.stdout.write(`== ${r.script}: ${r.ok ? 'ok' : 'FAILED'} (${r.seconds.toFixed(1)} s)\n${r.output}`);
    if (!r.ok) failed.push(r.script);
  }
}
await Promise.all(Array.from({ length: Math.max(1, Math.min(availableParallelism(), queue.length)) }, worker));
process.stdout.write(`== checks: ${failed.length ? `FAILED: ${failed.join(', ')}` : 'all passed'} in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
process.exit(failed.length ? 1 : 0);
