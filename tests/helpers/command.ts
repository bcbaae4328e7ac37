import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { Command } from '../../src/cli/io';

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
 * The environment a node process the tests start (a command, `npm start`'s entry point) gets besides its own: node's
 * on-disk compile cache (node_modules/.cache/node-compile/, checked against each module's source by node itself),
 * so that the dozens of processes a run starts compile mongoose, Apollo and the project's modules once, not each
 * time. It changes nothing the process does.
 */
export const NODE_PROCESS_ENV: Readonly<Record<string, string>> = { NODE_COMPILE_CACHE: join(__dirname, '..', '..', 'node_modules', '.cache', 'node-compile') };

/**
 * Starts a command-line entry point (`src/cli/*.ts`) the way `npm run` does, with a minimal environment
 * (PATH, HOME, the engine folder) plus `env`, its output piped.
 */
export function spawnCommand(script: string, args: readonly string[], env: Record<string, string | undefined>): ChildProcessByStdio<null, Readable, Readable> {
  const all = commandEnv({ ...NODE_PROCESS_ENV, ...env });
  return spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd: join(__dirname, '..', '..'), env: all, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** The environment a command gets: PATH, HOME, the engine folder, plus `env` (an undefined value left out). */
function commandEnv(env: Record<string, string | undefined>): Record<string, string> {
  const base = { PATH: process.env.PATH, HOME: process.env.HOME, SIMPUL_ENGINE_DIR: process.env.SIMPUL_ENGINE_DIR };
  return Object.fromEntries(Object.entries({ ...base, ...env }).filter((e): e is [string, string] => e[1] !== undefined));
}

/**
 * Runs a command's `run` (src/cli/*.ts) in the test's process, with the environment `runCommand` would give it, and
 * returns the same exit code and output: no process to start (about a second of CPU each). The command opens and
 * closes mongoose's global connection: only for files where nothing else uses it. Keep one spawned run per command
 * (`runCommand`) for the entry point's own wiring.
 */
export async function runInProcess(command: Command, args: readonly string[], env: Record<string, string | undefined>): Promise<CommandResult> {
  let [stdout, stderr] = ['', ''];
  const code = await command(args, { out: (text) => void (stdout += text), err: (text) => void (stderr += text), env: commandEnv(env) });
  return { code, stdout, stderr };
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
