import { createHash, randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { StatusResponse, StreamMessage } from '../../../ground/api/contract.js';
import { DEFAULT_STREAM_OPTIONS } from '../../../ground/server/stream-hub.js';
import { HK } from './fake-spacecraft.js';
import { api, startHarness, until, type Harness } from './harness.js';

/** A minimal RFC 6455 client: handshake, masked frames out (any bits, for protocol errors), unmasked frames in. */
class TestClient {
  readonly messages: StreamMessage[] = [];
  readonly controls: Array<{ opcode: number; payload: Buffer }> = [];
  private buffer = Buffer.alloc(0);
  private handshake = '';
  closed = false;

  private constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('close', () => (this.closed = true));
  }

  /** Opens /api/stream; `headers` replace the defaults (Host of the server, the harness's bearer token). */
  static async open(port: number, headers: Record<string, string | undefined> = {}): Promise<{ client: TestClient; response: string; key: string }> {
    const socket = connect(port, '127.0.0.1');
    const client = new TestClient(socket);
    const key = randomBytes(16).toString('base64');
    const all: Record<string, string | undefined> = {
      Host: `127.0.0.1:${port}`,
      Upgrade: 'websocket',
      Connection: 'Upgrade',
      'Sec-WebSocket-Key': key,
      'Sec-WebSocket-Version': '13',
      ...headers,
    };
    const lines = Object.entries(all)
      .filter(([, value]) => value !== undefined)
      .map(([name, value]) => `${name}: ${value}`);
    socket.write(`GET /api/stream HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n`);
    const response = await until('the handshake', () => (client.handshake.includes('\r\n\r\n') ? client.handshake : null));
    return { client, response, key };
  }

  send(opcode: number, payload: Buffer, options: { masked?: boolean; fin?: boolean; rsv1?: boolean } = {}): void {
    const { masked = true, fin = true, rsv1 = false } = options;
    const mask = masked ? randomBytes(4) : null;
    const first = (fin ? 0x80 : 0) | (rsv1 ? 0x40 : 0) | opcode;
    const length =
      payload.length < 126
        ? Buffer.from([(masked ? 0x80 : 0) | payload.length])
        : Buffer.from([(masked ? 0x80 : 0) | 126, payload.length >> 8, payload.length & 0xff]);
    const body = Buffer.from(payload);
    if (mask) for (let i = 0; i < body.length; i++) body[i]! ^= mask[i % 4]!;
    this.socket.write(Buffer.concat([Buffer.from([first]), length, ...(mask ? [mask] : []), body]));
  }

  /** The close code the server sent, if it sent one. */
  closeCode(): number | undefined {
    const frame = this.controls.find((control) => control.opcode === 0x8);
    return frame && frame.payload.length >= 2 ? frame.payload.readUInt16BE(0) : undefined;
  }

  private receive(chunk: Buffer): void {
    if (!this.handshake.includes('\r\n\r\n')) {
      const text = chunk.toString('latin1');
      const end = text.indexOf('\r\n\r\n');
      this.handshake += end < 0 ? text : text.slice(0, end + 4);
      if (end < 0) return;
      chunk = chunk.subarray(end + 4);
    }
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      if (this.buffer.length < 2) return;
      expect(this.buffer[1]! & 0x80).toBe(0); // server frames are never masked
      let length = this.buffer[1]! & 0x7f;
      let offset = 2;
      if (length === 126) [length, offset] = [this.buffer.readUInt16BE(2), 4];
      else if (length === 127) [length, offset] = [Number(this.buffer.readBigUInt64BE(2)), 10];
      if (this.buffer.length < offset + length) return;
      const opcode = this.buffer[0]! & 0x0f;
      const payload = this.buffer.subarray(offset, offset + length);
      this.buffer = this.buffer.subarray(offset + length);
      if (opcode === 1) this.messages.push(JSON.parse(payload.toString('utf8')) as StreamMessage);
      else this.controls.push({ opcode, payload: Buffer.from(payload) });
    }
  }
}

const running: Harness[] = [];
const clients: TestClient[] = [];
afterEach(async () => {
  clients.splice(0).forEach((client) => client.socket.destroy());
  await Promise.all(running.splice(0).map((harness) => harness.close()));
});

async function openClient(harness: Harness, headers: Record<string, string | undefined> = { Authorization: `Bearer ${harness.token}` }) {
  const opened = await TestClient.open(harness.server.apiPort, headers);
  clients.push(opened.client);
  return opened;
}

describe('the WebSocket stream /api/stream', () => {
  it('completes the handshake and streams status, telemetry, events and command updates to several clients', async () => {
    const harness = await startHarness();
    running.push(harness);
    const first = await openClient(harness);
    const second = await openClient(harness);
    const expectedAccept = createHash('sha1').update(`${first.key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
    expect(first.response).toMatch(/^HTTP\/1\.1 101 Switching Protocols\r\n/);
    expect(first.response).toContain(`Sec-WebSocket-Accept: ${expectedAccept}\r\n`);

    harness.fake.downlink('executive_hk', HK);
    harness.fake.downlink('pong', { token: 9 });
    await api(harness, '/api/commands', { name: 'noop' });
    for (const { client } of [first, second]) {
      await until('a completed command on the stream', () => client.messages.some((m) => m.type === 'command' && m.command.state === 'completed'));
      expect(client.messages[0]!.type).toBe('status');
      expect(client.messages.find((m) => m.type === 'telemetry' && m.packet.name === 'executive_hk')).toBeDefined();
      expect(client.messages.find((m) => m.type === 'event')).toMatchObject({ event: { name: 'pong', message: 'pong 9' } });
    }
    const status = await api<StatusResponse>(harness, '/api/status');
    expect(status.body.stream?.clients).toBe(2);
  });

  it('answers a ping with a pong and a close with a close, and closes on an unmasked client frame', async () => {
    const harness = await startHarness();
    running.push(harness);
    const { client } = await openClient(harness);
    client.send(0x9, Buffer.from('hello'));
    await until('the pong', () => client.controls.find((frame) => frame.opcode === 0xa));
    expect(client.controls.find((frame) => frame.opcode === 0xa)!.payload.toString()).toBe('hello');
    const close = Buffer.alloc(2);
    close.writeUInt16BE(1000);
    client.send(0x8, close);
    await until('the close answer and the end', () => client.closed);
    expect(client.controls.find((frame) => frame.opcode === 0x8)!.payload.readUInt16BE(0)).toBe(1000);

    const rude = await openClient(harness);
    rude.client.send(0x1, Buffer.from('{}'), { masked: false });
    await until('the connection to close', () => rude.client.closed);
    expect(rude.client.closeCode()).toBe(1002);
  });

  it.each([
    ['a reserved opcode', (client: TestClient) => client.send(0x3, Buffer.from('x')), 1002],
    ['RSV1 without an extension', (client: TestClient) => client.send(0x1, Buffer.from('{}'), { rsv1: true }), 1002],
    ['invalid UTF-8 in a text frame', (client: TestClient) => client.send(0x1, Buffer.from([0x7b, 0xc3, 0x28, 0x7d])), 1007],
    ['a control frame over 125 bytes', (client: TestClient) => client.send(0x9, Buffer.alloc(126, 0x61)), 1002],
    ['a fragmented ping', (client: TestClient) => client.send(0x9, Buffer.from('hi'), { fin: false }), 1002],
    ['an orphan continuation', (client: TestClient) => client.send(0x0, Buffer.from('x')), 1002],
  ] as const)('fails the connection on %s, as RFC 6455 says', async (_, misbehave, code) => {
    const harness = await startHarness();
    running.push(harness);
    const { client } = await openClient(harness);
    await until('the first status message', () => client.messages.length > 0);
    misbehave(client);
    await until('the connection to close', () => client.closed);
    expect(client.closeCode()).toBe(code);
    expect((await api<StatusResponse>(harness, '/api/status')).body.stream?.clients).toBe(0);
  });

  it('opens only for a user: no token or a wrong one is 401, another Host 421, another site 403; a session cookie opens it', async () => {
    const harness = await startHarness();
    running.push(harness);
    const answers = await Promise.all([
      openClient(harness, {}),
      openClient(harness, { Authorization: 'Bearer ogt_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }),
      openClient(harness, { Authorization: `Bearer ${harness.token}`, Host: 'evil.example' }),
      openClient(harness, { Authorization: `Bearer ${harness.token}`, Origin: 'http://evil.example' }),
    ]);
    expect(answers.map(({ response }) => response.split('\r\n')[0])).toEqual([
      'HTTP/1.1 401 Unauthorized',
      'HTTP/1.1 401 Unauthorized',
      'HTTP/1.1 421 Misdirected Request',
      'HTTP/1.1 403 Forbidden',
    ]);
    const login = await fetch(`${harness.url}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: harness.token }),
    });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const browser = await openClient(harness, { Cookie: cookie, Origin: harness.url });
    expect(browser.response).toMatch(/^HTTP\/1\.1 101 /);
    await until('the first status message', () => browser.client.messages[0]?.type === 'status');
  });

  it('refuses a client beyond the bound with close code 1013, and counts it', async () => {
    const harness = await startHarness({ stream: { ...DEFAULT_STREAM_OPTIONS, clientsMax: 1 } });
    running.push(harness);
    await openClient(harness);
    const extra = await openClient(harness);
    expect(await until('the refusal', () => extra.client.closeCode())).toBe(1013);
    expect((await api<StatusResponse>(harness, '/api/status')).body.stream).toMatchObject({ clients: 1, clientsRefused: 1 });
  });

  it('refuses a request that is not a WebSocket handshake', async () => {
    const harness = await startHarness();
    running.push(harness);
    const socket = connect(harness.server.apiPort, '127.0.0.1');
    let text = '';
    socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
    socket.write(
      `GET /api/stream HTTP/1.1\r\nHost: 127.0.0.1:${harness.server.apiPort}\r\nAuthorization: Bearer ${harness.token}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n`,
    );
    await until('the answer', () => text.includes('\r\n\r\n'));
    expect(text).toMatch(/^HTTP\/1\.1 400 Bad Request/);
    socket.destroy();
  });

  it('drops a client that does not read once its send buffer is full, and counts it', async () => {
    const harness = await startHarness({ stream: { sendBufferBytesMax: 64 * 1024, frameBytesMax: 1024, clientsMax: 8, pingIntervalMs: 60_000 } });
    running.push(harness);
    const slow = await openClient(harness);
    const reader = await openClient(harness);
    slow.client.socket.pause();
    // Flood in bounded rounds until the slow client is dropped (the kernel's socket buffers absorb the first megabytes).
    let dropped = 0;
    for (let round = 0; round < 100 && dropped === 0; round++) {
      for (let i = 0; i < 500; i++) harness.fake.downlink('executive_hk', { ...HK, uptimeS: round * 500 + i });
      await new Promise((resolve) => setTimeout(resolve, 50));
      dropped = (await api<StatusResponse>(harness, '/api/status')).body.stream!.slowClientsDropped;
    }
    expect(dropped).toBe(1);
    const status = await api<StatusResponse>(harness, '/api/status');
    expect(status.body.stream?.clients).toBe(1);
    expect(reader.client.closed).toBe(false);
  });
});
