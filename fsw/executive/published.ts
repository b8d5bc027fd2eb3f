/**
 * The published values of one boot (RAM): what the modules publish for each
 * other and for the monitoring table, checked against their declarations
 * (published-values.ts, plus any a module declares of its own). Only a
 * value's writer may write it; a reader of a value not yet written gets its
 * declared `unwritten` value. Modules see this store only through their
 * door's typed view (module.ts, PublishedView); the observers outside the
 * flight software (tests, the mission recorder, benchmarks) use `get`.
 */
import { PUBLISHED_VALUES, type PublishedDef, type PublishedDefs } from './published-values.js';

/** Declared names at most (the flight registry and extras together). */
export const PUBLISHED_NAMES_MAX = 256;

export class Published {
  private readonly values = new Map<string, number>();
  private readonly defs = new Map<string, PublishedDef>();

  /** Throws for a name declared twice or too many names: declarations are code. */
  constructor(extras: readonly PublishedDefs[] = []) {
    for (const declared of [PUBLISHED_VALUES, ...extras]) {
      for (const [name, def] of Object.entries(declared)) {
        if (this.defs.has(name)) throw new Error(`published: "${name}" is declared twice`);
        this.defs.set(name, def);
      }
    }
    if (this.defs.size > PUBLISHED_NAMES_MAX) throw new Error(`published: ${this.defs.size} names declared, at most ${PUBLISHED_NAMES_MAX}`);
  }

  /** Every declared name with its declaration. */
  declarations(): IterableIterator<[string, PublishedDef]> {
    return this.defs.entries();
  }

  /** Writes a value; throws unless `writer` is the value's declared writer. */
  write(writer: string, name: string, value: number): void {
    const def = this.defs.get(name);
    if (def === undefined) throw new Error(`published: "${name}" is not declared`);
    if (def.writer !== writer) throw new Error(`published: ${writer} writes "${name}", whose writer is ${def.writer}`);
    this.values.set(name, value);
  }

  /** The value, or its declared `unwritten` value before the first write; throws for an undeclared name. */
  read(name: string): number {
    const value = this.values.get(name);
    if (value !== undefined) return value;
    const def = this.defs.get(name);
    if (def === undefined) throw new Error(`published: "${name}" is not declared`);
    return def.unwritten;
  }

  /** The value has been written in this boot. */
  has(name: string): boolean {
    return this.values.has(name);
  }

  /** For observers: the value written, or the fallback. */
  get(name: string, fallback: number): number {
    return this.values.get(name) ?? fallback;
  }

  /** For observers: the values written so far, in order of first write. */
  entries(): IterableIterator<[string, number]> {
    return this.values.entries();
  }
}
