/**
 * Values modules publish for each other and for the monitoring table, by
 * name: for example "power.acceleratorCapW" that the job runner obeys, or
 * "power.socPct" that a monitor watches. Bounded by the names in use.
 */
export const PUBLISHED_NAMES_MAX = 256;

export class Published {
  private readonly values = new Map<string, number>();

  set(name: string, value: number): void {
    if (!this.values.has(name) && this.values.size >= PUBLISHED_NAMES_MAX) throw new Error(`published: more than ${PUBLISHED_NAMES_MAX} names`);
    this.values.set(name, value);
  }

  /** The value, or the fallback when nothing has published it yet. */
  get(name: string, fallback: number): number {
    return this.values.get(name) ?? fallback;
  }

  has(name: string): boolean {
    return this.values.has(name);
  }

  entries(): IterableIterator<[string, number]> {
    return this.values.entries();
  }
}
