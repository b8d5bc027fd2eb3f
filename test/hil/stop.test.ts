/**
 * `hil` stops cleanly: Ctrl-C in a terminal (SIGINT to the whole process
 * group) or SIGTERM to hil alone ends every process it started, and none
 * is left behind.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';

const leftovers: number[] = [];
afterEach(() => {
  for (const pid of leftovers.splice(0)) if (alive(pid)) process.kill(pid, 'SIGKILL');
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function startAndStop(how: 'group-sigint' | 'sigterm'): Promise<{ code: number | null; output: string; pids: number[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'hil-stop-'));
  const ports = ['--hw-port', '--control-port', '--fsw-tc-port', '--relay-downlink-port', '--tm-port', '--relay-uplink-port', '--api-port'].flatMap(
    (option) => [option, '0'],
  );
  // Its own process group, as a shell gives a foreground job.
  const child = spawn(process.execPath, [`${ROOT}/bin/hil.js`, '--speed', '5', '--dir', dir, '--key-file', join(dir, 'keys.json'), ...ports], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  leftovers.push(child.pid!);
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const up = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (/hil: next, in another terminal: .*npx ground send noop/.test(output)) resolve();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then(() => reject(new Error(`hil exited before it was up:\n${output}`)));
  });
  await up;
  const started = /pids sim-hw (\d+) relay (\d+) ground (\d+)/.exec(output);
  const fsw = /flight software started \(pid (\d+)/.exec(output);
  const pids = [started?.[1], started?.[2], started?.[3], fsw?.[1]].map(Number);
  leftovers.push(...pids);
  expect(pids.every((pid) => pid > 0 && alive(pid))).toBe(true);
  if (how === 'group-sigint') process.kill(-child.pid!, 'SIGINT');
  else child.kill('SIGTERM');
  const code = await Promise.race([exited, new Promise<string>((resolve) => setTimeout(() => resolve('no exit'), 20_000))]);
  if (code === 'no exit') throw new Error(`hil did not exit:\n${output}`);
  return { code: code as number | null, output, pids };
}

describe('hil: a clean stop', () => {
  it.each(['group-sigint', 'sigterm'] as const)('on %s every process it started ends, none is orphaned', async (how) => {
    const { code, output, pids } = await startAndStop(how);
    expect(code).toBe(0);
    expect(output).toMatch(/hil: stopped; every process has ended/);
    expect(output).toMatch(/\[ground\] ground serve: stopped, archive written/);
    expect(pids.filter(alive)).toEqual([]);
  });
});
