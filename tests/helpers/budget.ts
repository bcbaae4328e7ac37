import { availableParallelism, loadavg } from 'node:os';

/*
 * Hook deadlines derived from measured work instead of fixed numbers. globalSetup measures, once per run, how long
 * this machine takes right now for a reference work (loading the tiny regency, 40 families, through the models into a
 * database of its own: tests/setup/calibrate.ts) and the 1-minute load average at that moment, and hands both to the
 * workers; a hook that does about `units` such works gets `units` times that, times SLACK for load that rises later in
 * the run, times how much busier the machine is when the file starts than when the reference was measured (loadFactor),
 * and never less than FLOOR_MS.
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

/**
 * How much busier the machine is now than when the reference was measured: the 1-minute load average now over the
 * one then (each at least the number of cores: an idle machine is not faster than its cores); 1 when not measured.
 */
export function loadFactor(): { factor: number; now: number; then: number | null } {
  const then = Number(process.env.SIMPUL_TEST_REFERENCE_LOAD);
  const now = loadavg()[0]!;
  if (!process.env.SIMPUL_TEST_REFERENCE_LOAD || !Number.isFinite(then)) return { factor: 1, now, then: null };
  const cores = availableParallelism();
  return { factor: Math.max(1, Math.max(now, cores) / Math.max(then, cores)), now, then };
}

/** The deadline of a hook worth `units` reference works. */
export function deadlineMs(units: number): number {
  return Math.max(FLOOR_MS, Math.round(units * reference().ms * SLACK * loadFactor().factor));
}

/**
 * A hook body and its jest timeout, for `beforeAll(...budgeted('loading the small regency', 8, async () => ...))`:
 * past its deadline the hook fails with a message that says what was measured (jest's own timeout, a little later,
 * stays as the backstop).
 */
export function budgeted(what: string, units: number, fn: () => Promise<void>): [() => Promise<void>, number] {
  const load = loadFactor();
  const deadline = deadlineMs(units);
  const body = async () => {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        const ref = reference();
        const how = ref.measured ? `measured at the start of this run` : `not measured (no globalSetup): assumed`;
        const busier =
          load.then === null
            ? ''
            : ` x ${load.factor.toFixed(2)} for the load (1-minute load average ${load.now.toFixed(1)} when the file started, ${load.then.toFixed(1)} when measured)`;
        reject(
          new Error(
            `${what}: not done after ${deadline} ms, its deadline: ${units} x the reference work (loading the tiny regency: ${ref.ms} ms, ${how}) x ${SLACK} of headroom${busier}, at least ${FLOOR_MS} ms`,
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
 * Work in reference works, as measured on this machine. Under a load of 17-20 (reference 2.0-2.9 s): the small regency
 * loaded through the models 18-25 s (about 9), copied 10-17 s (about 6); its extracts imported 72 s (about 36), copied
 * 18 s (about 9). Under a load of 14 with other engineers' imports on the disk (reference 580 ms, session 18): the small
 * regency loaded 10-13 s (17-23), copied 2.9 s (5); its extracts imported 66 s (113) and once past 84 s; the import
 * copied 4-22 s (7-37); the default regency's extracts not imported within 209 s (360). Imports slow down under load
 * more than the reference does, so their units sit between the two runs (SLACK covers the rest). A hook may wait for
 * another worker's build and then copy: its budget covers both.
 */
export const UNITS = {
  /** useRegencyHub / startRegencyHub: the template loaded (here or by another worker), maybe copied, a hub started. */
  regency: 16,
  /** useImportedSmallHub / importedSmallCopy: the extracts imported once per run (here or by another worker), copied, a hub started. */
  importedSmall: 100,
  /** The default regency's extracts (2,000 families) written and imported through the importer, not shared. */
  importedDemo: 150,
  /** The small regency's extracts written and imported through the importer, not shared (or imported once more). */
  importSmall: 60,
  /** The tiny regency's extracts (40 families) written and imported through the importer, not shared. */
  importTiny: 10,
  /** A command-line entry point run as a process of its own to its end (node --import tsx: compiling, connecting). */
  command: 12,
  /** An embedded engine process started (or stopped) by a test itself, beside the run's. */
  engine: 4,
  /** `npm start` as a process of its own (node --import tsx seeds/start.ts) up to 'hub listening', with an engine of its own. */
  hubProcess: 16,
  /** The pushdown spec's generated filters or pages run on an engine with pushdown and one without, and compared. */
  compareEngines: 12,
  /** The reference dashboard built with vite (examples/dashboard/build.mjs) and headless Chromium launched. */
  dashboard: 24,
} as const;
