/**
 * The live stream's clients, on the `ws` package (RFC 6455: a protocol error
 * from a client, such as a reserved opcode or bit, invalid UTF-8, an
 * oversized or fragmented control frame or an orphan continuation, fails
 * the connection as the RFC says). Every StreamMessage goes to each client
 * as one text frame; a client whose send buffer is full is dropped and
 * counted; a client that answers no ping within a ping interval is closed.
 * The number of clients is bounded. The caller has checked the request
 * (Host, Origin, user) before it gets here.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Observable, Subscription } from 'rxjs';
import { WebSocket, WebSocketServer } from 'ws';
import type { StreamMessage } from '../api/contract.js';

export const CLOSE = { normal: 1000, goingAway: 1001, tryAgainLater: 1013 } as const;

export interface StreamHubOptions {
  readonly clientsMax: number;
  readonly pingIntervalMs: number;
  /** Bytes queued to a client beyond which it is dropped. */
  readonly sendBufferBytesMax: number;
  /** Largest message a client may send (the stream expects none; larger closes with 1009). */
  readonly frameBytesMax: number;
}

export const DEFAULT_STREAM_OPTIONS: StreamHubOptions = {
  clientsMax: 64,
  pingIntervalMs: 30_000,
  sendBufferBytesMax: 4 * 1024 * 1024,
  frameBytesMax: 64 * 1024,
};

export interface StreamCounters {
  clients: number;
  slowClientsDropped: number;
  clientsRefused: number;
}

export class StreamHub {
  private readonly clients = new Map<WebSocket, { alive: boolean; readonly wants: (message: StreamMessage) => boolean }>();
  private readonly server: WebSocketServer;
  private readonly pinger: NodeJS.Timeout;
  readonly counters: StreamCounters = { clients: 0, slowClientsDropped: 0, clientsRefused: 0 };

  constructor(private readonly options: StreamHubOptions = DEFAULT_STREAM_OPTIONS) {
    this.server = new WebSocketServer({ noServer: true, clientTracking: false, perMessageDeflate: false, maxPayload: options.frameBytesMax });
    this.pinger = setInterval(() => this.pingAll(), options.pingIntervalMs).unref();
  }

  /**
   * Takes an upgrade request for the stream (a bad handshake is answered 400
   * by ws); `first` is sent before anything else, then every message the
   * client `wants` (its filter, such as one spacecraft's).
   */
  connect(
    request: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    first: () => readonly StreamMessage[],
    wants: (message: StreamMessage) => boolean = () => true,
  ): void {
    this.server.handleUpgrade(request, socket, head, (client) => {
      client.on('error', () => client.terminate());
      if (this.clients.size >= this.options.clientsMax) {
        this.counters.clientsRefused++;
        client.close(CLOSE.tryAgainLater, `at most ${this.options.clientsMax} stream clients`);
        return;
      }
      const state = { alive: true, wants };
      this.clients.set(client, state);
      this.counters.clients = this.clients.size;
      client.on('pong', () => (state.alive = true));
      client.on('message', () => (state.alive = true));
      client.on('close', () => this.forget(client));
      for (const message of first()) this.sendTo(client, JSON.stringify(message));
    });
  }

  /** Broadcasts every message of a stream (until the subscription ends). */
  follow(messages: Observable<StreamMessage>): Subscription {
    return messages.subscribe((message) => this.broadcast(message));
  }

  broadcast(message: StreamMessage): void {
    if (this.clients.size === 0) return;
    let text: string | undefined;
    for (const [client, state] of [...this.clients]) if (state.wants(message)) this.sendTo(client, (text ??= JSON.stringify(message)));
  }

  close(): void {
    clearInterval(this.pinger);
    for (const client of this.clients.keys()) client.close(CLOSE.goingAway, 'server stopping');
    this.clients.clear();
    this.counters.clients = 0;
  }

  private forget(client: WebSocket): void {
    this.clients.delete(client);
    this.counters.clients = this.clients.size;
  }

  private sendTo(client: WebSocket, text: string): void {
    if (client.readyState !== WebSocket.OPEN) return this.forget(client);
    if (client.bufferedAmount + Buffer.byteLength(text) > this.options.sendBufferBytesMax) {
      this.counters.slowClientsDropped++;
      this.forget(client);
      client.terminate();
      return;
    }
    client.send(text);
  }

  private pingAll(): void {
    for (const [client, state] of this.clients) {
      if (!state.alive) {
        this.forget(client);
        client.terminate();
        continue;
      }
      state.alive = false;
      client.ping();
    }
  }
}
