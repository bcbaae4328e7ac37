/*
 * Hook deadlines derived from measured work instead of fixed numbers. globalSetup measures, once per run, how long
 * this machine takes right now for a reference work (loading the tiny regency, 40 families, through the models into a
 * database of its own: tests/setup/calibrate.ts) and hands it to the workers; a hook that does about `units` such
 * works gets `units` times that, times SLACK for load that rises later in the run, and never less than FLOOR_MS.
 */

/** Headroom over the measurement: the load of a shared 2-core machine changes within a run. */
export const SLACK = 6;
/** No hook deadline is shorter than this. */
export const FLOOR_MS = 30_000;
/** Used when the run did not measure (a file run without globalSetup). */
const UNMEASURED_MS = 5_000;

/** The reference work's duration in this run, and whether it was measured. */
export function reference(): { ms: number; measured: boolean } {
  const ms = Number(process.env.SIMPUL_TEST_REFERENCE_MS);
  return Number.isFinite(ms) && ms > 0 ? { ms, measured: true } : { ms: UNMEASURED_MS, measured: false };
}

/** The deadline of a hook worth `units` reference works. */
export function deadlineMs(units: number): number {
  return Math.max(FLOOR_MS, Math.round(units * reference().ms * SLACK));
}

/**
 * A hook body and its jest timeout, for `beforeAll(...budgeted('loading the small regency', 8, async () => ...))`:
 * past its deadline the hook fails with a message that says what was measured (jest's own timeout, a little later,
 * stays as the backstop).
 */
export function budgeted(what: string, units: number, fn: () => Promise<void>): [() => Promise<void>, number] {
  const deadline = deadlineMs(units);
  const body = async () => {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        const ref = reference();
        const how = ref.measured ? `measured at the start of this run` : `not measured (no globalSetup): assumed`;
        reject(
          new Error(
            `${what}: not done after ${deadline} ms, its deadline: ${units} x the reference work (loading the tiny regency: ${ref.ms} ms, ${how}) x ${SLACK} of headroom, at least ${FLOOR_MS} ms`,
          ),
        );
      }, deadline);
    });
    try {
      await Promise.race([fn(), late]);
    } finally {
      clearTimeout(timer);
    }
  };
  return [body, deadline + 10_000];
}

/**
 * The work of the shared fixtures in reference works, as measured on this machine (tiny regency 2.0-2.9 s under a load
 * of 17-20): the small regency loaded through the models 18-25 s (about 9), copied 10-17 s (about 6); the small
 * regency's extracts imported 72 s (about 36), copied 18 s (about 9). A hook may wait for another worker's build and
 * then copy: its budget covers both.
 */
export const UNITS = {
  /** startRegencyHub / startAuthHub: the template loaded (here or by another worker), maybe copied, a hub started. */
  regency: 16,
  /** importedSmallCopy: the extracts imported once per run (here or by another worker), copied, a hub started. */
  importedSmall: 48,
  /** The default regency's extracts (2,000 families) written and imported through the importer, not shared. */
  importedDemo: 60,
  /** The small regency's extracts written and imported through the importer, not shared (or imported once more). */
  importSmall: 24,
  /** The tiny regency's extracts (40 families) written and imported through the importer, not shared. */
  importTiny: 4,
  /** The small regency loaded through the models into a database of the file's own (not shared), a hub started. */
  loadSmall: 12,
  /** A command-line entry point run as a process of its own to its end (node --import tsx: compiling, connecting). */
  command: 4,
  /** An embedded engine process started (or stopped) by a test itself, beside the run's. */
  engine: 4,
  /** `npm start` as a process of its own (node --import tsx seeds/start.ts) up to 'hub listening', with an engine of its own. */
  hubProcess: 8,
  /** The pushdown spec's generated filters or pages run on an engine with pushdown and one without, and compared. */
  compareEngines: 8,
  /** The reference dashboard built with vite (examples/dashboard/build.mjs) and headless Chromium launched. */
  dashboard: 24,
} as const;
