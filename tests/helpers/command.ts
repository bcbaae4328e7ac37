import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { join } from 'node:path';
import type { Readable } from 'node:stream';

export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The environment of a command run against the test run's engine and one database of it, logs off. */
export function databaseEnv(dbName: string): Record<string, string | undefined> {
  return { MONGODB_URI: process.env.MONGODB_URI, MONGODB_DB: dbName, LOG_LEVEL: 'silent' };
}

/**
 * Starts a command-line entry point (`src/cli/*.ts`) the way `npm run` does, with a minimal environment
 * (PATH, HOME, the engine folder) plus `env`, its output piped.
 */
export function spawnCommand(script: string, args: readonly string[], env: Record<string, string | undefined>): ChildProcessByStdio<null, Readable, Readable> {
  const base = { PATH: process.env.PATH, HOME: process.env.HOME, SIMPUL_ENGINE_DIR: process.env.SIMPUL_ENGINE_DIR };
  const all = Object.fromEntries(Object.entries({ ...base, ...env }).filter((e): e is [string, string] => e[1] !== undefined));
  return spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd: join(__dirname, '..', '..'), env: all, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Runs a command to its end, without blocking the test's event loop, and returns its exit code and output. */
export function runCommand(script: string, args: readonly string[], env: Record<string, string | undefined>): Promise<CommandResult> {
  const child = spawnCommand(script, args, env);
  let [stdout, stderr] = ['', ''];
  child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}
