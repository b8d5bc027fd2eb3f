/**
 * The boot ROM of the flight computer, as a process supervisor: it starts
 * the flight software and starts it again whenever it ends while the set-up
 * runs: exit 75 (the hardware reset the computer: watchdog, brown-out), a
 * kill by a signal (a crash), or any other end, as a powered computer always
 * boots again. The telecommand port stays the same across boots, so the
 * link relay keeps its destination. It does not restart what cannot heal:
 * exit 2 (a bad option) or 3 (the environment is not ready: the key file,
 * the NVM image, the telecommand port, no hardware) ends it at once with the
 * software's own last words and exit code. Bounded: more than
 * RESTARTS_PER_WINDOW_MAX starts within RESTART_WINDOW_MS (a program that
 * cannot start) gives up too, and says why.
 */
import { Child, type ChildExit } from './child.js';

export const EXIT_RESET = 75;
/** Exit codes of a configuration the software refuses: starting it again cannot help. */
export const EXIT_BAD_OPTION = 2;
export const EXIT_NOT_READY = 3;
const RESTART_WINDOW_MS = 10_000;
const RESTARTS_PER_WINDOW_MAX = 20;
/** Wall time between an end and the next start (the boot ROM's own boot). */
const RESTART_DELAY_MS = 100;

/** The line the flight software prints once it is connected to its hardware (fsw/main.ts). */
export const FSW_CONNECTED_LINE = /^fsw: hardware \S+, telecommands on udp:\/\//m;

export function describeExit(exit: ChildExit): string {
  if (exit.signal !== null) return `killed by ${exit.signal}`;
  if (exit.code === EXIT_RESET) return `exit ${EXIT_RESET}: reset by the hardware`;
  return `exit ${exit.code}`;
}

/** Why the supervisor ended: stopped, or gave up (with the exit code `hil` should end with). */
export interface SupervisorEnd {
  readonly why: string;
  /** 0 when stopped; the software's own code for a configuration it refused; 1 otherwise. */
  readonly exitCode: number;
  /** For a configuration it refused: the software's own last words. */
  readonly message?: string;
}

export class Supervisor {
  current: Child | null = null;
  /** Starts so far, the first included. */
  starts = 0;
  private stopping = false;
  private readonly startTimesMs: number[] = [];
  private markConnected: () => void = () => {};
  /** Resolves with why the supervisor gave up or stopped. */
  readonly done: Promise<SupervisorEnd>;
  /** Resolves when a boot of the flight software has connected to its hardware (never, if none does). */
  readonly connected: Promise<void>;

  /**
   * `spacecraft`: the fleet member whose flight software this is (its name
   * in the output: `[fsw NAME]`, "flight software NAME started"); none
   * without a fleet.
   */
  constructor(
    private readonly args: readonly string[],
    private readonly emit: (line: string) => void,
    readonly spacecraft: string | null = null,
  ) {
    this.connected = new Promise((resolve) => (this.markConnected = resolve));
    this.done = this.loop();
  }

  async stop(graceMs: number): Promise<SupervisorEnd> {
    this.stopping = true;
    await this.current?.stop(graceMs);
    return this.done;
  }

  private async loop(): Promise<SupervisorEnd> {
    for (;;) {
      const nowMs = performance.now();
      this.startTimesMs.push(nowMs);
      while (this.startTimesMs[0]! < nowMs - RESTART_WINDOW_MS) this.startTimesMs.shift();
      if (this.startTimesMs.length > RESTARTS_PER_WINDOW_MAX)
        return this.giveUp(`more than ${RESTARTS_PER_WINDOW_MAX} starts within ${RESTART_WINDOW_MS / 1000} s`, 1);
      this.starts++;
      const child = new Child(this.spacecraft === null ? 'fsw' : `fsw ${this.spacecraft}`, 'fsw', this.args, this.emit);
      this.current = child;
      this.emit(`hil: ${this.software} started (pid ${child.pid}, start ${this.starts})`);
      child.waitFor(FSW_CONNECTED_LINE, null).then(
        () => this.markConnected(),
        () => {},
      );
      const exit = await child.exited;
      if (this.stopping) return { why: 'stopped', exitCode: 0 };
      this.emit(`hil: ${this.software} ended (${describeExit(exit)})`);
      if (exit.code === EXIT_BAD_OPTION || exit.code === EXIT_NOT_READY) {
        const what = exit.code === EXIT_BAD_OPTION ? 'it refused its options' : 'its environment is not ready';
        return { ...this.giveUp(`${what} (exit ${exit.code}); starting it again cannot help`, exit.code), message: child.lastMessage() };
      }
      this.emit(`hil: the boot ROM${this.of} starts it again`);
      await new Promise((resolve) => setTimeout(resolve, RESTART_DELAY_MS));
      if (this.stopping) return { why: 'stopped', exitCode: 0 };
    }
  }

  /** "flight software", or "flight software NAME" in a fleet. */
  get software(): string {
    return this.spacecraft === null ? 'flight software' : `flight software ${this.spacecraft}`;
  }

  private get of(): string {
    return this.spacecraft === null ? '' : ` of ${this.spacecraft}`;
  }

  private giveUp(why: string, exitCode: number): SupervisorEnd {
    this.emit(`hil: the boot ROM${this.of} gives up: ${why}`);
    return { why: `gave up: ${why}`, exitCode };
  }
}
