/**
 * Typed results of the frame decoders: a frame from outside the process is
 * accepted or refused with one of these reasons and one line for the
 * operator. The decoders never throw.
 */

export const FRAME_REJECTION_REASONS = [
  'truncated',
  'bad-length',
  'bad-header',
  'bad-crc',
  'wrong-spacecraft',
  'unknown-vc',
  'unknown-key',
  'bad-mac',
  'replay',
  'bad-pointer',
] as const;

export type FrameRejectionReason = (typeof FRAME_REJECTION_REASONS)[number];

export interface FrameRejection {
  readonly ok: false;
  readonly reason: FrameRejectionReason;
  readonly detail: string;
}

export type FrameResult<T> = { readonly ok: true; readonly value: T } | FrameRejection;

export function refuseFrame(reason: FrameRejectionReason, detail: string): FrameRejection {
  return { ok: false, reason, detail };
}

/** Counts by reason, for the telemetry and status of a receiver. */
export type FrameRejectionCounts = Record<FrameRejectionReason, number>;

export function frameRejectionCounts(): FrameRejectionCounts {
  return Object.fromEntries(FRAME_REJECTION_REASONS.map((reason) => [reason, 0])) as FrameRejectionCounts;
}
