/** Project binaries as child processes: start, wait for a line, stop; nothing outlives the test. */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { ROOT } from './cli.js';

export interface RunningProcess {
  readonly child: ChildProcessWithoutNullStreams;
  readonly output: () => string;
  /** Resolves with the first match of the pattern in stdout+stderr, or rejects after timeoutMs. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  /** Resolves with the exit code. */
  readonly exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

const running = new Set<ChildProcessWithoutNullStreams>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export function startBin(bin: string, args: readonly string[], env: Record<string, string> = {}): RunningProcess {
  const child = spawn(process.execPath, [`${ROOT}/bin/${bin}.js`, ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1', ...env } });
  running.add(child);
  let text = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    text += chunk.toString();
    for (const listener of listeners) listener();
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      running.delete(child);
      resolve(code);
      for (const listener of listeners) listener();
    }),
  );
  return {
    child,
    output: () => text,
    exited,
    waitFor(pattern, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(text);
          if (match) {
            cleanup();
            resolve(match);
          } else if (child.exitCode !== null) {
            cleanup();
            reject(new Error(`${bin} exited (${child.exitCode}) before printing ${pattern}:\n${text}`));
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`${bin} did not print ${pattern} within ${timeoutMs} ms:\n${text}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        check();
      });
    },
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
