import { DEFAULT_AS_OF, generateRegency } from '../../seeds/regency';
import { Random } from '../../seeds/regency/random';

describe('the seeded random generator', () => {
  it('repeats its sequence for the same seed and stream, and differs across streams', () => {
    const draw = (r: Random) => Array.from({ length: 5 }, () => r.next());
    expect(draw(new Random(7, 'a'))).toEqual(draw(new Random(7, 'a')));
    expect(draw(new Random(7, 'a'))).not.toEqual(draw(new Random(7, 'b')));
    expect(draw(new Random(7, 'a'))).not.toEqual(draw(new Random(8, 'a')));
  });

  it('draws integers within both bounds', () => {
    const r = new Random('bounds');
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) seen.add(r.int(3, 6));
    expect([...seen].sort()).toEqual([3, 4, 5, 6]);
  });
});

describe('generateRegency determinism', () => {
  it('builds a byte-identical regency from the same families, seed and date', () => {
    const a = generateRegency({ families: 120, seed: 'same' });
    const b = generateRegency({ families: 120, seed: 'same', asOf: DEFAULT_AS_OF });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });

  it('builds a different regency from a different seed', () => {
    const a = generateRegency({ families: 120, seed: 1 });
    const b = generateRegency({ families: 120, seed: 2 });
    expect(JSON.stringify(a.persons)).not.toBe(JSON.stringify(b.persons));
    expect(JSON.stringify(a.pilar)).not.toBe(JSON.stringify(b.pilar));
  });

  it('treats a number and its decimal string as the same seed', () => {
    expect(JSON.stringify(generateRegency({ families: 30, seed: 7 }))).toBe(JSON.stringify(generateRegency({ families: 30, seed: '7' })));
  });

  it('keeps the same pilar whatever the number of families', () => {
    expect(generateRegency({ families: 0, seed: 5 }).pilar).toEqual(generateRegency({ families: 300, seed: 5 }).pilar);
  });

  it('counts ages back from asOf, ignoring the time of day', () => {
    const morning = generateRegency({ families: 20, seed: 3, asOf: new Date('2024-01-15T08:30:00Z') });
    const midnight = generateRegency({ families: 20, seed: 3, asOf: new Date('2024-01-15T00:00:00Z') });
    expect(JSON.stringify(morning)).toBe(JSON.stringify(midnight));
    expect(Math.max(...morning.persons.map((p) => p.birthDate.getTime()))).toBeLessThan(Date.UTC(2024, 0, 15));
  });

  it('builds an empty regency with its programmes and pilar from zero families', () => {
    const empty = generateRegency({ families: 0, seed: 1 });
    expect(empty.households).toEqual([]);
    expect(empty.persons).toEqual([]);
    expect(empty.enrollments).toEqual([]);
    expect(empty.trainings).toEqual([]);
    expect(empty.programmes).toHaveLength(6);
    expect(empty.pilar).toHaveLength(272);
  });

  it('refuses nonsense options', () => {
    expect(() => generateRegency({ families: -1, seed: 1 })).toThrow(RangeError);
    expect(() => generateRegency({ families: 2.5, seed: 1 })).toThrow(RangeError);
    expect(() => generateRegency({ families: 10, seed: Number.NaN })).toThrow(RangeError);
    expect(() => generateRegency({ families: 10, seed: 1, asOf: new Date('nope') })).toThrow(RangeError);
  });
});
