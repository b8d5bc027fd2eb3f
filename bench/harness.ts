/**
 * Side-by-side measurement: cases run in interleaved rounds in one process, so
 * machine noise hits them alike; each reports the median rate of its rounds.
 */

export interface BenchCase {
  readonly name: string;
  /** Runs the operation `count` times. */
  readonly run: (count: number) => void;
}

export interface BenchResult {
  readonly name: string;
  readonly opsPerS: number;
}

function timeBatch(benchCase: BenchCase, count: number): number {
  const start = process.hrtime.bigint();
  benchCase.run(count);
  return Number(process.hrtime.bigint() - start) / 1e9;
}

/** Sizes one batch to about targetS seconds, then measures `rounds` interleaved rounds. */
export function measure(cases: readonly BenchCase[], options: { rounds?: number; targetS?: number } = {}): BenchResult[] {
  const rounds = options.rounds ?? 7;
  const targetS = options.targetS ?? 0.15;
  const batches = cases.map((benchCase) => {
    let count = 100;
    for (;;) {
      const seconds = timeBatch(benchCase, count);
      if (seconds >= targetS / 4) return Math.max(1, Math.round((count * targetS) / seconds));
      count *= 4;
    }
  });
  const rates: number[][] = cases.map(() => []);
  for (let round = 0; round < rounds; round++) {
    cases.forEach((benchCase, index) => {
      rates[index]!.push(batches[index]! / timeBatch(benchCase, batches[index]!));
    });
  }
  return cases.map((benchCase, index) => ({ name: benchCase.name, opsPerS: median(rates[index]!) }));
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** The p-th percentile (0..100) by nearest rank; NaN for no values (one definition for the bench and the fleet's summary). */
export { percentile } from '../mission/fleet/fleet-jobs.js';

export function formatRate(perS: number): string {
  if (perS >= 1e6) return `${(perS / 1e6).toFixed(2)} M/s`;
  if (perS >= 1e3) return `${(perS / 1e3).toFixed(1)} k/s`;
  return `${perS.toFixed(1)} /s`;
}

/** Prints rows as an aligned text table: the first `leftColumns` columns aligned left, the rest right. */
export function printTable(headers: readonly string[], rows: readonly (readonly string[])[], leftColumns = 1): void {
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => row[column]?.length ?? 0)));
  const line = (cells: readonly string[]) =>
    cells.map((cell, column) => (column < leftColumns ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ');
  console.log(line(headers));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const row of rows) console.log(line(row));
}
