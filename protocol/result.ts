/**
 * Typed results for the decode boundary. Nothing that decodes input from
 * outside the process throws: it returns one of these.
 */

/** Every reason a packet can be refused, as reported to the operator. */
export const REJECTION_REASONS = [
  'truncated',
  'bad-header',
  'bad-length',
  'bad-crc',
  'bad-mac',
  'unknown-key',
  'replay',
  'unknown-apid',
  'unknown-opcode',
  'unknown-packet',
  'args-invalid',
  'fields-invalid',
  'too-large',
  'cbor-invalid',
  'too-deep',
] as const;

export type RejectionReason = (typeof REJECTION_REASONS)[number];

/** Numeric codes for the reasons, stable on the wire (verification reports). */
export const REJECTION_CODES: Readonly<Record<RejectionReason, number>> = Object.fromEntries(
  REJECTION_REASONS.map((reason, index) => [reason, index + 1]),
) as Record<RejectionReason, number>;

/** A refusal with one of a boundary's reasons (a packet's by default; frames have their own, frames/frame-result.ts). */
export interface Rejection<Reason extends string = RejectionReason> {
  readonly ok: false;
  readonly reason: Reason;
  /** One line an operator can act on. */
  readonly detail: string;
}

export interface Accepted<T> {
  readonly ok: true;
  readonly value: T;
}

export type Result<T, Reason extends string = RejectionReason> = Accepted<T> | Rejection<Reason>;

export function reject<Reason extends string = RejectionReason>(reason: Reason, detail: string): Rejection<Reason> {
  return { ok: false, reason, detail };
}

export function accept<T>(value: T): Accepted<T> {
  return { ok: true, value };
}

/** An expected failure outside the packet boundary (files, arguments), with its explanation. */
export interface Failure {
  readonly ok: false;
  readonly error: string;
}

export type Outcome<T> = Accepted<T> | Failure;

export function fail(error: string): Failure {
  return { ok: false, error };
}
