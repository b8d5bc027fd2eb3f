/**
 * A campaign whose workers take every core runs V8 single-threaded: each
 * worker's isolate compiles and collects on its own thread, not on helper
 * threads that then compete with the other workers for the same cores.
 * Measured (bench (8), two cores, three paired runs): 2 workers fly
 * 1,350 short scenarios a minute single-threaded against 1,221 with V8's
 * helper threads (x1.11); 1 worker, which has an idle core for the
 * helpers, is faster with them (772 against 664), so a smaller pool keeps
 * them. V8 reads these flags only at the start of the process, hence the
 * campaign's entry runs itself again with them (`rerunWith`).
 */
import { spawn } from 'node:child_process';
import { availableParallelism, constants } from 'node:os';

export const ALL_CORES_V8_FLAGS: readonly string[] = ['--single-threaded'];

/** Whether a pool of `workers` threads takes every core (and so should run single-threaded). */
export function takesEveryCore(workers: number, cores = availableParallelism()): boolean {
  return workers > 1 && workers >= cores;
}

/** Whether this process runs with ALL_CORES_V8_FLAGS. */
export function runsSingleThreaded(): boolean {
  return ALL_CORES_V8_FLAGS.every((flag) => process.execArgv.includes(flag));
}

/**
 * Runs `entry` with `args` (this process's) again in a child process with
 * `flags` added, its output this one's, signals passed on; resolves with
 * its exit code (a child ended by a signal: 128 + the signal's number, as
 * a shell says; one that cannot start: 2, saying why).
 */
export function rerunWith(flags: readonly string[], entry: string, args: readonly string[] = process.argv.slice(2)): Promise<number> {
  const child = spawn(process.execPath, [...flags, ...process.execArgv, entry, ...args], { stdio: 'inherit' });
  const pass = (signal: NodeJS.Signals) => () => child.kill(signal);
  const forwarded = (['SIGINT', 'SIGTERM', 'SIGHUP'] as const).map((signal) => [signal, pass(signal)] as const);
  for (const [signal, handler] of forwarded) process.on(signal, handler);
  const unforward = () => {
    for (const [name, handler] of forwarded) process.off(name, handler);
  };
  return new Promise((resolve) => {
    child.on('error', (error) => {
      unforward();
      process.stderr.write(`campaign: could not start ${process.execPath} ${flags.join(' ')}: ${error.message}\n`);
      resolve(2);
    });
    child.on('exit', (code, signal) => {
      unforward();
      resolve(code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0));
    });
  });
}
