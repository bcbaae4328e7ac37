import { jsonText } from '../../src/integration/changeTracking';

/**
 * The lineage text of a stored record is what JSON.stringify gives (its hashes and the records
 * written again depend on it); jsonText (also the journal's text) turns the dates into their texts first, for speed.
 */
describe('the lineage text of a record', () => {
  const at = (iso: string) => new Date(iso);

  it('is the text JSON.stringify gives, for observations, dates, nested lists and the values JSON leaves out or turns into null', () => {
    class Stamp {
      constructor(readonly at: Date) {}
    }
    const withOwnToJson = Object.assign(new Date('2020-01-01T00:00:00.000Z'), { toJSON: () => 'own' });
    const samples: Record<string, unknown>[] = [
      {
        sources: {
          SENOPATI: { nik: '3519014610620001', birthDate: at('1962-10-06T00:00:00.000Z'), asOf: at('2026-07-01T00:00:00.000Z'), line: 3, hash: 'x' },
          DTSEN: { birthDate: null, asOf: at('2026-07-01T00:00:00.000Z'), skipped: undefined, nested: [[at('2001-02-03T04:05:06.789Z')], { d: at('1999-12-31T23:59:59.999Z') }] },
        },
        provenance: { desa: 'SENOPATI' },
        enrollmentIds: ['E1', 'E2'],
        openDiscrepancies: [{ key: 'k', id: 'DQ1', hash: 'h' }],
        discrepancyScope: 'abc',
      },
      { source: { asOf: at('invalid'), list: [undefined, () => 1, at('2026-01-01T00:00:00.000Z'), NaN, -0, Infinity] } },
      { source: { 2: at('2026-01-01T00:00:00.000Z'), 1: 'one', b: 'é\u2028"\\', a: at('2026-01-02T00:00:00.000Z') } },
      {
        source: {
          stamp: new Stamp(at('2026-01-03T00:00:00.000Z')),
          own: withOwnToJson,
          plain: Object.assign(Object.create(null) as object, { d: at('2026-01-04T00:00:00.000Z') }),
        },
      },
      { source: JSON.parse('{"__proto__": {"d": "2026-01-05T00:00:00.000Z"}, "x": 1}') as unknown },
    ];
    for (const s of samples) expect(jsonText(s)).toBe(JSON.stringify(s));
  });

  it('leaves the record as it was: the dates stay dates', () => {
    const d = at('2026-07-01T00:00:00.000Z');
    const lineage = { sources: { DTSEN: { asOf: d, list: [d] } } };
    jsonText(lineage);
    expect(lineage.sources.DTSEN.asOf).toBe(d);
    expect(lineage.sources.DTSEN.list[0]).toBe(d);
  });
});
