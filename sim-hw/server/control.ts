/**
 * The control port: JSON lines in, one JSON line out per request, to see
 * and steer the simulator while it runs (sim-hw status, sim-hw inject, the
 * space-link relay). Ops: status, inject (a fault, checked first), link (the
 * channel's state for the relay, which reports its counters with it) and
 * stop. A request line is at most 1 MB.
 */

import { createServer, type Server, type Socket } from 'node:net';
import { checkFault } from '../faults/scenario.js';
import type { TimedFault } from '../faults/types.js';
import { OpenSockets, listen } from './sockets.js';
import type { ServedHardware } from './types.js';

const REQUEST_LINE_CHARS_MAX = 1_000_000;

/** What the control ops reach besides the hardware: the server's own status, its stop, its log. */
export interface ControlledServer {
  readonly hardware: ServedHardware;
  serverStatus(): Record<string, unknown>;
  stop(): void;
  log(line: string): void;
}

type Reply = Record<string, unknown>;

interface ControlRequest {
  op?: unknown;
  fault?: unknown;
  relay?: unknown;
}

export class ControlPort {
  private readonly server: Server;
  private readonly sockets = new OpenSockets();
  /** The last counters the space-link relay reported with its `link` op, shown by `status`. */
  private relayCounters: unknown = null;

  constructor(private readonly target: ControlledServer) {
    this.server = createServer((socket) => this.accept(socket));
  }

  listen(host: string, port: number): Promise<number> {
    return listen(this.server, host, port);
  }

  close(): Promise<void> {
    return this.sockets.close(this.server);
  }

  /** The answer to one request line. */
  answer(line: string): Reply {
    let request: ControlRequest;
    try {
      request = JSON.parse(line);
    } catch {
      return { ok: false, error: 'not JSON: send one JSON object per line, e.g. {"op":"status"}' };
    }
    switch (request.op) {
      case 'status':
        return this.status();
      case 'link':
        return this.link(request.relay);
      case 'inject':
        return this.inject(request.fault);
      case 'stop':
        this.target.stop();
        return { ok: true };
      default:
        return { ok: false, error: `unknown op ${JSON.stringify(request.op)}; use status, inject, link or stop` };
    }
  }

  private accept(socket: Socket): void {
    this.sockets.track(socket);
    let buffered = '';
    socket.setEncoding('utf8');
    socket.on('data', (text: string) => {
      buffered += text;
      if (buffered.length > REQUEST_LINE_CHARS_MAX) {
        socket.end(`${JSON.stringify({ ok: false, error: 'request line longer than 1 MB' })}\n`);
        return;
      }
      let newline: number;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, newline).trim();
        buffered = buffered.slice(newline + 1);
        if (line) socket.write(`${JSON.stringify(this.answer(line))}\n`);
      }
    });
    socket.on('error', () => socket.destroy());
  }

  private status(): Reply {
    return {
      ok: true,
      ...this.target.hardware.status(),
      server: this.target.serverStatus(),
      ...(this.relayCounters !== null ? { relay: this.relayCounters } : {}),
    };
  }

  /** The relay polls this for the channel's state and reports its counters with it. */
  private link(relayCounters: unknown): Reply {
    const { hardware } = this.target;
    if (!hardware.link || !hardware.config) return { ok: false, error: 'this hardware has no space link' };
    if (relayCounters !== undefined) this.relayCounters = relayCounters;
    const { link, config } = hardware;
    return { ok: true, timeS: hardware.current().timeS, seed: config.seed, inContact: link.inContact, lightTimeS: link.lightTimeS, params: config.link };
  }

  private inject(requested: unknown): Reply {
    const fault = { atS: 0, ...(requested as object) } as TimedFault;
    const problem = checkFault(fault, 'fault');
    if (problem) return { ok: false, error: problem };
    this.target.hardware.inject(fault);
    this.target.log(`fault injected: ${JSON.stringify(requested)}`);
    return { ok: true };
  }
}
