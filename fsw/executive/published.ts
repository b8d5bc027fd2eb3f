/**
 * Values modules publish for each other and for the monitoring table, by
 * name: for example "power.acceleratorCapW" that the job runner obeys, or
 * "power.socPct" that a monitor watches. Bounded by the names in use.
 */
export const PUBLISHED_NAMES_MAX = 256;

export class Published {
  private readonly values = new Map<string, number>();
  /** Names holding a mark (namesContaining), kept up to date as names appear; bounded by the marks asked for. */
  private readonly indexes = new Map<string, string[]>();

  set(name: string, value: number): void {
    const size = this.values.size;
    this.values.set(name, value);
    if (this.values.size === size) return;
    // a new name (one map operation for the usual case, a known name)
    if (size >= PUBLISHED_NAMES_MAX) {
      this.values.delete(name);
      throw new Error(`published: more than ${PUBLISHED_NAMES_MAX} names`);
    }
    for (const [mark, names] of this.indexes) if (name.includes(mark)) names.push(name);
  }

  /**
   * The names published so far that contain `mark`, in order of first
   * publication: indexed at the first call, then kept as names appear, so a
   * module can look at a family of names every tick without scanning all.
   */
  namesContaining(mark: string): readonly string[] {
    let names = this.indexes.get(mark);
    if (names === undefined) {
      names = [...this.values.keys()].filter((name) => name.includes(mark));
      this.indexes.set(mark, names);
    }
    return names;
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
