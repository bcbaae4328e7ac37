// Writes tests/setup/durations.json (the order of a run without jest's cache: tests/setup/sequencer.mjs) from the
// output of a whole run, `npx jest --json --outputFile=<file>`: seconds per test file, longest first.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const input = process.argv[2];
if (!input) {
  console.error('usage: node scripts/test-durations.mjs <jest --json output>');
  process.exit(2);
}
const { testResults } = JSON.parse(readFileSync(input, 'utf8'));
const seconds = testResults
  // A run elsewhere (another clone or worktree) names its files under its own root: the path from tests/ on.
  .map((t) => [`tests/${t.name.split('\\').join('/').split('/tests/').slice(1).join('/tests/')}`, Math.round((t.endTime - t.startTime) / 100) / 10])
  .sort((a, b) => b[1] - a[1]);
writeFileSync(join(root, 'tests/setup/durations.json'), `${JSON.stringify(Object.fromEntries(seconds), null, 1)}\n`);
console.log(`tests/setup/durations.json: ${seconds.length} files`);
