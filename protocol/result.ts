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

export interface Rejection {
  readonly ok: false;
  readonly reason: RejectionReason;
  /** One line an operator can act on. */
  readonly detail: string;
}

export interface Accepted<T> {
  readonly ok: true;
  readonly value: T;
}

export type Result<T> = Accepted<T> | Rejection;

export function reject(reason: RejectionReason, detail: string): Rejection {
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
