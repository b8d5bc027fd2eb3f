/**
 * The hardware-in-the-loop server's contracts: what it serves (any simulated
 * hardware with a control surface), how it is started, what it counts.
 */

import type { SimulatedHardware } from '../../fsw/hal/link.js';
import type { TimedFault } from '../faults/types.js';
import type { LinkParams, LinkState } from '../link/channel.js';

export interface ServedHardware extends SimulatedHardware {
  readonly dtS: number;
  /** Applies a fault now (atS is ignored; durationS where the kind lasts). */
  inject(fault: TimedFault): void;
  status(): Record<string, unknown>;
  /**
   * Optional: whether the flight computer runs. While it is unpowered or held
   * by an obc-hang fault the server sends it no frame and takes no answer, so
   * the watchdog resets it as on orbit (Spacecraft.computerRuns() fits;
   * hardware without it always runs the computer).
   */
  computerRuns?(): boolean;
  /** Optional: the space link, for the relay's `link` op (sim-hw/link/relay.ts). */
  readonly link?: LinkState;
  readonly config?: { readonly seed: number; readonly link: LinkParams };
}

export interface ServeOptions {
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly controlPort: number;
  readonly speed: number | 'max';
  readonly answerTimeoutMs: number;
  readonly idleSpeed: number;
  /** Stop after this much mission time (Infinity: run until stopped). */
  readonly untilS: number;
  /** Hold the clock at its first frame until a flight computer connects (default true). */
  readonly startOnConnect?: boolean;
  readonly log: (line: string) => void;
}

export interface HardwareServer {
  readonly port: number;
  readonly controlPort: number;
  readonly stats: ServerStats;
  /** Resolves when the server has stopped. */
  readonly done: Promise<void>;
  stop(): Promise<void>;
}

/** Per tick exactly one of answered, missedAnswers (a computer connected, no answer in time) and unconnectedTicks. */
export interface ServerStats {
  ticks: number;
  answered: number;
  missedAnswers: number;
  /** Ticks with no flight software connected: before the first connection, between boots, after it left. */
  unconnectedTicks: number;
  staleAnswers: number;
  resets: number;
  clients: number;
}

export function createServerStats(): ServerStats {
  return { ticks: 0, answered: 0, missedAnswers: 0, unconnectedTicks: 0, staleAnswers: 0, resets: 0, clients: 0 };
}
