/**
 * A flight's verdict as it crosses from a worker, and the campaign's digest:
 * SHA-256 over every scenario's verdict in the order fast-check would have
 * flown them, so the same seed gives the same digest whatever the worker count.
 */
import { createHash, type Hash } from 'node:crypto';
import { describeViolation, type Violation } from './violation.js';

export interface FlightVerdict {
  readonly violation: Violation | null;
  /** A throw outside the invariants (fails the property, as in fast-check). */
  readonly error: string | null;
  readonly telemetrySha256: string;
  readonly ticks: number;
  readonly checks: number;
}

export const failed = (verdict: FlightVerdict): boolean => verdict.violation !== null || verdict.error !== null;

export function verdictLine(verdict: FlightVerdict): string {
  if (verdict.violation) return `violation ${describeViolation(verdict.violation)}`;
  if (verdict.error !== null) return `error ${verdict.error.split('\n')[0]}`;
  return 'pass';
}

export class VerdictDigest {
  private readonly hash: Hash = createHash('sha256');
  scenarios = 0;
  violations = 0;

  add(verdict: FlightVerdict): void {
    this.scenarios++;
    if (failed(verdict)) this.violations++;
    this.hash.update(`${verdictLine(verdict)} ${verdict.telemetrySha256}\n`);
  }

  /** The closing line of `make campaign`. */
  closingLine(): string {
    return `campaign: ${this.scenarios} scenarios, ${this.violations} violations, digest ${this.hash.copy().digest('hex')}`;
  }
}
