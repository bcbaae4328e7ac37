// The order of the test files. Jest runs its workers' files longest first only when its cache holds their
// durations from a run before; a fresh clone (CI) has none, and jest then orders by file size, which put the
// longest file (integration/idempotency, over a minute) among the last ones, one worker running it alone at the end.
// Here a file without a cached duration takes the one measured in tests/setup/durations.json (seconds per file of a
// whole run, refreshed with `node scripts/test-durations.mjs <jest --json output>`), and a file in neither (a new
// one) takes UNKNOWN_MS, so that the run still starts with the files known to be longest. Failed files still run first.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import TestSequencer from '@jest/test-sequencer';

const measured = JSON.parse(readFileSync(new URL('./durations.json', import.meta.url), 'utf8'));

/** A file measured nowhere: about a typical hub file's time. */
const UNKNOWN_MS = 5_000;

export default class LongestFirst extends (TestSequencer.default ?? TestSequencer) {
  time(test) {
    const cached = super.time(test);
    if (cached != null) return cached;
    const seconds = measured[relative(test.context.config.rootDir, test.path).split('\\').join('/')];
    return seconds != null ? seconds * 1000 : UNKNOWN_MS;
  }
}
