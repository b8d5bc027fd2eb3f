/**
 * The simulator's only source of randomness: a seeded sfc32 generator.
 * One mission seed is split by name into independent streams per subsystem
 * ("radiation", "sensor-noise", "link-loss", "fault-generator", ...). A
 * split depends only on the seed and the name path, never on how much
 * another stream has drawn, so adding a consumer does not shift the others.
 */

/** FNV-1a over the text, folded into a 32-bit key together with a parent key. */
function hashKey(parent: number, name: string): number {
  let hash = (0x811c9dc5 ^ parent) >>> 0;
  for (let i = 0; i < name.length; i++) {
    hash ^= name.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return splitmix32(hash);
}

function splitmix32(value: number): number {
  let z = (value + 0x9e3779b9) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
}

export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** A stream for a 32-bit key. Use Random.fromSeed and split() rather than keys directly. */
  private constructor(readonly key: number) {
    this.a = splitmix32(key ^ 0x1234567);
    this.b = splitmix32(key ^ 0x89abcdef);
    this.c = splitmix32(key ^ 0x2468ace0);
    this.d = 1;
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  /** The root stream of a mission seed (any integer; taken modulo 2^32). */
  static fromSeed(seed: number): Random {
    if (!Number.isInteger(seed)) throw new RangeError(`seed ${seed} is not an integer`);
    return new Random(hashKey(seed >>> 0, 'root'));
  }

  /** An independent stream named within this one. */
  split(name: string): Random {
    return new Random(hashKey(this.key, name));
  }

  nextUint32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** Uniform in [0, 1), 53 random bits. */
  next(): number {
    return (this.nextUint32() * 2 ** 21 + (this.nextUint32() >>> 11)) / 2 ** 53;
  }

  /** Uniform integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  uniform(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list');
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** Normal deviate (Box-Muller, one of the pair). */
  normal(mean = 0, sd = 1): number {
    const u = 1 - this.next();
    const v = this.next();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Exponential deviate with the given rate (events per unit). */
  exponential(rate: number): number {
    return -Math.log(1 - this.next()) / rate;
  }

  /** Poisson deviate: Knuth's product of uniforms below mean 30, a rounded normal above. */
  poisson(mean: number): number {
    if (!(mean >= 0)) throw new RangeError(`Poisson mean ${mean} is not >= 0`);
    if (mean === 0) return 0;
    if (mean < 30) {
      const limit = Math.exp(-mean);
      let count = 0;
      let product = this.next();
      while (product > limit) {
        count++;
        product *= this.next();
      }
      return count;
    }
    return Math.max(0, Math.round(this.normal(mean, Math.sqrt(mean))));
  }
}
