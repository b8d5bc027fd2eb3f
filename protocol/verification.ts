/**
 * Codes carried by verification reports (telemetry packet "verification"):
 * 0 for success, 1..15 the decode boundary's rejection reasons (result.ts),
 * then the commanding service's own reasons for rejecting or failing a
 * command that decoded cleanly.
 */

import { REJECTION_CODES, REJECTION_REASONS, type RejectionReason } from './result.js';

export const COMMAND_FAILURES = [
  /** The current mode does not allow the command. */
  'mode-forbidden',
  /** A hazardous command without a matching arm inside the window. */
  'not-armed',
  /** Hazardous commands cannot be time-tagged or made routine. */
  'not-schedulable',
  /** The time-tagged queue or the routine table is full. */
  'schedule-full',
  /** A time-tagged command whose release time has passed. */
  'release-in-past',
  /** The module ran the command and it failed; the detail says why. */
  'execution-failed',
  /** A time-tagged command deleted or cleared before its release. */
  'descheduled',
  /** An argument is valid by schema but not for the spacecraft now (unknown parameter, id in use). */
  'invalid-value',
  /** The module cannot take the command now (busy, not powered). */
  'unavailable',
] as const;

export type CommandFailure = (typeof COMMAND_FAILURES)[number];
export type VerificationReason = RejectionReason | CommandFailure;

export const VERIFICATION_CODES: Readonly<Record<VerificationReason, number>> = {
  ...REJECTION_CODES,
  ...(Object.fromEntries(COMMAND_FAILURES.map((reason, index) => [reason, REJECTION_REASONS.length + 1 + index])) as Record<CommandFailure, number>),
};

/** The reason of a code, for the ground's displays. */
export function verificationReason(code: number): VerificationReason | undefined {
  return (Object.keys(VERIFICATION_CODES) as VerificationReason[]).find((reason) => VERIFICATION_CODES[reason] === code);
}
