/**
 * The live stream (ROUTES.stream, a WebSocket with the session cookie):
 * every message to every listener; reconnects after a loss, waiting longer
 * each time (at most RECONNECT_MAX_MS), and says whether it is connected.
 */
import type { StreamMessage } from '../api/contract.js';
import { ROUTES } from '../api/routes.js';

const RECONNECT_MIN_MS = 500;
const RECONNECT_MAX_MS = 10_000;

export class LiveStream {
  private readonly listeners = new Set<(message: StreamMessage) => void>();
  private readonly stateListeners = new Set<(connected: boolean) => void>();
  private socket: WebSocket | null = null;
  private waitMs = RECONNECT_MIN_MS;
  private closed = false;
  connected = false;

  constructor() {
    this.open();
  }

  on(listener: (message: StreamMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onState(listener: (connected: boolean) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  close(): void {
    this.closed = true;
    this.socket?.close();
  }

  private open(): void {
    const url = new URL(ROUTES.stream.path, location.href);
    url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const socket = new WebSocket(url);
    this.socket = socket;
    socket.onopen = () => {
      this.waitMs = RECONNECT_MIN_MS;
      this.setConnected(true);
    };
    socket.onmessage = (event) => {
      const message = JSON.parse(String(event.data)) as StreamMessage;
      for (const listener of this.listeners) listener(message);
    };
    socket.onclose = () => {
      this.setConnected(false);
      if (this.closed) return;
      setTimeout(() => this.open(), this.waitMs);
      this.waitMs = Math.min(RECONNECT_MAX_MS, this.waitMs * 2);
    };
  }

  private setConnected(connected: boolean): void {
    this.connected = connected;
    for (const listener of this.stateListeners) listener(connected);
  }
}
