/**
 * `npx sim-hw serve` alone is as forgiving as under `hil` (one place for
 * --answer-timeout-ms and --idle-speed), its closing line accounts for every
 * tick (answered + missed + with no flight software connected), and a
 * scenario it cannot use is a bad option (exit 2, one line).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TcpHardwareLink } from '../../fsw/hal/tcp-client.js';
import { createKeyFile } from '../../protocol/index.js';
import { HELP as HIL_HELP, parseHilOptions } from '../../hil/options.js';
import { DEFAULT_ANSWER_TIMEOUT_MS, DEFAULT_IDLE_SPEED } from '../../sim-hw/cli/serve.js';
import { ControlClient } from '../../sim-hw/link/control-client.js';
import { ROOT, runBin } from '../helpers/cli.js';
import { startBin, type RunningProcess } from '../helpers/processes.js';

const started: RunningProcess[] = [];
const spawned: ChildProcess[] = [];
afterEach(async () => {
  for (const child of spawned.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await Promise.all(started.splice(0).map((p) => p.stop('SIGKILL')));
});

const lines = (text: string) => text.split('\n').filter((line) => line.trim() !== '');

describe('npx sim-hw serve: defaults, closing line, scenario', () => {
  it('has the same --answer-timeout-ms and --idle-speed defaults alone as under hil', async () => {
    expect(DEFAULT_ANSWER_TIMEOUT_MS).toBe(1000);
    expect(DEFAULT_IDLE_SPEED).toBe(1);
    const hil = parseHilOptions([])!;
    expect(hil.answerTimeoutMs).toBe(String(DEFAULT_ANSWER_TIMEOUT_MS));
    expect(hil.idleSpeed).toBe(String(DEFAULT_IDLE_SPEED));
    const help = await runBin('sim-hw', ['serve', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--answer-timeout-ms N +with --speed max: wait this long for an answer \(default 1000\)/);
    expect(help.stdout).toMatch(/--idle-speed N[\s\S]*?\(default 1; hil uses the same\)/);
    expect(HIL_HELP).toMatch(/--answer-timeout-ms N[\s\S]*?\(default 1000, sim-hw serve's own\)/);
    expect(HIL_HELP).toMatch(/--idle-speed N[\s\S]*?\(default 1, sim-hw serve's own\)/);
  });

  it('alone, at --speed max with its defaults: one obc-hang gives one watchdog reset through a restart loop', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'serve-hang-'));
    const keyFile = join(dir, 'keys.json');
    const keys = createKeyFile(keyFile);
    if (!keys.ok) throw new Error(keys.error);
    const sim = startBin('sim-hw', ['serve', '--port', '0', '--control-port', '0', '--speed', 'max', '--link', 'relay']);
    started.push(sim);
    const [, port, controlPort] = await sim.waitFor(/hardware on tcp:\/\/127\.0\.0\.1:(\d+), control on tcp:\/\/127\.0\.0\.1:(\d+)/);
    const client = await ControlClient.connect('127.0.0.1', Number(controlPort));
    if (!client.ok) throw new Error(client.error);
    // The restart loop of docs/operations.md: start the flight software again while it exits 75.
    // (The compiled entry point itself, as hil's boot ROM starts it: no build check in the reboot.)
    let boots = 0;
    let looping = true;
    const loop = (async () => {
      while (looping) {
        const fsw = spawn(
          process.execPath,
          [
            join(ROOT, 'dist', 'fsw', 'main.js'),
            '--hal',
            `tcp://127.0.0.1:${port}`,
            '--tc-port',
            '0',
            '--tm-to',
            '127.0.0.1:9',
            '--key-file',
            keyFile,
            '--nvm',
            join(dir, 'nvm.bin'),
          ],
          { stdio: 'ignore' },
        );
        spawned.push(fsw);
        boots++;
        const code = await new Promise<number | null>((resolve) => fsw.on('exit', resolve));
        if (code !== 75) break;
      }
    })();
    type Status = { timeS: number; bootCount: number; server: { resets: number; clientConnected: boolean } };
    const until = async (what: string, check: (now: Status) => boolean, timeoutMs: number): Promise<Status> => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const answer = await client.value.request({ op: 'status' });
        if (!answer.ok) throw new Error(answer.error);
        const now = answer.value as unknown as Status;
        if (check(now)) return now;
        if (Date.now() > deadline) throw new Error(`${what}: ${JSON.stringify(now)}\n${sim.output()}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    await until('the flight software to run 20 s', (now) => now.server.clientConnected && now.timeS > 20, 30_000);
    expect(await client.value.request({ op: 'inject', fault: { kind: 'obc-hang', durationS: 30 } })).toEqual({ ok: true, value: { ok: true } });
    await sim.waitFor(/flight computer reset \(watchdog\)/, 30_000);
    const rebooted = await until('the rebooted software to connect', (now) => now.server.clientConnected && now.server.resets >= 1, 30_000);
    // Well past another watchdog period after the reboot.
    const later = await until('mission time to pass', (now) => now.timeS > rebooted.timeS + 30, 60_000);
    looping = false;
    client.value.close();
    expect(later.server.resets).toBe(1);
    expect(later.bootCount).toBe(2);
    expect(boots).toBe(2);
    sim.child.kill('SIGTERM');
    await loop;
  });

  it('names in its closing line the ticks with no flight software connected; the three counts add up to the ticks', async () => {
    const sim = startBin('sim-hw', ['serve', '--port', '0', '--control-port', '0', '--speed', 'max', '--link', 'relay']);
    started.push(sim);
    const [, port] = await sim.waitFor(/hardware on tcp:\/\/127\.0\.0\.1:(\d+)/);
    const link = await TcpHardwareLink.connect(`tcp://127.0.0.1:${port}`);
    if (!link.ok) throw new Error(link.error);
    let frame = await link.value.exchange(null);
    for (let tick = 0; tick < 50 && frame; tick++) frame = await link.value.exchange({ watchdogStroke: true });
    await link.value.close();
    // Without a computer the server runs on at --idle-speed (real time): a few ticks with nobody connected.
    await sim.waitFor(/flight software disconnected/);
    await new Promise((resolve) => setTimeout(resolve, 600));
    sim.child.kill('SIGTERM');
    await sim.exited;
    const closing =
      /stopped after (\d+) ticks: (\d+) answered, (\d+) missed, (\d+) with no flight software connected, \d+ stale, \d+ resets, 1 connections/.exec(
        sim.output(),
      );
    expect(closing, sim.output()).not.toBeNull();
    const [ticks, answered, missed, unconnected] = closing!.slice(1, 5).map(Number) as [number, number, number, number];
    expect(answered).toBeGreaterThanOrEqual(50);
    expect(unconnected).toBeGreaterThan(0);
    expect(answered + missed + unconnected).toBe(ticks);
  });

  it('refuses a scenario file it cannot read or that is invalid: exit 2, its own message', async () => {
    const missing = await runBin('sim-hw', ['serve', '--port', '0', '--control-port', '0', '--scenario', '/nonexistent.json']);
    expect(missing.code).toBe(2);
    expect(lines(missing.stderr)).toEqual(['sim-hw serve: scenario file /nonexistent.json cannot be read (ENOENT) (see: sim-hw serve --help)']);
    const dir = mkdtempSync(join(tmpdir(), 'serve-scenario-'));
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ format: 'orbital-node-scenario/1', faults: [{ atS: 5, kind: 'obc-hang' }] }));
    const invalid = await runBin('sim-hw', ['serve', '--port', '0', '--control-port', '0', '--scenario', bad]);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toMatch(/scenario file .*bad\.json is invalid:\s+faults\[0\] \(obc-hang\): needs durationS/);
  });

  it('says what --speed takes when given 0, in one line', async () => {
    const zero = await runBin('sim-hw', ['serve', '--speed', '0']);
    expect([zero.code, lines(zero.stderr)]).toEqual([
      2,
      ['sim-hw serve: --speed 0 is not max or a speed above 0 and at most 1e6 (times real time) (see: sim-hw serve --help)'],
    ]);
  });
});
