/**
 * `hil` at its start: "hil: up" only once the flight software runs against
 * the simulator; a configuration a program refuses (exit 2 or 3) is not
 * restarted but stops everything at once, with that program's own message
 * and exit code.
 */
import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createKeyFile } from '../../protocol/index.js';
import { startBin, type RunningProcess } from '../helpers/processes.js';
import { startHil, stopAll } from './harness.js';

afterEach(stopAll);
const started: RunningProcess[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((p) => p.stop('SIGKILL')));
});

const FREE_PORTS = ['--hw-port', '--control-port', '--fsw-tc-port', '--relay-downlink-port', '--tm-port', '--relay-uplink-port', '--api-port'].flatMap(
  (option) => [option, '0'],
);

/** Runs hil to its end (or fails after limitMs). */
async function hilToItsEnd(args: readonly string[], limitMs = 60_000): Promise<{ code: number | null; output: string }> {
  const hil = startBin('hil', [...FREE_PORTS, ...args]);
  started.push(hil);
  const code = await Promise.race([hil.exited, new Promise<'running'>((resolve) => setTimeout(() => resolve('running'), limitMs))]);
  if (code === 'running') throw new Error(`hil still runs after ${limitMs} ms:\n${hil.output()}`);
  return { code, output: hil.output() };
}

describe('hil: the start', () => {
  it('says "hil: up" only after the flight software has connected to the simulator', async () => {
    const hil = await startHil();
    const output = hil.process.output();
    const up = output.indexOf('hil: up at speed');
    const fswLine = output.search(/\[fsw\] fsw: hardware tcp:\/\/127\.0\.0\.1:\d+, telecommands on udp/);
    const simLine = output.indexOf('[sim-hw] sim-hw: flight software connected');
    expect(fswLine).toBeGreaterThanOrEqual(0);
    expect(simLine).toBeGreaterThanOrEqual(0);
    expect(up).toBeGreaterThan(fswLine);
    expect(up).toBeGreaterThan(simLine);
    expect(output).toMatch(/hil: up .*pids sim-hw \d+ relay \d+ ground \d+ fsw \d+/);
  });

  it('a key file others can read: the flight software exits 3 once, hil stops at once with its message and exit 3, never "up"', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hil-644-'));
    const keyFile = join(dir, 'keys.json');
    const keys = createKeyFile(keyFile);
    if (!keys.ok) throw new Error(keys.error);
    chmodSync(keyFile, 0o644);
    const { code, output } = await hilToItsEnd(['--dir', dir, '--key-file', keyFile]);
    expect(code).toBe(3);
    expect(output).not.toMatch(/hil: up/);
    expect(output).not.toMatch(/npx ground send noop/);
    expect([...output.matchAll(/hil: flight software started/g)]).toHaveLength(1);
    expect(output).not.toMatch(/the boot ROM starts it again/);
    const fswSaid = /\[fsw\] (fsw: key file .*keys\.json .*644.*)/.exec(output);
    expect(fswSaid, output).not.toBeNull();
    expect(output).toMatch(/hil: stopped; every process has ended/);
    const lines = output.trimEnd().split('\n');
    // Its own words, as the last line.
    expect(lines.at(-1)).toBe(`hil: the flight software cannot start (exit 3): ${fswSaid![1]}`);
    // Not the 20 restarts (about 90 lines) it took before.
    expect(lines.length).toBeLessThan(30);
  });

  it("--scenario /nonexistent.json: the simulator's own message and exit 2, no internal pattern", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hil-scenario-'));
    const { code, output } = await hilToItsEnd(['--dir', dir, '--key-file', join(dir, 'keys.json'), '--scenario', '/nonexistent.json']);
    expect(code).toBe(2);
    expect(output).toMatch(/\[sim-hw\] sim-hw serve: scenario file \/nonexistent\.json cannot be read \(ENOENT\)/);
    expect(output.trimEnd().split('\n').at(-1)).toMatch(
      /^hil: could not start: sim-hw ended \(exit 2\): sim-hw serve: scenario file \/nonexistent\.json cannot be read \(ENOENT\)/,
    );
    expect(output).not.toMatch(/exited before printing|\\\/|\\d/);
    expect(output).not.toMatch(/\n\s+at /);
  });
});
