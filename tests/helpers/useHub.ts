import type { ScenarioName } from '../../seeds/regency/scenarios';
import { budgeted, UNITS } from './budget';
import type { TestHub } from './hub';
import { startRegencyHub, type RegencyUse, type Reshape } from './regency';

/*
 * The one setup of a test file that talks to a hub: registers the beforeAll that starts it (within a deadline derived
 * from measured work, tests/helpers/budget.ts) and the afterAll that closes it, and hands back a live handle to read in
 * tests and later hooks.
 */

/**
 * A handle on what a file's beforeAll starts (a hub, a database): every property reads the started one's. Reading it
 * before the beforeAll ran (at the top level of the file, say) throws, naming the setup.
 */
export function liveHandle<T extends object>(what: string, current: () => T | undefined, noun = 'hub'): T {
  return new Proxy({} as T, {
    get(_target, prop) {
      const started = current();
      if (!started) {
        // Not a thenable, and quiet for inspection (jest and node look for these on anything they print).
        if (prop === 'then' || typeof prop === 'symbol') return undefined;
        throw new Error(`the ${noun} of this file (${what}) is not started: read it in a test or in a hook after the beforeAll that starts it`);
      }
      const value = Reflect.get(started, prop, started) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(started) : value;
    },
    has: (_target, prop) => prop in (current() ?? {}),
  });
}

export interface UseHubOptions {
  /** Work done after the hub started, inside the same deadline (reading subjects from the database, say). */
  then?: (hub: TestHub) => Promise<void>;
  /** Closes what the start opened besides the hub (after the hub closed). */
  cleanup?: () => void | Promise<void>;
}

/**
 * Starts a hub with `start` before the file's tests, `units` reference works its deadline, `what` the failure message's
 * description of that work; closes it after them.
 */
export function useHub(what: string, units: number, start: () => Promise<TestHub>, options: UseHubOptions = {}): TestHub {
  let hub: TestHub | undefined;
  beforeAll(
    ...budgeted(what, units, async () => {
      hub = await start();
      await options.then?.(hub);
    }),
  );
  afterAll(async () => {
    try {
      await hub?.close();
    } finally {
      await options.cleanup?.();
    }
  });
  return liveHandle(what, () => hub);
}

export interface UseRegencyHubOptions extends UseHubOptions {
  /** Reshapes the generated regency (tests/helpers/regency.ts regencyFixture: one function name per distinct reshape). */
  reshape?: Reshape;
  /** `read` (default) shares the run's template read-only; `write` gets a copy of its own. */
  use?: RegencyUse;
  /** Configures the hub further (environment variables of src/config.ts: a production hub, tighter limits). */
  env?: Record<string, string>;
}

/**
 * A hub on the scenario's regency for this file (startRegencyHub): the run's shared template for a file that only
 * reads, a copy of its own for one that writes.
 */
export function useRegencyHub(name: ScenarioName, options: UseRegencyHubOptions = {}): TestHub {
  const { reshape, use = 'read', env } = options;
  const what = `loading the ${name} regency${reshape ? ` (${reshape.name})` : ''} (or waiting for it)${use === 'write' ? ', copying it' : ''} and starting a hub on it`;
  return useHub(what, UNITS.regency, () => startRegencyHub(name, reshape, use, env), options);
}
