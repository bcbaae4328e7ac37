import { generateRegency, type GenerateRegencyOptions, type Regency } from './index';

/** Families in the demo regency: big enough for every desa, small enough to seed in a blink. */
export const DEFAULT_FAMILIES = 2000;

/**
 * Named sizes for tests and demos. `tiny` leaves most desa empty and exercises the
 * small-regency fallbacks; `small` is the usual unit-test regency; `demo` covers every desa.
 */
export const SCENARIOS = {
  tiny: { families: 40, seed: 1 },
  small: { families: 300, seed: 7 },
  demo: { families: DEFAULT_FAMILIES, seed: 'madiun' },
} as const satisfies Record<string, GenerateRegencyOptions>;

export type ScenarioName = keyof typeof SCENARIOS;

export function isScenarioName(name: string): name is ScenarioName {
  return Object.hasOwn(SCENARIOS, name);
}

export function scenario(name: ScenarioName, asOf?: Date): Regency {
  return generateRegency({ ...SCENARIOS[name], ...(asOf ? { asOf } : {}) });
}
