// CommonJS, so that jest loads it on every supported Node without ts-node.
// One embedded engine for the whole run (globalSetup); each test file then opens
// a database of its own on it (uniqueDbName, tests/helpers/config.ts), so files never share state.
/** @type {import('jest').Config} */
const config = {
  // jest's node environment, the files of a worker sharing one realm (tests/setup/environment.cjs), for the runtime below.
  testEnvironment: '<rootDir>/tests/setup/environment.cjs',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  // TypeScript to CommonJS by Sucrase (types stripped, no type check: `npm run typecheck` does that), about five times
  // less CPU than ts-jest on a fresh clone; exports stay plain assignments, so jest.spyOn on a module's export works.
  // Dynamic import() becomes require(), as jest's CommonJS runtime needs.
  transform: { '^.+\\.ts$': ['@sucrase/jest-plugin', { preserveDynamicImport: false }] },
  globalSetup: '<rootDir>/tests/setup/globalSetup.ts',
  globalTeardown: '<rootDir>/tests/setup/globalTeardown.ts',
  // Longest files first, also on a fresh clone (no jest cache): tests/setup/sequencer.mjs.
  testSequencer: '<rootDir>/tests/setup/sequencer.mjs',
  // jest's runtime, compiling each module once per worker instead of once per test file, and loading third-party modules
  // once per worker (mongoose and a few others aside): tests/setup/runtime.cjs.
  runtime: '<rootDir>/tests/setup/runtime.cjs',
  testTimeout: 60_000,
  // Four workers on the two cores of the machines this runs on: a file's worker spends part of its time waiting for the
  // run's one engine, and the others keep the cores busy meanwhile. Whole runs on this repository (2026-12-01, shared
  // realm, interleaved): jest 164 s and 167 s with three workers, 153 s, 147 s and 155 s with four, 162 s with five;
  // every test passing each time. (Two against three, 2026-11-30: 297 s against 270 s.)
  maxWorkers: 4,
};

module.exports = config;
