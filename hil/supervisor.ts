/**
 * The boot ROM of the flight computer, as a process supervisor: it starts
 * the flight software and starts it again whenever it ends while the set-up
 * runs: exit 75 (the hardware reset the computer: watchdog, brown-out), a
 * kill by a signal (a crash), or any other end, as a powered computer always
 * boots again. The telecommand port stays the same across boots, so the
 * link relay keeps its destination. Bounded: more than
 * RESTARTS_PER_WINDOW_MAX starts within RESTART_WINDOW_MS (a program that
 * cannot start), or a bad option (exit 2), gives up and says why.
 */
import { Child, type ChildExit } from './child.js';

export const EXIT_RESET = 75;
const EXIT_BAD_OPTION = 2;
const RESTART_WINDOW_MS = 10_000;
const RESTARTS_PER_WINDOW_MAX = 20;
/** Wall time between an end and the next start (the boot ROM's own boot). */
const RESTART_DELAY_MS = 100;

export function describeExit(exit: ChildExit): string {
  if (exit.signal !== null) return `killed by ${exit.signal}`;
  if (exit.code === EXIT_RESET) return `exit ${EXIT_RESET}: reset by the hardware`;
  return `exit ${exit.code}`;
}

export class Supervisor {
  current: Child | null = null;
  /** Starts so far, the first included. */
  starts = 0;
  private stopping = false;
  private readonly startTimesMs: number[] = [];
  /** Resolves with why the supervisor gave up or stopped. */
  readonly done: Promise<string>;

  constructor(
    private readonly args: readonly string[],
    private readonly emit: (line: string) => void,
  ) {
    this.done = this.loop();
  }

  async stop(graceMs: number): Promise<string> {
    this.stopping = true;
    await this.current?.stop(graceMs);
    return this.done;
  }

  private async loop(): Promise<string> {
    for (;;) {
      const nowMs = performance.now();
      this.startTimesMs.push(nowMs);
      while (this.startTimesMs[0]! < nowMs - RESTART_WINDOW_MS) this.startTimesMs.shift();
      if (this.startTimesMs.length > RESTARTS_PER_WINDOW_MAX) return this.giveUp(`more than ${RESTARTS_PER_WINDOW_MAX} starts within ${RESTART_WINDOW_MS / 1000} s`);
      this.starts++;
      const child = new Child('fsw', 'fsw', this.args, this.emit);
      this.current = child;
      this.emit(`hil: flight software started (pid ${child.pid}, start ${this.starts})`);
      const exit = await child.exited;
      if (this.stopping) return 'stopped';
      this.emit(`hil: flight software ended (${describeExit(exit)})`);
      if (exit.code === EXIT_BAD_OPTION) return this.giveUp('it refused its options');
      this.emit('hil: the boot ROM starts it again');
      await new Promise((resolve) => setTimeout(resolve, RESTART_DELAY_MS));
      if (this.stopping) return 'stopped';
    }
  }

  private giveUp(why: string): string {
    this.emit(`hil: the boot ROM gives up: ${why}`);
    return `gave up: ${why}`;
  }
}
