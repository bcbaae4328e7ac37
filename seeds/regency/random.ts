/**
 * The generator's own PRNG: sfc32 seeded through cyrb128 (both public-domain, by bryc).
 * Math.random cannot be seeded, and a dependency is not worth four lines of arithmetic.
 */

export type Seed = number | string;

function cyrb128(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /**
   * `stream` names an independent sequence under the same seed, so that pilar or trainings
   * do not shift when the number of families, or the code drawing persons, changes.
   */
  constructor(seed: Seed, stream = '') {
    [this.a, this.b, this.c, this.d] = cyrb128(`${String(seed)}\u0000${stream}`);
    // sfc32 needs a few rounds before similar seeds diverge.
    for (let i = 0; i < 15; i++) this.next();
  }

  /** Uniform in [0, 1). */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** Integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list');
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** Index drawn with probability proportional to its weight. */
  weightedIndex(weights: readonly number[]): number {
    let total = 0;
    for (const w of weights) total += w;
    let x = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      x -= weights[i]!;
      if (x < 0) return i;
    }
    return weights.length - 1;
  }

  /**
   * Index drawn from weights that slide linearly from `poor` (wealth 0) to `rich`
   * (wealth 1). Blends on the fly: it runs for every household and adult, and an array
   * per draw is garbage the collector would have to chase.
   */
  blendedIndex(poor: readonly number[], rich: readonly number[], wealth: number): number {
    let total = 0;
    for (let i = 0; i < poor.length; i++) total += poor[i]! * (1 - wealth) + rich[i]! * wealth;
    let x = this.next() * total;
    for (let i = 0; i < poor.length; i++) {
      x -= poor[i]! * (1 - wealth) + rich[i]! * wealth;
      if (x < 0) return i;
    }
    return poor.length - 1;
  }

  /** In-place Fisher-Yates. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [items[i], items[j]] = [items[j]!, items[i]!];
    }
    return items;
  }
}

/**
 * A picker over fixed weights with the cumulative table built once: the hot loops draw
 * from the same few distributions hundreds of thousands of times.
 */
export function weighted<T>(entries: readonly (readonly [T, number])[]): (rng: Random) => T {
  const values = entries.map((e) => e[0]);
  const cumulative: number[] = [];
  let total = 0;
  for (const [, w] of entries) cumulative.push((total += w));
  return (rng) => {
    const x = rng.next() * total;
    let i = 0;
    while (i < cumulative.length - 1 && x >= cumulative[i]!) i++;
    return values[i]!;
  };
}
