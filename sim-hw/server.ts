/**
 * The hardware-in-the-loop server: the simulator as a separate process and
 * the time master. Each tick it sends the SensorFrame to the connected flight
 * software and waits for the answer:
 *
 *   --speed N    paced: one tick every dtS / N seconds of wall time; an answer
 *                that misses its tick is dropped (counted) and the hardware
 *                holds its settings (no watchdog stroke)
 *   --speed max  as fast as the software answers; a software that does not
 *                answer within answerTimeoutMs, or no software at all, lets the
 *                hardware run on at idleSpeed times real time, so a hung or
 *                killed computer is reset by the watchdog as on orbit
 *
 * When the hardware resets the flight computer (watchdog, brown-out) it tells
 * the client {t: "reset"} and closes its connection; the next connection is
 * the rebooted computer. A control port takes JSON lines to inject faults
 * live and to report status. Only this file and the process entry points
 * touch real time.
 */

import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ActuatorFrame, SensorFrame } from '../fsw/hal/frames.js';
import { IDLE_ACTUATORS } from '../fsw/hal/frames.js';
import type { SimulatedHardware } from '../fsw/hal/link.js';
import { WireReader, encodeWireMessage } from '../fsw/hal/wire.js';
import { checkFault } from './faults/scenario.js';
import type { TimedFault } from './faults/types.js';
import type { LinkParams, LinkState } from './link/channel.js';

export interface ServedHardware extends SimulatedHardware {
  readonly dtS: number;
  /** Applies a fault now (atS is ignored; durationS where the kind lasts). */
  inject(fault: TimedFault): void;
  status(): Record<string, unknown>;
  /**
   * Optional: whether the flight computer runs. While it is unpowered or held
   * by an obc-hang fault the server sends it no frame and takes no answer, so
   * the watchdog resets it as on orbit (Spacecraft.truth() fits).
   */
  truth?(): { readonly timeS: number; readonly obcPowered: boolean; readonly obcHangUntilS: number };
  /** Optional: the space link, for the relay's `link` op (sim-hw/link/relay.ts). */
  readonly link?: LinkState;
  readonly config?: { readonly seed: number; readonly link: LinkParams };
}

export interface ServeOptions {
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly controlPort: number;
  readonly speed: number | 'max';
  readonly answerTimeoutMs: number;
  readonly idleSpeed: number;
  /** Stop after this much mission time (Infinity: run until stopped). */
  readonly untilS: number;
  /** Hold the clock at its first frame until a flight computer connects (default true). */
  readonly startOnConnect?: boolean;
  readonly log: (line: string) => void;
}

export interface HardwareServer {
  readonly port: number;
  readonly controlPort: number;
  readonly stats: ServerStats;
  /** Resolves when the server has stopped. */
  readonly done: Promise<void>;
  stop(): Promise<void>;
}

/** Per tick exactly one of answered, missedAnswers (a computer connected, no answer in time) and unconnectedTicks. */
export interface ServerStats {
  ticks: number;
  answered: number;
  missedAnswers: number;
  /** Ticks with no flight software connected: before the first connection, between boots, after it left. */
  unconnectedTicks: number;
  staleAnswers: number;
  resets: number;
  clients: number;
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}

export async function startHardwareServer(hardware: ServedHardware, options: ServeOptions): Promise<HardwareServer> {
  const stats: ServerStats = { ticks: 0, answered: 0, missedAnswers: 0, unconnectedTicks: 0, staleAnswers: 0, resets: 0, clients: 0 };
  let client: Socket | null = null;
  let answer: { frame: number; act: ActuatorFrame } | null = null;
  let wake: (() => void) | null = null;
  let stopped = false;
  /** The last counters the space-link relay reported with its `link` op, shown by `status`. */
  let relayCounters: unknown = null;
  const notify = () => {
    const waiting = wake;
    wake = null;
    waiting?.();
  };

  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  };

  const hardwareServer = createServer((socket) => {
    track(socket);
    if (client) {
      socket.end(encodeWireMessage({ t: 'bye', reason: 'another flight computer is connected' }));
      return;
    }
    client = socket;
    stats.clients++;
    socket.setNoDelay(true);
    const reader = new WireReader();
    options.log(`flight software connected from ${socket.remoteAddress}:${socket.remotePort}`);
    socket.on('data', (chunk: Buffer) => {
      const messages = reader.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length));
      if (!messages.ok) {
        options.log(`dropping the flight software connection: ${messages.error}`);
        socket.destroy();
        return;
      }
      for (const message of messages.value) {
        if (message.t === 'act') {
          answer = { frame: message.frame, act: message.act };
          notify();
        }
      }
    });
    const gone = () => {
      if (client === socket) {
        client = null;
        options.log('flight software disconnected');
        notify();
      }
    };
    socket.on('close', gone);
    socket.on('error', gone);
    // The run loop sends the next frame; wake it if it waits for a first computer.
    notify();
  });

  const controlServer = createServer((socket) => {
    track(socket);
    let buffered = '';
    socket.setEncoding('utf8');
    socket.on('data', (text: string) => {
      buffered += text;
      if (buffered.length > 1_000_000) {
        socket.end(`${JSON.stringify({ ok: false, error: 'request line longer than 1 MB' })}\n`);
        return;
      }
      let newline: number;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, newline).trim();
        buffered = buffered.slice(newline + 1);
        if (line) socket.write(`${JSON.stringify(control(line))}\n`);
      }
    });
    socket.on('error', () => socket.destroy());
  });

  function control(line: string): Record<string, unknown> {
    let request: { op?: unknown; fault?: unknown; relay?: unknown };
    try {
      request = JSON.parse(line);
    } catch {
      return { ok: false, error: 'not JSON: send one JSON object per line, e.g. {"op":"status"}' };
    }
    switch (request.op) {
      case 'status':
        return {
          ok: true,
          ...hardware.status(),
          server: { ...stats, clientConnected: client !== null, speed: options.speed },
          ...(relayCounters !== null ? { relay: relayCounters } : {}),
        };
      case 'link': {
        // The relay polls this for the channel's state and reports its counters with it.
        if (!hardware.link || !hardware.config) return { ok: false, error: 'this hardware has no space link' };
        if (request.relay !== undefined) relayCounters = request.relay;
        const { link, config } = hardware;
        return { ok: true, timeS: hardware.current().timeS, seed: config.seed, inContact: link.inContact, lightTimeS: link.lightTimeS, params: config.link };
      }
      case 'inject': {
        const fault = { atS: 0, ...(request.fault as object) } as TimedFault;
        const problem = checkFault(fault, 'fault');
        if (problem) return { ok: false, error: problem };
        hardware.inject(fault);
        options.log(`fault injected: ${JSON.stringify(request.fault)}`);
        return { ok: true };
      }
      case 'stop':
        stopped = true;
        notify();
        return { ok: true };
      default:
        return { ok: false, error: `unknown op ${JSON.stringify(request.op)}; use status, inject, link or stop` };
    }
  }

  const port = await listen(hardwareServer, options.host, options.port);
  const controlPort = await listen(controlServer, options.host, options.controlPort);

  /** Waits for the answer to frameNumber until the deadline (wall ms); null when none came. */
  async function answerTo(frameNumber: number, timeoutMs: number): Promise<ActuatorFrame | null> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      if (answer) {
        const got: { frame: number; act: ActuatorFrame } = answer;
        answer = null;
        if (got.frame === frameNumber) return got.act;
        stats.staleAnswers++;
        continue;
      }
      const left = deadline - performance.now();
      if (stopped || client === null || left <= 0) return null;
      await new Promise<void>((resolve) => {
        wake = resolve;
        void sleep(left).then(() => {
          if (wake === resolve) notify();
        });
      });
    }
  }

  /** The flight computer is powered and not hung (hardware without truth() always runs it). */
  function computerRuns(): boolean {
    const truth = hardware.truth?.();
    return truth === undefined || (truth.obcPowered && truth.timeS >= truth.obcHangUntilS);
  }

  async function run(): Promise<void> {
    const paced = options.speed !== 'max';
    const tickMs = (hardware.dtS * 1000) / (paced ? (options.speed as number) : options.idleSpeed);
    let nextTickAt = performance.now();
    let frame: SensorFrame = hardware.current();
    let answering = true;
    if (options.startOnConnect ?? true) {
      while (!stopped && client === null) await new Promise<void>((resolve) => (wake = resolve));
      nextTickAt = performance.now();
    }
    while (!stopped && frame.timeS < options.untilS) {
      const runs = computerRuns();
      if (client && runs) client.write(encodeWireMessage({ t: 'frame', frame }));
      let act: ActuatorFrame | null;
      if (!runs) {
        // A hung or unpowered computer answers nothing: the hardware runs on (paced) until the watchdog resets it.
        act = null;
        answering = false;
      } else if (paced) {
        act = await answerTo(frame.frame, Math.max(0, nextTickAt + tickMs - performance.now()));
      } else {
        act = await answerTo(frame.frame, answering ? options.answerTimeoutMs : Math.max(0, nextTickAt + tickMs - performance.now()));
        answering = act !== null;
      }
      if (act) stats.answered++;
      else if (client) stats.missedAnswers++;
      else stats.unconnectedTicks++;
      const bootCount = frame.obc.bootCount;
      frame = hardware.step(act ?? IDLE_ACTUATORS);
      stats.ticks++;
      if (frame.obc.bootCount !== bootCount) {
        stats.resets++;
        options.log(`flight computer reset (${frame.obc.resetCause}) at ${frame.timeS.toFixed(1)} s`);
        if (client) {
          const resetClient: Socket = client;
          client = null;
          resetClient.end(encodeWireMessage({ t: 'reset', cause: frame.obc.resetCause }));
        }
      }
      nextTickAt += tickMs;
      const now = performance.now();
      if (paced || !answering) {
        if (nextTickAt > now) await sleep(nextTickAt - now);
        else if (now - nextTickAt > 1000) nextTickAt = now; // fell behind by more than a second: do not try to catch up
      } else {
        nextTickAt = now;
        // Let socket events in between ticks at full speed.
        if (stats.ticks % 64 === 0) await sleep(0);
      }
    }
  }

  const done = run().finally(async () => {
    if (client) client.end(encodeWireMessage({ t: 'bye', reason: 'the hardware server stopped' }));
    for (const socket of sockets) socket.destroySoon();
    await Promise.all([new Promise((resolve) => hardwareServer.close(resolve)), new Promise((resolve) => controlServer.close(resolve))]);
  });

  return {
    port,
    controlPort,
    stats,
    done,
    async stop() {
      stopped = true;
      notify();
      await done;
    },
  };
}
