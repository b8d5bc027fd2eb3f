/**
 * The server side of RFC 6455 on node:http's 'upgrade' event, no dependency:
 * the handshake (Sec-WebSocket-Accept = base64(SHA-1(key + GUID))), unmasked
 * server frames, masked client frames (an unmasked one closes with 1002),
 * ping/pong, close. A client's send buffer is bounded: a client that cannot
 * keep up is dropped, not buffered for without end.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

export const WEBSOCKET_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

const OPCODE = { continuation: 0x0, text: 0x1, binary: 0x2, close: 0x8, ping: 0x9, pong: 0xa } as const;

export const CLOSE = { normal: 1000, goingAway: 1001, protocolError: 1002, tooBig: 1009, tryAgainLater: 1013 } as const;

export interface WebSocketLimits {
  /** Bytes queued to a client beyond which it is dropped. */
  readonly sendBufferBytesMax: number;
  /** Largest frame a client may send. */
  readonly frameBytesMax: number;
}

export const DEFAULT_WEBSOCKET_LIMITS: WebSocketLimits = { sendBufferBytesMax: 4 * 1024 * 1024, frameBytesMax: 64 * 1024 };

export function acceptKey(key: string): string {
  return createHash('sha1').update(key + WEBSOCKET_GUID).digest('base64');
}

/** One frame, server to client (never masked). */
export function encodeFrame(opcode: number, payload: Uint8Array): Buffer {
  const length = payload.length;
  const headerBytes = length < 126 ? 2 : length < 65_536 ? 4 : 10;
  const frame = Buffer.alloc(headerBytes + length);
  frame[0] = 0x80 | opcode;
  if (length < 126) frame[1] = length;
  else if (length < 65_536) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeBigUInt64BE(BigInt(length), 2);
  }
  frame.set(payload, headerBytes);
  return frame;
}

export class WebSocketConnection {
  private buffered: Buffer = Buffer.alloc(0);
  private closing = false;
  /** A pong (or any frame) arrived since the last ping. */
  alive = true;

  constructor(
    private readonly socket: Duplex,
    private readonly limits: WebSocketLimits,
    private readonly onMessage: (text: string) => void = () => {},
    head: Buffer = Buffer.alloc(0),
  ) {
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('error', () => socket.destroy());
    if (head.length > 0) this.receive(head);
  }

  get closed(): boolean {
    return this.closing || this.socket.destroyed;
  }

  /** Sends a text frame; false (and the client dropped) when its send buffer is full. */
  sendText(text: string): boolean {
    if (this.closed) return false;
    const frame = encodeFrame(OPCODE.text, Buffer.from(text, 'utf8'));
    if (this.socket.writableLength + frame.length > this.limits.sendBufferBytesMax) {
      this.socket.destroy();
      return false;
    }
    this.socket.write(frame);
    return true;
  }

  ping(): void {
    if (!this.closed) this.socket.write(encodeFrame(OPCODE.ping, new Uint8Array()));
  }

  close(code: number = CLOSE.normal, reason = ''): void {
    if (this.closed) return;
    this.closing = true;
    const reasonBytes = Buffer.from(reason.slice(0, 120), 'utf8');
    const payload = Buffer.alloc(2 + reasonBytes.length);
    payload.writeUInt16BE(code, 0);
    payload.set(reasonBytes, 2);
    this.socket.end(encodeFrame(OPCODE.close, payload));
    setTimeout(() => this.socket.destroy(), 1000).unref();
  }

  onClose(listener: () => void): void {
    this.socket.once('close', listener);
  }

  private receive(chunk: Buffer): void {
    this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
    for (;;) {
      const frame = this.nextFrame();
      if (frame === null) return;
      this.alive = true;
      if (frame.opcode === OPCODE.close) {
        const code = frame.payload.length >= 2 ? frame.payload.readUInt16BE(0) : CLOSE.normal;
        return this.close(code === 1005 || code < 1000 || code >= 5000 ? CLOSE.normal : code);
      }
      if (frame.opcode === OPCODE.ping) this.socket.write(encodeFrame(OPCODE.pong, frame.payload));
      else if (frame.opcode === OPCODE.text) this.onMessage(frame.payload.toString('utf8'));
    }
  }

  /** The next whole frame from the buffer (unmasked), or null when more bytes are needed or the connection closed. */
  private nextFrame(): { opcode: number; payload: Buffer } | null {
    const data = this.buffered;
    if (this.closed || data.length < 2) return null;
    const opcode = data[0]! & 0x0f;
    const masked = (data[1]! & 0x80) !== 0;
    let length = data[1]! & 0x7f;
    let offset = 2;
    if (length === 126) {
      if (data.length < 4) return null;
      length = data.readUInt16BE(2);
      offset = 4;
    } else if (length === 127) {
      if (data.length < 10) return null;
      const long = data.readBigUInt64BE(2);
      length = long > BigInt(this.limits.frameBytesMax) ? Number.MAX_SAFE_INTEGER : Number(long);
      offset = 10;
    }
    if (!masked) {
      this.close(CLOSE.protocolError, 'client frames must be masked');
      return null;
    }
    if (length > this.limits.frameBytesMax) {
      this.close(CLOSE.tooBig, `frames are limited to ${this.limits.frameBytesMax} bytes`);
      return null;
    }
    if (data.length < offset + 4 + length) return null;
    const mask = data.subarray(offset, offset + 4);
    const payload = Buffer.from(data.subarray(offset + 4, offset + 4 + length));
    for (let i = 0; i < payload.length; i++) payload[i]! ^= mask[i % 4]!;
    this.buffered = data.subarray(offset + 4 + length);
    return { opcode, payload };
  }
}

/** Completes the handshake; on a bad request answers 400 and returns null. */
export function acceptWebSocket(request: IncomingMessage, socket: Duplex, head: Buffer, limits: WebSocketLimits = DEFAULT_WEBSOCKET_LIMITS): WebSocketConnection | null {
  const key = request.headers['sec-websocket-key'];
  const upgrade = request.headers.upgrade?.toLowerCase();
  if (request.method !== 'GET' || upgrade !== 'websocket' || typeof key !== 'string' || request.headers['sec-websocket-version'] !== '13') {
    socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Type: text/plain\r\n\r\nexpected a WebSocket (version 13) handshake\n');
    return null;
  }
  socket.write(['HTTP/1.1 101 Switching Protocols', 'Upgrade: websocket', 'Connection: Upgrade', `Sec-WebSocket-Accept: ${acceptKey(key)}`, '', ''].join('\r\n'));
  return new WebSocketConnection(socket, limits, () => {}, head);
}
