/**
 * What a command's `run(argv, io)` talks to: its two output streams and the environment its configuration is read
 * from. The entry point hands it the process's own (`processIo`); a test can hand it buffers and an environment of
 * its own, and run the command in its process with the same exit code and output.
 */
export interface CommandIo {
  /** Writes to standard output, as is (a line ends with its own "\n"). */
  out(text: string): void;
  /** Writes to standard error, as is. */
  err(text: string): void;
  /** Whether standard error is a terminal (a progress bar redrawn in place) rather than a file or a pipe (a line each). */
  errIsTTY?: boolean;
  /** The environment `loadConfig` reads. */
  env: NodeJS.ProcessEnv;
}

/**
 * The process's stdout, stderr and environment. A reader that went away (`npm run -s apikey -- list | head -1`) is
 * not an error of the command: write errors are ignored, as console.log and console.error, which the commands wrote
 * with before, ignore them.
 */
export function processIo(): CommandIo {
  for (const stream of [process.stdout, process.stderr]) if (!stream.listeners('error').includes(ignoreWriteError)) stream.on('error', ignoreWriteError);
  return { out: (text) => void process.stdout.write(text), err: (text) => void process.stderr.write(text), errIsTTY: process.stderr.isTTY, env: process.env };
}

/** A command: its arguments and streams in, its exit status out. Expected failures are answered, not thrown. */
export type Command = (argv: readonly string[], io: CommandIo) => Promise<number>;

/**
 * A command from its body: what the body throws is answered on stderr after `simpul <name>: ` with exit status
 * `failureStatus`; otherwise the status the body returns (0 when it returns none).
 */
export function commandOf(name: string, failureStatus: number, body: (argv: readonly string[], io: CommandIo) => Promise<number | void> | number): Command {
  return async (argv, io) => {
    try {
      return (await body(argv, io)) ?? 0;
    } catch (err) {
      io.err(`simpul ${name}: ${err instanceof Error ? err.message : String(err)}\n`);
      return failureStatus;
    }
  };
}

/**
 * Runs a command as the process, when its module is the process's entry point (`node --import tsx src/cli/x.ts`):
 * the exit status is the command's. A status of 0 lets the process end by itself (unless `exitWhenDone`: the commands
 * that have always ended with process.exit still do); any other ends it at once.
 */
export function runAsProcess(command: Command, opts: { exitWhenDone?: boolean } = {}): void {
  void command(process.argv.slice(2), processIo()).then((code) => {
    if (code !== 0 || opts.exitWhenDone) process.exit(code);
  });
}

function ignoreWriteError(): void {
  /* the reader went away */
}
