/**
 * `make campaign` on its pool of worker threads (the compiled
 * dist/mission/campaign/main.js, built by the global setup): the same seed
 * gives the same verdicts, counterexample, shrinking and closing digest with
 * one worker and with two; a pool on every core runs V8 single-threaded;
 * a bad worker count is refused.
 */
import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { takesEveryCore } from '../../mission/campaign/single-threaded.js';
import { runScript } from '../helpers/cli.js';

/** The campaign as `make campaign` runs it. */
const campaign = (args: readonly string[]) => runScript('dist/mission/campaign/main.js', args);

/** Everything but the wall-clock figures and the worker count. */
const verdictLines = (stdout: string) => stdout.split('\n').filter((line) => !line.includes('scenarios per minute') && !line.includes(' workers'));

// The kept counterexample's search, replayed from two steps before its end: a failing run, shrink candidates that pass and fail, against the mutant.
const NEAR_END = '14:0:1:2:1:1:1:1:2:2:3:2:2:2:2:2:2:2:2:5:4:4:4:5:1:1:9';
const ARGS = ['--seed', '5', '--runs', '1', '--path', NEAR_END, '--profile', 'short', '--mutant', 'jobs-forget-queue', '--keep', 'no'];

describe('the campaign on a pool of workers', () => {
  it('gives the same verdicts, counterexample, shrinking and digest with 1 and 2 workers', async () => {
    const one = await campaign([...ARGS, '--workers', '1']);
    const two = await campaign([...ARGS, '--workers', '2']);
    expect(one.code, one.stderr).toBe(1);
    expect(two.code, two.stderr).toBe(1);
    expect(one.stdout).toContain('campaign: seed 5, path 14:0:1:2:1:1:1:1:2:2:3:2:2:2:2:2:2:2:2:5:4:4:4:5:1:1:9:9:9');
    expect(one.stdout).toContain('1 workers');
    expect(two.stdout).toContain('2 workers');
    expect(verdictLines(two.stdout)).toEqual(verdictLines(one.stdout));
    const closing = one.stdout.trimEnd().split('\n').at(-1)!;
    expect(closing).toMatch(/^campaign: \d+ scenarios, [1-9]\d* violations, digest [0-9a-f]{64}$/);
    expect(two.stdout.trimEnd().split('\n').at(-1)).toBe(closing);
  }, 240_000);

  it('flies a pool on every core in a process with V8 single-threaded, and a smaller pool with its helper threads', async () => {
    const everyCore = Math.max(2, availableParallelism());
    const all = await campaign(['--seed', '1', '--runs', '2', '--profile', 'short', '--keep', 'no', '--workers', String(everyCore)]);
    const one = await campaign(['--seed', '1', '--runs', '2', '--profile', 'short', '--keep', 'no', '--workers', '1']);
    expect(all.code, all.stderr).toBe(0);
    expect(one.code, one.stderr).toBe(0);
    expect(all.stdout).toContain(`${everyCore} workers (V8 single-threaded, a thread a worker)`);
    expect(one.stdout).toContain('1 workers\n');
    expect(all.stdout.trimEnd().split('\n').at(-1)).toBe(one.stdout.trimEnd().split('\n').at(-1));
    expect(takesEveryCore(1, 2)).toBe(false);
    expect(takesEveryCore(2, 2)).toBe(true);
    expect(takesEveryCore(2, 4)).toBe(false);
  }, 120_000);

  it('refuses a worker count that is not a positive integer, with exit code 2', async () => {
    for (const workers of ['0', '-1', '1.5', 'many']) {
      const run = await campaign(['--runs', '1', `--workers=${workers}`]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`campaign: WORKERS ${workers} is not an integer in 1..`);
    }
  }, 60_000);
});
