/**
 * The flight computer's side of the server: one TCP listener that takes one
 * flight computer at a time (another is told "bye"), sends it frames, keeps
 * its latest answer, and wakes the pacing loop when something happens (an
 * answer, a connection, a disconnection, a stop).
 */

import { createServer, type Server, type Socket } from 'node:net';
import type { ActuatorFrame, ResetCause, SensorFrame } from '../../fsw/hal/frames.js';
import { WireReader, encodeWireMessage } from '../../fsw/hal/wire.js';
import { OpenSockets, listen } from './sockets.js';
import type { ServerStats } from './types.js';

interface Answer {
  readonly frame: number;
  readonly actuators: ActuatorFrame;
}

/** The pacing's deadline for one answer: the wall time left, and a sleep on the wall clock. */
export interface AnswerWait {
  leftMs(): number;
  sleep(ms: number): Promise<void>;
}

export class FlightComputerPeer {
  private readonly server: Server;
  private readonly sockets = new OpenSockets();
  private computer: Socket | null = null;
  private latestAnswer: Answer | null = null;
  private wakeWaiter: (() => void) | null = null;

  constructor(
    private readonly stats: ServerStats,
    private readonly log: (line: string) => void,
  ) {
    this.server = createServer((socket) => this.accept(socket));
  }

  listen(host: string, port: number): Promise<number> {
    return listen(this.server, host, port);
  }

  get connected(): boolean {
    return this.computer !== null;
  }

  /** Wakes whoever waits (for an answer or a first computer), for example to see a stop. */
  wake(): void {
    const waiter = this.wakeWaiter;
    this.wakeWaiter = null;
    waiter?.();
  }

  /** Waits until a computer connects or wake() is called. */
  waitForEvent(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.wakeWaiter = resolve;
    });
  }

  send(frame: SensorFrame): void {
    this.computer?.write(encodeWireMessage({ t: 'frame', frame }));
  }

  /**
   * Waits for the answer to frameNumber until the pacing's deadline (wall
   * time is the pacing's: `wait` tells what is left and sleeps); null when
   * none came, the computer left or stopped() holds.
   */
  async answerTo(frameNumber: number, wait: AnswerWait, stopped: () => boolean): Promise<ActuatorFrame | null> {
    for (;;) {
      if (this.latestAnswer) {
        const answer = this.latestAnswer;
        this.latestAnswer = null;
        if (answer.frame === frameNumber) return answer.actuators;
        this.stats.staleAnswers++;
        continue;
      }
      const leftMs = wait.leftMs();
      if (stopped() || this.computer === null || leftMs <= 0) return null;
      await new Promise<void>((resolve) => {
        this.wakeWaiter = resolve;
        void wait.sleep(leftMs).then(() => {
          if (this.wakeWaiter === resolve) this.wake();
        });
      });
    }
  }

  /** The hardware reset the computer: it is told why and let go; the next connection is the rebooted computer. */
  reset(cause: ResetCause): void {
    const computer = this.computer;
    if (!computer) return;
    this.computer = null;
    computer.end(encodeWireMessage({ t: 'reset', cause }));
  }

  /** Says goodbye to the computer, ends every connection and stops listening. */
  close(): Promise<void> {
    this.computer?.end(encodeWireMessage({ t: 'bye', reason: 'the hardware server stopped' }));
    return this.sockets.close(this.server);
  }

  private accept(socket: Socket): void {
    this.sockets.track(socket);
    if (this.computer) {
      socket.end(encodeWireMessage({ t: 'bye', reason: 'another flight computer is connected' }));
      return;
    }
    this.computer = socket;
    this.stats.clients++;
    socket.setNoDelay(true);
    this.log(`flight software connected from ${socket.remoteAddress}:${socket.remotePort}`);
    const reader = new WireReader();
    socket.on('data', (chunk: Buffer) => this.receive(socket, reader, chunk));
    const gone = () => {
      if (this.computer === socket) {
        this.computer = null;
        this.log('flight software disconnected');
        this.wake();
      }
    };
    socket.on('close', gone);
    socket.on('error', gone);
    // The pacing loop sends the next frame; wake it if it waits for a first computer.
    this.wake();
  }

  private receive(socket: Socket, reader: WireReader, chunk: Buffer): void {
    const messages = reader.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length));
    if (!messages.ok) {
      this.log(`dropping the flight software connection: ${messages.error}`);
      socket.destroy();
      return;
    }
    for (const message of messages.value) {
      if (message.t === 'act') {
        this.latestAnswer = { frame: message.frame, actuators: message.act };
        this.wake();
      }
    }
  }
}
