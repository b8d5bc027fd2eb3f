/**
 * One program of the set-up as a child process: started from the compiled
 * tree (dist/), its output passed on line by line with a name in front, a
 * wait for a line it prints, and a stop that escalates from SIGTERM to
 * SIGKILL so nothing outlives the set-up.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** dist/ (this file runs as dist/hil/child.js). */
const DIST = fileURLToPath(new URL('..', import.meta.url));

/** The compiled entry point of each program. */
export const ENTRY = { 'sim-hw': 'sim-hw/main.js', fsw: 'fsw/main.js', ground: 'ground/cli.js' } as const;
export type Program = keyof typeof ENTRY;

/** Output kept for waitFor; older text is dropped (bounded). */
const KEPT_CHARS_MAX = 64 * 1024;

export interface ChildExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** A child ended before printing what was waited for: its exit and its last words. */
export class ChildEndedError extends Error {
  constructor(
    readonly program: string,
    readonly exit: ChildExit,
    readonly lastWords: string,
  ) {
    super(`${program} ended (${exit.signal ?? `exit ${exit.code}`})${lastWords ? `: ${lastWords}` : ''}`);
  }
}

export class Child {
  readonly process: ChildProcessWithoutNullStreams;
  readonly exited: Promise<ChildExit>;
  private kept = '';
  /** Set once the child has ended and its output has been read. */
  private ended: ChildExit | null = null;
  private readonly listeners = new Set<() => void>();

  constructor(
    readonly name: string,
    program: Program,
    args: readonly string[],
    private readonly emit: (line: string) => void,
  ) {
    this.process = spawn(process.execPath, [`${DIST}${ENTRY[program]}`, ...args], { env: { ...process.env, NO_COLOR: '1' } });
    let partial = '';
    const onData = (chunk: Buffer) => {
      const text = partial + chunk.toString();
      const lines = text.split('\n');
      partial = lines.pop()!;
      for (const line of lines) this.emit(`[${this.name}] ${line}`);
      this.kept = (this.kept + chunk.toString()).slice(-KEPT_CHARS_MAX);
      for (const listener of this.listeners) listener();
    };
    this.process.stdout.on('data', onData);
    this.process.stderr.on('data', onData);
    // 'close', not 'exit': by then everything the child printed has been read, so its last words are kept.
    this.exited = new Promise((resolve) =>
      this.process.on('close', (code, signal) => {
        if (partial) this.emit(`[${this.name}] ${partial}`);
        this.ended = { code, signal };
        resolve(this.ended);
        for (const listener of this.listeners) listener();
      }),
    );
  }

  get pid(): number {
    return this.process.pid ?? -1;
  }

  get running(): boolean {
    return this.process.exitCode === null && this.process.signalCode === null;
  }

  /**
   * The last thing the child said before it ended: its last line, with the
   * indented lines that went with it (a message with a list of problems).
   */
  lastMessage(): string {
    const lines = this.kept.split('\n').filter((line) => line.trim() !== '');
    let first = lines.length - 1;
    while (first > 0 && /^\s/.test(lines[first]!)) first--;
    return lines
      .slice(Math.max(0, first))
      .map((line) => line.trim())
      .join(' ');
  }

  /**
   * The first match of pattern in what the child printed; rejects with
   * ChildEndedError if it ends first, or after timeoutMs (null: no limit).
   */
  waitFor(pattern: RegExp, timeoutMs: number | null): Promise<RegExpExecArray> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const match = pattern.exec(this.kept);
        if (match) return done(() => resolve(match));
        if (this.ended !== null) {
          const ended = this.ended;
          return done(() => reject(new ChildEndedError(this.name, ended, this.lastMessage())));
        }
      };
      const timer =
        timeoutMs === null ? undefined : setTimeout(() => done(() => reject(new Error(`${this.name} did not start within ${timeoutMs / 1000} s`))), timeoutMs);
      const done = (settle: () => void) => {
        clearTimeout(timer);
        this.listeners.delete(check);
        settle();
      };
      this.listeners.add(check);
      check();
    });
  }

  /** SIGTERM, then SIGKILL after graceMs; resolves when the process is gone. */
  async stop(graceMs: number): Promise<ChildExit> {
    if (this.running) this.process.kill('SIGTERM');
    const timer = setTimeout(() => this.kill(), graceMs);
    const exit = await this.exited;
    clearTimeout(timer);
    return exit;
  }

  kill(): void {
    if (this.running) this.process.kill('SIGKILL');
  }
}
