/**
 * The closing table of `make bench`: every figure with its target and
 * whether it met it (pass), missed it (short), has no target (-), or could
 * not be measured (error). Each benchmark states its own rows.
 */
import { printTable } from './harness.js';

export type Verdict = 'pass' | 'short' | '-' | 'error';

export interface SummaryRow {
  /** The numbering: (1) .. (7). */
  readonly item: string;
  readonly figure: string;
  readonly measured: string;
  readonly target: string;
  readonly verdict: Verdict;
}

export const judge = (met: boolean): Verdict => (met ? 'pass' : 'short');

export function errorRow(item: string, figure: string, error: unknown): SummaryRow {
  const message = (error as Error).message.split('\n')[0] ?? String(error);
  return { item, figure, measured: `error: ${message.slice(0, 60)}`, target: '', verdict: 'error' };
}

export function printSummary(rows: readonly SummaryRow[]): void {
  console.log('\nsummary');
  printTable(
    ['#', 'figure', 'measured', 'target', 'result'],
    rows.map((row) => [row.item, row.figure, row.measured, row.target, row.verdict]),
    2,
  );
  const count = (verdict: Verdict) => rows.filter((row) => row.verdict === verdict).length;
  console.log(`${count('pass')} pass, ${count('short')} short, ${count('error')} could not be measured, ${count('-')} without a target`);
}
