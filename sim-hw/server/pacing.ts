/**
 * The pacing loop: the hardware as time master. Each tick it sends the frame
 * to a computer that runs, waits for its answer (until the tick's wall-clock
 * deadline when paced, up to answerTimeoutMs at full speed), steps the
 * hardware with it (idle actuators when none came), tells a reset computer
 * so, and waits out the rest of the tick:
 *
 *   paced (--speed N)  one tick every dtS / N s of wall time; a late answer is
 *                      dropped (counted) and the hardware holds its settings
 *   --speed max        as fast as the software answers; while it does not
 *                      (hung, killed, rebooting) at idleSpeed times real time
 */

import { setTimeout as sleep } from 'node:timers/promises';
import { IDLE_ACTUATORS, type ActuatorFrame, type SensorFrame } from '../../fsw/hal/frames.js';
import type { AnswerWait, FlightComputerPeer } from './peer.js';
import type { ServedHardware, ServeOptions, ServerStats } from './types.js';

/** Falling behind by more than this, the loop stops trying to catch up. */
const CATCH_UP_MS_MAX = 1000;
/** At full speed, socket events get a turn every this many ticks. */
const YIELD_EVERY_TICKS = 64;

export type PacingOptions = Pick<ServeOptions, 'speed' | 'answerTimeoutMs' | 'idleSpeed' | 'untilS' | 'startOnConnect' | 'log'>;

export class PacingLoop {
  private readonly paced: boolean;
  private readonly tickMs: number;
  /** Wall time (performance.now) the next tick is due. */
  private nextTickAt = 0;
  /** At full speed: whether the computer answered the last tick (else the loop runs at idleSpeed). */
  private answering = true;
  private stopped = false;

  constructor(
    private readonly hardware: ServedHardware,
    private readonly peer: FlightComputerPeer,
    private readonly stats: ServerStats,
    private readonly options: PacingOptions,
  ) {
    this.paced = options.speed !== 'max';
    this.tickMs = (hardware.dtS * 1000) / (this.paced ? (options.speed as number) : options.idleSpeed);
  }

  /** Ends the loop after the tick in progress. */
  stop(): void {
    this.stopped = true;
    this.peer.wake();
  }

  /** Runs until stopped or until options.untilS of mission time. */
  async run(): Promise<void> {
    let frame: SensorFrame = this.hardware.current();
    this.nextTickAt = performance.now();
    if (this.options.startOnConnect ?? true) {
      while (!this.stopped && !this.peer.connected) await this.peer.waitForEvent();
      this.nextTickAt = performance.now();
    }
    while (!this.stopped && frame.timeS < this.options.untilS) {
      const actuators = await this.exchange(frame);
      frame = this.stepHardware(frame, actuators);
      await this.waitForNextTick();
    }
  }

  /** Sends the frame to a computer that runs and takes its answer; null when none came. */
  private async exchange(frame: SensorFrame): Promise<ActuatorFrame | null> {
    const runs = this.computerRuns();
    if (runs) this.peer.send(frame);
    let actuators: ActuatorFrame | null;
    const isStopped = () => this.stopped;
    if (!runs) {
      // A hung or unpowered computer answers nothing: the hardware runs on (paced) until the watchdog resets it.
      actuators = null;
      this.answering = false;
    } else if (this.paced) {
      actuators = await this.peer.answerTo(frame.frame, answerWait(this.nextTickAt + this.tickMs - performance.now()), isStopped);
    } else {
      const timeoutMs = this.answering ? this.options.answerTimeoutMs : Math.max(0, this.nextTickAt + this.tickMs - performance.now());
      actuators = await this.peer.answerTo(frame.frame, answerWait(timeoutMs), isStopped);
      this.answering = actuators !== null;
    }
    if (actuators) this.stats.answered++;
    else if (this.peer.connected) this.stats.missedAnswers++;
    else this.stats.unconnectedTicks++;
    return actuators;
  }

  /** One tick of the hardware; a reset of the computer is told to it. */
  private stepHardware(frame: SensorFrame, actuators: ActuatorFrame | null): SensorFrame {
    const bootCount = frame.obc.bootCount;
    const next = this.hardware.step(actuators ?? IDLE_ACTUATORS);
    this.stats.ticks++;
    if (next.obc.bootCount !== bootCount) {
      this.stats.resets++;
      this.options.log(`flight computer reset (${next.obc.resetCause}) at ${next.timeS.toFixed(1)} s`);
      this.peer.reset(next.obc.resetCause);
    }
    return next;
  }

  private async waitForNextTick(): Promise<void> {
    this.nextTickAt += this.tickMs;
    const now = performance.now();
    if (this.paced || !this.answering) {
      if (this.nextTickAt > now) await sleep(this.nextTickAt - now);
      else if (now - this.nextTickAt > CATCH_UP_MS_MAX) this.nextTickAt = now;
    } else {
      this.nextTickAt = now;
      // Let socket events in between ticks at full speed.
      if (this.stats.ticks % YIELD_EVERY_TICKS === 0) await sleep(0);
    }
  }

  /** The flight computer is powered and not hung (hardware without computerRuns() always runs it). */
  private computerRuns(): boolean {
    return this.hardware.computerRuns?.() ?? true;
  }
}

/** A deadline timeoutMs of wall time from now, for the peer's wait for an answer. */
function answerWait(timeoutMs: number): AnswerWait {
  const deadlineMs = performance.now() + timeoutMs;
  return { leftMs: () => deadlineMs - performance.now(), sleep };
}
