import { RecordCache } from '../../src/integration/cache';

/** The record cache an import session keeps between chunks and files (src/integration/cache.ts). */
describe('the record cache of an import session', () => {
  it('keeps at most maxEntries records, the ones set last, and a record set again counts as new', () => {
    const cache = new RecordCache(3);
    for (const id of ['a', 'b', 'c']) cache.set('persons', id, { _id: id });
    cache.set('persons', 'a', { _id: 'a', v: 2 });
    cache.set('persons', 'd', null);
    expect(cache.size).toBe(3);
    expect(cache.get('persons', 'b')).toBeUndefined();
    expect(cache.get('persons', 'a')).toEqual({ _id: 'a', v: 2 });
    expect(cache.get('persons', 'd')).toBeNull();
    for (const id of ['e', 'f']) cache.set('households', id, { _id: id });
    expect(cache.get('persons', 'c')).toBeUndefined();
    expect(cache.get('persons', 'a')).toBeUndefined();
    expect(cache.get('persons', 'd')).toBeNull();
    cache.clear();
    expect(cache.size).toBe(0);
    for (const id of ['g', 'h', 'i', 'j']) cache.set('persons', id, null);
    expect(cache.size).toBe(3);
    expect(cache.get('persons', 'g')).toBeUndefined();
    expect(cache.get('persons', 'j')).toBeNull();
  });

  it('takes about as long to set a record into a full cache as into one with room (no work growing with the evictions)', () => {
    const time = (cache: RecordCache, n: number) => {
      const t = performance.now();
      for (let i = 0; i < n; i++) cache.set('persons', `P${i}`, null);
      return performance.now() - t;
    };
    const roomy = new RecordCache(1_000_000);
    const full = new RecordCache(20_000);
    time(full, 20_000);
    const withRoom = time(roomy, 100_000);
    const whenFull = time(full, 100_000);
    // Measured: within 2x on a loaded machine; a fresh `keys()` per eviction made it 30 to 100 times.
    expect(whenFull).toBeLessThan(5 * withRoom + 50);
  });
});
