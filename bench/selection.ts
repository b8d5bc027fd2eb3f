/**
 * `make bench ONLY=name[,name]`: which benchmarks run. Names are the
 * benchmarks' short names in bench/main.ts; an unknown name is an error
 * that lists the known ones, so a typo never runs nothing in silence.
 */
import type { Outcome } from '../protocol/index.js';

/** The names chosen, in the suite's order; every name when `only` is empty or unset. */
export function selectBenchmarks(known: readonly string[], only: string | undefined): Outcome<readonly string[]> {
  const asked = (only ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  if (asked.length === 0) return { ok: true, value: known };
  const unknown = asked.filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    return {
      ok: false,
      error: `bench: unknown benchmark ${unknown.map((name) => `"${name}"`).join(', ')}; ONLY takes a comma-separated list of: ${known.join(', ')}`,
    };
  }
  return { ok: true, value: known.filter((name) => asked.includes(name)) };
}
