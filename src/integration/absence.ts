/**
 * What an import session knows to be absent from a collection that was empty when the session
 * began: every record of it was written by the session itself (only the importer writes link
 * keys, one import at a time), and each id written is added here. An id not added is certainly
 * absent and need not be asked of the engine; an id added (or a false positive of the filter,
 * about 1 in 100 at 3 million ids) is read as before. A Bloom filter of fixed size: 4 MB,
 * whatever the regency, never a false "absent".
 *
 * At a first load most link keys a row looks up do not exist yet (each Senopati row's NIK and
 * cards, each DT-SEN row's member and family ids, each roster row's enrolment id): without this,
 * each was one id of an `$in` at the engine and a `null` entry crowding real records out of the
 * record cache (cache.ts).
 */
const BITS = 2 ** 25;
const HASHES = 5;

function fnv(text: string, seed: number): number {
  let h = seed;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

export class AbsenceFilter {
  private readonly bits = new Uint32Array(BITS / 32);
  private count = 0;

  private static positions(id: string): number[] {
    const a = fnv(id, 2166136261);
    const b = fnv(id, 0x9747b28c) | 1;
    const out: number[] = [];
    for (let i = 0; i < HASHES; i++) out.push(((a + Math.imul(i, b)) >>> 0) & (BITS - 1));
    return out;
  }

  /** Records an id the session writes (or found): from now on it may exist. */
  add(id: string): void {
    for (const p of AbsenceFilter.positions(id)) this.bits[p >>> 5]! |= 1 << (p & 31);
    this.count++;
  }

  /** True only when the id was certainly never added. */
  absent(id: string): boolean {
    for (const p of AbsenceFilter.positions(id)) if ((this.bits[p >>> 5]! & (1 << (p & 31))) === 0) return true;
    return false;
  }

  get size(): number {
    return this.count;
  }
}
