import { DEFAULT_AS_OF } from '../../seeds/regency';
import { generateRegencyFromArgs, parseRegencyArgs, summarizeRegency } from '../../seeds/regency/cli';
import { DEFAULT_FAMILIES, SCENARIOS, scenario } from '../../seeds/regency/scenarios';

describe('regency command-line options', () => {
  it('default to the demo regency of 2000 families', () => {
    expect(DEFAULT_FAMILIES).toBe(2000);
    expect(parseRegencyArgs([])).toEqual({ families: 2000, seed: 'madiun' });
  });

  it('take a named scenario, and explicit families or seed over it', () => {
    expect(parseRegencyArgs(['--scenario', 'tiny'])).toEqual(SCENARIOS.tiny);
    expect(parseRegencyArgs(['--scenario=small', '--families', '12'])).toEqual({ families: 12, seed: 7 });
    expect(parseRegencyArgs(['--seed=abc', '--as-of', '2025-01-31'])).toEqual({
      families: 2000,
      seed: 'abc',
      asOf: new Date(Date.UTC(2025, 0, 31)),
    });
  });

  it('reject unknown options and malformed values with the usage text', () => {
    expect(() => parseRegencyArgs(['--family', '3'])).toThrow(/unknown option "--family"[\s\S]*options:/);
    expect(() => parseRegencyArgs(['--families', '-3'])).toThrow(/--families must be a whole number/);
    expect(() => parseRegencyArgs(['--families'])).toThrow(/--families needs a value/);
    expect(() => parseRegencyArgs(['--scenario', 'huge'])).toThrow(/unknown scenario "huge"/);
    expect(() => parseRegencyArgs(['--as-of', '2025-13-01'])).toThrow(/--as-of must be YYYY-MM-DD/);
  });

  it('build and summarise a regency from words', () => {
    const regency = generateRegencyFromArgs(['--scenario', 'tiny']);
    expect(summarizeRegency(regency)).toMatchObject({ households: 40, programmes: 6, pilar: 272, trainings: 3 });
    expect(JSON.stringify(regency)).toBe(JSON.stringify(scenario('tiny', DEFAULT_AS_OF)));
  });
});
