/**
 * Typed results of the frame decoders: a frame from outside the process is
 * accepted or refused with one of these reasons and one line for the
 * operator (protocol/result.ts's Result, with the frames' reasons). The
 * decoders never throw.
 */
import { reject, type Rejection, type Result } from '../result.js';

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

export type FrameRejection = Rejection<FrameRejectionReason>;

export type FrameResult<T> = Result<T, FrameRejectionReason>;

export const refuseFrame = (reason: FrameRejectionReason, detail: string): FrameRejection => reject(reason, detail);

/** Counts by reason, for the telemetry and status of a receiver. */
export type FrameRejectionCounts = Record<FrameRejectionReason, number>;

export function frameRejectionCounts(): FrameRejectionCounts {
  return Object.fromEntries(FRAME_REJECTION_REASONS.map((reason) => [reason, 0])) as FrameRejectionCounts;
}
