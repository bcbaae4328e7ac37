import type { Config } from 'jest';

// One embedded engine for the whole run (globalSetup); each test file then opens
// a database of its own on it (tests/helpers/db.ts), so files never share state.
const config: Config = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  globalSetup: '<rootDir>/tests/setup/globalSetup.ts',
  globalTeardown: '<rootDir>/tests/setup/globalTeardown.ts',
  testTimeout: 60_000,
  maxWorkers: 2,
};

export default config;
