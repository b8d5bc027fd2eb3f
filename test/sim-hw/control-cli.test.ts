/**
 * `npx sim-hw inject KIND [name=value ...]` and `npx sim-hw status`: the
 * control port from the command line, no nc needed. Exit codes: 0 ok,
 * 1 refused by the simulator (its reason), 2 bad usage, 3 no simulator.
 */
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBin } from '../helpers/cli.js';
import { startBin, type RunningProcess } from '../helpers/processes.js';

let sim: RunningProcess;
let control: string;

beforeAll(async () => {
  sim = startBin('sim-hw', ['serve', '--port', '0', '--control-port', '0', '--speed', '10', '--link', 'relay']);
  const [, port] = await sim.waitFor(/control on tcp:\/\/127\.0\.0\.1:(\d+)/);
  control = `127.0.0.1:${port}`;
});
afterAll(async () => {
  await sim.stop('SIGKILL');
});

const lines = (text: string) => text.split('\n').filter((line) => line.trim() !== '');

describe('sim-hw status', () => {
  it('prints the simulator state, one name and value a line; --json gives its answer as it is', async () => {
    const text = await runBin('sim-hw', ['status', '--control', control]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^timeS +\d/m);
    expect(text.stdout).toMatch(/^bootCount +1$/m);
    expect(text.stdout).toMatch(/^server\.clientConnected +false$/m);
    const json = await runBin('sim-hw', ['status', '--json', '--control', control]);
    expect(json.code).toBe(0);
    expect(lines(json.stdout)).toHaveLength(1);
    const answer = JSON.parse(json.stdout) as Record<string, unknown>;
    expect(answer).toMatchObject({ ok: true, bootCount: 1, server: { clientConnected: false } });
  });

  it('exits 3 with one line when no simulator answers', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const run = await runBin('sim-hw', ['status', '--control', `127.0.0.1:${port}`]);
    expect(run.code).toBe(3);
    expect(lines(run.stderr)).toHaveLength(1);
    expect(run.stderr).toMatch(/^sim-hw status: cannot reach the simulator's control port 127\.0\.0\.1:\d+: .*ECONNREFUSED.*\(is a simulator running\?/);
  });

  it('exits 2 for bad usage', async () => {
    for (const args of [
      ['status', 'now'],
      ['status', '--control', 'nowhere'],
      ['status', '--control', '127.0.0.1:0'],
      ['status', '--bogus'],
    ]) {
      const run = await runBin('sim-hw', [...args, ...(args.includes('--control') ? [] : ['--control', control])]);
      expect(run.code, args.join(' ')).toBe(2);
      expect(lines(run.stderr), args.join(' ')).toHaveLength(1);
      expect(run.stderr).toMatch(/\(see: sim-hw status --help\)/);
    }
  });
});

describe('sim-hw inject', () => {
  it('injects a fault with its parameters, typed as numbers where they read as numbers', async () => {
    const before = JSON.parse((await runBin('sim-hw', ['status', '--json', '--control', control])).stdout) as { counts: { faultsInjected: number } };
    const sefi = await runBin('sim-hw', ['inject', 'sefi', '--control', control]);
    expect(sefi.code).toBe(0);
    expect(sefi.stdout).toBe('sim-hw inject: injected {"kind":"sefi"}\n');
    const latchup = await runBin('sim-hw', ['inject', 'latchup', 'rail=accelerator', 'extraCurrentA=3', '--control', control]);
    expect(latchup.code).toBe(0);
    expect(latchup.stdout).toBe('sim-hw inject: injected {"kind":"latchup","rail":"accelerator","extraCurrentA":3}\n');
    const outage = await runBin('sim-hw', ['inject', 'link-outage', 'durationS=60', '--json', '--control', control]);
    expect(outage.code).toBe(0);
    expect(JSON.parse(outage.stdout)).toEqual({ ok: true });
    await sim.waitFor(/fault injected: \{"kind":"link-outage","durationS":60\}/);
    const after = JSON.parse((await runBin('sim-hw', ['status', '--json', '--control', control])).stdout) as { counts: { faultsInjected: number } };
    expect(after.counts.faultsInjected).toBe(before.counts.faultsInjected + 3);
  });

  it("exits 1 with the simulator's reason when it refuses the fault", async () => {
    const cases: [string[], RegExp][] = [
      [['latchup', 'rail=warp', 'extraCurrentA=2'], /the simulator refused: fault \(latchup\): rail must be one of/],
      [['obc-hang'], /the simulator refused: fault \(obc-hang\): needs durationS/],
      [['warp-core-breach'], /the simulator refused: fault\.kind must be one of .*obc-hang/],
      [['latchup', 'rail=accelerator', 'extraCurrentA=lots'], /the simulator refused: fault \(latchup\): .*extraCurrentA/],
    ];
    for (const [args, reason] of cases) {
      const run = await runBin('sim-hw', ['inject', ...args, '--control', control]);
      expect(run.code, args.join(' ')).toBe(1);
      expect(lines(run.stderr), args.join(' ')).toHaveLength(1);
      expect(run.stderr).toMatch(reason);
    }
  });

  it('exits 2 for bad usage, 3 without a simulator, and lists the kinds in --help', async () => {
    for (const args of [
      [],
      ['sefi', 'now'],
      ['rail=accelerator'],
      ['latchup', 'rail=a', 'rail=b'],
      ['latchup', 'kind=sefi'],
      ['latchup', 'rail='],
      ['sefi', '--json=yes'],
    ]) {
      const run = await runBin('sim-hw', ['inject', ...args, '--control', control]);
      expect(run.code, args.join(' ')).toBe(2);
      expect(lines(run.stderr), args.join(' ')).toHaveLength(1);
      expect(run.stderr).toMatch(/^sim-hw inject: .*\(see: sim-hw inject --help\)$/m);
    }
    const none = await runBin('sim-hw', ['inject', 'sefi', '--control', '127.0.0.1:1']);
    expect(none.code).toBe(3);
    expect(lines(none.stderr)).toHaveLength(1);
    const help = await runBin('sim-hw', ['inject', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^ {2}latchup +rail=avionics\|comms\|heaters\|payload\|accelerator extraCurrentA=X$/m);
    expect(help.stdout).toMatch(/^ {2}obc-hang +durationS=S$/m);
    expect(help.stdout).toMatch(/--control HOST:PORT .*default 127\.0\.0\.1:5701/);
    expect(help.stdout).toMatch(/0 done, 1 refused by the simulator .*\n2 bad usage, 3 no simulator/);
    const verbs = await runBin('sim-hw', ['--help']);
    expect(verbs.stdout).toMatch(/^ {2}inject /m);
    expect(verbs.stdout).toMatch(/^ {2}status /m);
  });
});
