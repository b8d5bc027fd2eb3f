/**
 * The socket transport: the flight software as a client of a hardware server
 * (sim-hw serve, or real hardware speaking the same wire) over TCP.
 */

import { connect, type Socket } from 'node:net';
import { accept, fail, type Outcome } from '../../protocol/index.js';
import type { ActuatorFrame, SensorFrame } from './frames.js';
import type { HardwareLink, LinkEnd } from './link.js';
import { WIRE_VERSION, WireReader, encodeWireMessage } from './wire.js';

/** Frames waiting for the software, beyond which the oldest are dropped and counted. */
export const PENDING_FRAMES_MAX = 64;

export function parseHardwareUrl(url: string): Outcome<{ host: string; port: number }> {
  const match = /^tcp:\/\/([^:/]+|\[[^\]]+\]):(\d{1,5})$/.exec(url);
  const port = match ? Number(match[2]) : NaN;
  if (!match || port < 1 || port > 65535) return fail(`hardware address "${url}" is not tcp://HOST:PORT`);
  return accept({ host: match[1]!.replace(/^\[|\]$/g, ''), port });
}

export class TcpHardwareLink implements HardwareLink {
  end: { reason: LinkEnd; detail: string } | null = null;
  /** Frames dropped because the software fell more than PENDING_FRAMES_MAX behind. */
  droppedFrames = 0;
  private readonly pending: SensorFrame[] = [];
  private waiter: ((frame: SensorFrame | null) => void) | null = null;
  private lastFrame: number | null = null;
  private readonly reader = new WireReader();

  private constructor(private readonly socket: Socket) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('close', () => this.finish('closed', 'the hardware closed the connection'));
    socket.on('error', (error) => this.finish('error', error.message));
    socket.write(encodeWireMessage({ t: 'hello', role: 'fsw', version: WIRE_VERSION }));
  }

  /**
   * One attempt to connect. `signal` abandons it (the caller owns any time
   * limit and the retries: this transport reads no clock); an abandoned or
   * failed attempt leaves no socket behind.
   */
  static connect(url: string, signal?: AbortSignal): Promise<Outcome<TcpHardwareLink>> {
    const address = parseHardwareUrl(url);
    if (!address.ok) return Promise.resolve(address);
    if (signal?.aborted) return Promise.resolve(fail(`connecting to the hardware at ${url} was abandoned`));
    return new Promise((resolve) => {
      const socket = connect(address.value.port, address.value.host);
      const onAbort = () => {
        socket.off('error', onError);
        socket.destroy();
        resolve(fail(`connecting to the hardware at ${url} was abandoned`));
      };
      const onError = (error: Error) => {
        signal?.removeEventListener('abort', onAbort);
        socket.destroy();
        resolve(fail(`cannot reach the hardware at ${url}: ${error.message}`));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      socket.once('error', onError);
      socket.once('connect', () => {
        signal?.removeEventListener('abort', onAbort);
        socket.off('error', onError);
        resolve(accept(new TcpHardwareLink(socket)));
      });
    });
  }

  exchange(actuators: ActuatorFrame | null): Promise<SensorFrame | null> {
    if (actuators !== null && this.lastFrame !== null && this.end === null) {
      this.socket.write(encodeWireMessage({ t: 'act', frame: this.lastFrame, act: actuators }));
    }
    const next = this.pending.shift();
    if (next) return Promise.resolve(this.deliver(next));
    if (this.end) return Promise.resolve(null);
    return new Promise((resolve) => {
      this.waiter = (frame) => resolve(frame && this.deliver(frame));
    });
  }

  async close(): Promise<void> {
    this.finish('closed', 'closed by the software');
    this.socket.destroy();
  }

  private deliver(frame: SensorFrame): SensorFrame {
    this.lastFrame = frame.frame;
    return frame;
  }

  private onData(chunk: Buffer): void {
    const messages = this.reader.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length));
    if (!messages.ok) {
      this.finish('error', messages.error);
      this.socket.destroy();
      return;
    }
    for (const message of messages.value) {
      if (message.t === 'frame') this.offer(message.frame);
      else if (message.t === 'reset') this.finish('reset', `the hardware reset this computer (${message.cause})`);
      else if (message.t === 'bye') this.finish('closed', `the hardware said goodbye: ${message.reason}`);
    }
  }

  private offer(frame: SensorFrame): void {
    if (this.waiter) {
      const waiter = this.waiter;
      this.waiter = null;
      waiter(frame);
      return;
    }
    if (this.pending.length >= PENDING_FRAMES_MAX) {
      this.pending.shift();
      this.droppedFrames++;
    }
    this.pending.push(frame);
  }

  private finish(reason: LinkEnd, detail: string): void {
    this.end ??= { reason, detail };
    // After a reset the frames still queued describe a computer that no longer runs.
    if (reason === 'reset') this.pending.length = 0;
    if (this.waiter) {
      const waiter = this.waiter;
      this.waiter = null;
      waiter(null);
    }
  }
}
