/** An invariant broken during a campaign flight: which, when, and what was seen. */
export interface Violation {
  readonly invariant: InvariantName;
  readonly timeS: number;
  readonly detail: string;
}

export const INVARIANTS = [
  'soc-above-hard-floor',
  'die-below-red',
  'bus-above-brownout',
  'software-never-throws',
  'one-final-report-per-command',
  'no-accepted-job-lost',
  'no-corrupt-result-verified',
  'downlink-losses-counted',
  'telemetry-decodes',
] as const;

export type InvariantName = (typeof INVARIANTS)[number];

export function describeViolation(violation: Violation): string {
  return `${violation.invariant} at t = ${violation.timeS.toFixed(1)} s: ${violation.detail}`;
}
