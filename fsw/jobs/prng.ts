/**
 * The job runner's only randomness: a small seeded generator (mulberry32)
 * for the inputs of jobs submitted with a seed. Deterministic: the same
 * seed gives the same inputs on every launch, before and after a reset,
 * which is what lets a job be re-run or resumed without storing its inputs.
 */
export class JobPrng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** The next 32-bit unsigned integer. */
  nextUint32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** An integer in [low, high], both included. */
  int(low: number, high: number): number {
    return low + (this.nextUint32() % (high - low + 1));
  }
}
