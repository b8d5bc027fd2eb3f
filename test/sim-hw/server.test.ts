import { createConnection } from 'node:net';
import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import type { ActuatorFrame, SensorFrame } from '../../fsw/hal/frames.js';
import { InProcessLink } from '../../fsw/hal/in-process.js';
import type { HardwareLink } from '../../fsw/hal/link.js';
import { TcpHardwareLink } from '../../fsw/hal/tcp-client.js';
import { spacecraftConfig } from '../../sim-hw/config.js';
import { FrameDigest } from '../../sim-hw/frame-digest.js';
import { startHardwareServer, type HardwareServer } from '../../sim-hw/server.js';
import { Spacecraft } from '../../sim-hw/spacecraft.js';
import { ROOT } from '../helpers/cli.js';

const servers: HardwareServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.stop()));
});

async function serve(speed: number | 'max' = 'max', seed = 3): Promise<HardwareServer> {
  const server = await startHardwareServer(new Spacecraft(spacecraftConfig({ seed })), {
    host: '127.0.0.1',
    port: 0,
    controlPort: 0,
    speed,
    answerTimeoutMs: 2000,
    idleSpeed: 200,
    untilS: Number.POSITIVE_INFINITY,
    log: () => {},
  });
  servers.push(server);
  return server;
}

async function connect(port: number): Promise<TcpHardwareLink> {
  const link = await TcpHardwareLink.connect(`tcp://127.0.0.1:${port}`);
  if (!link.ok) throw new Error(link.error);
  return link.value;
}

/** The same actuator script for every transport: power the accelerator at tick 5, always stroke. */
const script = (tick: number): ActuatorFrame => (tick === 5 ? { watchdogStroke: true, rails: { accelerator: true } } : { watchdogStroke: true });

async function drive(link: HardwareLink, ticks: number, digest: FrameDigest): Promise<SensorFrame> {
  let frame = await link.exchange(null);
  if (!frame) throw new Error('no first frame');
  digest.update(frame);
  for (let tick = 0; tick < ticks; tick++) {
    frame = await link.exchange(script(tick));
    if (!frame) throw new Error(`link ended at tick ${tick}: ${link.end?.detail}`);
    digest.update(frame);
  }
  return frame;
}

function control(port: number, request: object): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const socket = createConnection(port, '127.0.0.1');
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      text += chunk;
      if (text.includes('\n')) {
        socket.end();
        resolve(JSON.parse(text.slice(0, text.indexOf('\n'))));
      }
    });
    socket.on('error', reject);
    socket.write(`${JSON.stringify(request)}\n`);
  });
}

describe('hardware-in-the-loop server', () => {
  it('serves frames over TCP that are bit-identical to the in-process ones (the software cannot tell)', async () => {
    const server = await serve('max', 9);
    const tcp = await connect(server.port);
    const overTcp = new FrameDigest();
    const last = await drive(tcp, 300, overTcp);
    await tcp.close();
    const inProcess = new FrameDigest();
    await drive(new InProcessLink(new Spacecraft(spacecraftConfig({ seed: 9 }))), 300, inProcess);
    expect(overTcp.hex()).toBe(inProcess.hex());
    expect(last.frame).toBe(300);
    expect(last.power.rails.accelerator.on).toBe(true);
    expect(last.accelerator.state).toBe('ready');
  });

  it('paces ticks at a speed factor and applies the answers', async () => {
    const server = await serve(50);
    const link = await connect(server.port);
    let frame = await link.exchange(null);
    for (let tick = 0; tick < 40 && frame; tick++) frame = await link.exchange({ watchdogStroke: true, rails: { accelerator: true } });
    await link.close();
    expect(frame?.obc.bootCount).toBe(1);
    expect(frame?.power.rails.accelerator.on).toBe(true);
    expect(server.stats.answered).toBeGreaterThan(0);
    expect(server.stats.ticks).toBeGreaterThanOrEqual(40);
  });

  it('resets a computer that stops answering, and tells the next connection why it booted', async () => {
    const server = await serve('max');
    const first = await connect(server.port);
    await drive(first, 10, new FrameDigest());
    await first.close();
    // Nobody strokes the watchdog now; the server runs on at 200x real time until it fires.
    let status: Record<string, unknown> = {};
    // A deadline, not a count: on a loaded machine the server runs slower than 200x.
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      status = await control(server.controlPort, { op: 'status' });
      if ((status.bootCount as number) > 1) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    // The watchdog fires every 5 s of simulated time (25 ms of wall time at 200x) while nobody
    // strokes it: on a slow machine it may have fired again before the status came back.
    const resets = status.bootCount as number;
    expect(resets).toBeGreaterThanOrEqual(2);
    const second = await connect(server.port);
    const frame = await second.exchange(null);
    expect(frame?.obc.resetCause).toBe('watchdog');
    expect(frame?.obc.bootCount).toBeGreaterThanOrEqual(resets);
    await second.close();
  });

  it('takes faults on the control port and refuses bad requests with a reason', async () => {
    const server = await serve('max');
    const link = await connect(server.port);
    await drive(link, 150, new FrameDigest());
    expect(await control(server.controlPort, { op: 'inject', fault: { kind: 'sefi' } })).toEqual({ ok: true });
    let frame = await link.exchange({ watchdogStroke: true });
    frame = await link.exchange({ watchdogStroke: true });
    expect(frame?.accelerator.state).toBe('hung');
    expect(await control(server.controlPort, { op: 'inject', fault: { kind: 'latchup', rail: 'warp', extraCurrentA: 2 } })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/rail must be one of/),
    });
    expect(await control(server.controlPort, { op: 'fly' })).toMatchObject({ ok: false, error: expect.stringMatching(/unknown op/) });
    await link.close();
  });

  it('turns away a second flight computer', async () => {
    const server = await serve('max');
    const first = await connect(server.port);
    await first.exchange(null);
    const second = await connect(server.port);
    expect(await second.exchange(null)).toBeNull();
    expect(second.end?.detail).toMatch(/another flight computer is connected/);
    await first.close();
  });
});

describe('npx sim-hw serve', () => {
  it('answers a client over loopback and stops on request', async () => {
    const child = spawn(process.execPath, [`${ROOT}/bin/sim-hw.js`, 'serve', '--port', '0', '--control-port', '0', '--speed', 'max', '--seed', '4'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const ports = await new Promise<{ port: number; controlPort: number }>((resolve, reject) => {
      let text = '';
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (chunk: string) => {
        text += chunk;
        const match = /hardware on tcp:\/\/127\.0\.0\.1:(\d+), control on tcp:\/\/127\.0\.0\.1:(\d+)/.exec(text);
        if (match) resolve({ port: Number(match[1]), controlPort: Number(match[2]) });
      });
      child.on('exit', (code) => reject(new Error(`sim-hw serve exited with ${code}`)));
    });
    const link = await connect(ports.port);
    const last = await drive(link, 100, new FrameDigest());
    expect(last.frame).toBeGreaterThanOrEqual(100);
    expect(last.obc.bootCount).toBe(1);
    await link.close();
    expect(await control(ports.controlPort, { op: 'stop' })).toEqual({ ok: true });
    const code = await new Promise((resolve) => child.on('exit', resolve));
    expect(code).toBe(0);
  });

  it('refuses bad options with exit code 2', async () => {
    const { runBin } = await import('../helpers/cli.js');
    const run = await runBin('sim-hw', ['serve', '--speed', 'warp']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--speed "warp" is not a number/);
  });
});
