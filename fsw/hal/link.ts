/**
 * The one interface the flight software uses to reach its hardware, whether
 * the simulator runs in the same process or behind a socket. The hardware is
 * the time master: it delivers a frame, the software answers it, and only
 * then (or when its tick deadline passes) does the hardware move on.
 */

import type { ActuatorFrame, SensorFrame } from './frames.js';

export type LinkEnd = 'closed' | 'reset' | 'error';

export interface HardwareLink {
  /**
   * Answers the last frame (null before the first) and waits for the next.
   * Resolves null when the hardware has gone; `end` then says why.
   */
  exchange(actuators: ActuatorFrame | null): Promise<SensorFrame | null>;
  /** Why the link ended: closed, or the hardware reset this computer, or a wire error. */
  readonly end: { readonly reason: LinkEnd; readonly detail: string } | null;
  close(): Promise<void>;
}

/** What a simulator offers to run in the same process. */
export interface SimulatedHardware {
  /** The frame the hardware shows now, before any answer. */
  current(): SensorFrame;
  /** Applies the answer to the current frame, advances one tick and returns the new frame. */
  step(actuators: ActuatorFrame): SensorFrame;
}
