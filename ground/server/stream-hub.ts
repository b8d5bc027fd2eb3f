/**
 * The live stream's clients: every StreamMessage goes to each connected
 * WebSocket client as one text frame; a client whose send buffer is full is
 * dropped and counted; a client that answers no ping within a ping interval
 * is closed. The number of clients is bounded.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { StreamMessage } from '../api/contract.js';
import { CLOSE, DEFAULT_WEBSOCKET_LIMITS, acceptWebSocket, type WebSocketConnection, type WebSocketLimits } from './websocket.js';

export interface StreamHubOptions extends WebSocketLimits {
  readonly clientsMax: number;
  readonly pingIntervalMs: number;
}

export const DEFAULT_STREAM_OPTIONS: StreamHubOptions = { ...DEFAULT_WEBSOCKET_LIMITS, clientsMax: 64, pingIntervalMs: 30_000 };

export interface StreamCounters {
  clients: number;
  slowClientsDropped: number;
  clientsRefused: number;
}

export class StreamHub {
  private readonly clients = new Set<WebSocketConnection>();
  private readonly pinger: NodeJS.Timeout;
  readonly counters: StreamCounters = { clients: 0, slowClientsDropped: 0, clientsRefused: 0 };

  constructor(private readonly options: StreamHubOptions = DEFAULT_STREAM_OPTIONS) {
    this.pinger = setInterval(() => this.pingAll(), options.pingIntervalMs).unref();
  }

  /** Takes an upgrade request for the stream; `first` is sent before anything else. */
  connect(request: IncomingMessage, socket: Duplex, head: Buffer, first: () => StreamMessage): void {
    const connection = acceptWebSocket(request, socket, head, this.options);
    if (!connection) return;
    if (this.clients.size >= this.options.clientsMax) {
      this.counters.clientsRefused++;
      connection.close(CLOSE.tryAgainLater, `at most ${this.options.clientsMax} stream clients`);
      return;
    }
    this.clients.add(connection);
    this.counters.clients = this.clients.size;
    connection.onClose(() => {
      this.clients.delete(connection);
      this.counters.clients = this.clients.size;
    });
    this.sendTo(connection, JSON.stringify(first()));
  }

  broadcast(message: StreamMessage): void {
    if (this.clients.size === 0) return;
    const text = JSON.stringify(message);
    for (const client of this.clients) this.sendTo(client, text);
  }

  close(): void {
    clearInterval(this.pinger);
    for (const client of this.clients) client.close(CLOSE.goingAway, 'server stopping');
    this.clients.clear();
    this.counters.clients = 0;
  }

  private sendTo(client: WebSocketConnection, text: string): void {
    if (client.closed) {
      this.clients.delete(client);
      this.counters.clients = this.clients.size;
      return;
    }
    if (client.sendText(text)) return;
    this.counters.slowClientsDropped++;
    this.clients.delete(client);
    this.counters.clients = this.clients.size;
  }

  private pingAll(): void {
    for (const client of this.clients) {
      if (!client.alive) {
        client.close(CLOSE.goingAway, 'no answer to ping');
        continue;
      }
      client.alive = false;
      client.ping();
    }
  }
}
