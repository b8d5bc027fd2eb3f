/**
 * A client of the simulator's control port (sim-hw/server/control.ts): one TCP
 * connection, one JSON object per line each way, requests answered in order.
 * The space-link relay polls the link through it; tools and tests inject
 * faults and read the status with it.
 */
import { connect, type Socket } from 'node:net';
import { accept, fail, type Outcome } from '../../protocol/index.js';

/** Answer lines longer than this end the connection (the server's own limit on requests). */
const ANSWER_CHARS_MAX = 1_000_000;

export type ControlAnswer = Record<string, unknown> & { readonly ok: boolean };

export class ControlClient {
  private buffered = '';
  private readonly waiting: ((answer: ControlAnswer | null) => void)[] = [];
  private closedWith: string | null = null;
  private ended: (why: string) => void = () => {};
  /** Resolves when the connection has ended, with why. */
  readonly closed: Promise<string>;

  private constructor(private readonly socket: Socket) {
    socket.setEncoding('utf8');
    socket.setNoDelay(true);
    this.closed = new Promise((resolve) => (this.ended = resolve));
    const finish = (why: string) => this.finish(why);
    socket.on('data', (text: string) => {
      this.buffered += text;
      if (this.buffered.length > ANSWER_CHARS_MAX) {
        socket.destroy();
        finish(`an answer line longer than ${ANSWER_CHARS_MAX} characters`);
        return;
      }
      let newline: number;
      while ((newline = this.buffered.indexOf('\n')) >= 0) {
        const line = this.buffered.slice(0, newline);
        this.buffered = this.buffered.slice(newline + 1);
        let answer: ControlAnswer;
        try {
          answer = JSON.parse(line) as ControlAnswer;
        } catch {
          answer = { ok: false, error: `not JSON: ${line.slice(0, 80)}` };
        }
        this.waiting.shift()?.(answer);
      }
    });
    socket.on('close', () => finish('the simulator closed its control port'));
    socket.on('error', (error) => finish(error.message));
  }

  /**
   * Connects; with idleTimeoutMs, a connection that stays silent that long
   * (while connecting or waiting for an answer) is ended with the reason
   * "no answer within N s" (the socket's own inactivity timeout).
   */
  static connect(host: string, port: number, idleTimeoutMs?: number): Promise<Outcome<ControlClient>> {
    return new Promise((resolve) => {
      const socket = connect({ port, host, ...(idleTimeoutMs !== undefined ? { timeout: idleTimeoutMs } : {}) });
      const silent = `no answer within ${(idleTimeoutMs ?? 0) / 1000} s`;
      const onError = (error: Error) => resolve(fail(`cannot reach the simulator's control port ${host}:${port}: ${error.message}`));
      const onTimeout = () => {
        socket.destroy();
        resolve(fail(`cannot reach the simulator's control port ${host}:${port}: ${silent}`));
      };
      socket.once('error', onError);
      socket.once('timeout', onTimeout);
      socket.once('connect', () => {
        socket.off('error', onError);
        socket.off('timeout', onTimeout);
        const client = new ControlClient(socket);
        socket.on('timeout', () => {
          socket.destroy();
          client.finish(silent);
        });
        resolve(accept(client));
      });
    });
  }

  /** Sends one request; resolves with its answer, or a failure when the connection ends first. */
  request(body: Record<string, unknown>): Promise<Outcome<ControlAnswer>> {
    if (this.closedWith !== null) return Promise.resolve(fail(this.closedWith));
    return new Promise((resolve) => {
      this.waiting.push((answer) => resolve(answer === null ? fail(this.closedWith ?? 'closed') : accept(answer)));
      this.socket.write(`${JSON.stringify(body)}\n`);
    });
  }

  close(): void {
    this.socket.end();
  }

  /** The connection ended: every waiting request fails with why (the first reason stands). */
  private finish(why: string): void {
    if (this.closedWith !== null) return;
    this.closedWith = why;
    for (const waiter of this.waiting.splice(0)) waiter(null);
    this.ended(why);
  }
}
