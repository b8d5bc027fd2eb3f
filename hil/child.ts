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

export class Child {
  readonly process: ChildProcessWithoutNullStreams;
  readonly exited: Promise<ChildExit>;
  private kept = '';
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
    this.exited = new Promise((resolve) =>
      this.process.on('exit', (code, signal) => {
        if (partial) this.emit(`[${this.name}] ${partial}`);
        resolve({ code, signal });
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

  /** The first match of pattern in what the child printed; rejects if it exits first or after timeoutMs. */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const match = pattern.exec(this.kept);
        if (match) return done(() => resolve(match));
        if (!this.running) return done(() => reject(new Error(`${this.name} exited before printing ${pattern}`)));
      };
      const timer = setTimeout(() => done(() => reject(new Error(`${this.name} did not print ${pattern} within ${timeoutMs} ms`))), timeoutMs);
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
