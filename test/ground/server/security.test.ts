/**
 * The ground server as an attacker on the same host tries it: requests
 * without a token or with a wrong one, from another site, through another
 * Host (DNS rebinding), with a role too low, with bodies too large or too
 * slow; forged, replayed and re-sent telemetry. Nothing refused reaches the
 * spacecraft, and nothing forged is archived or believed.
 */
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type {
  ApiError,
  CommandRecord,
  EventList,
  NewTokenResponse,
  SendCommandResponse,
  SessionResponse,
  StatusResponse,
} from '../../../ground/api/contract.js';
import { crc16, encodeTelemetry } from '../../../protocol/index.js';
import { HK } from './fake-spacecraft.js';
import { api, startHarness, until, type Harness } from './harness.js';

const running: Harness[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((harness) => harness.close()));
});

async function start(overrides: Parameters<typeof startHarness>[0] = {}, dir?: string): Promise<Harness> {
  const harness = await startHarness(overrides, dir);
  running.push(harness);
  return harness;
}

/** A raw request, to send what fetch would not (a foreign Host, a lying Content-Length); resolves with the answer and whether the server closed. */
function raw(harness: Harness, request: string, waitMs = 5000): Promise<{ text: string; closed: boolean }> {
  return new Promise((resolve) => {
    const socket = connect(harness.server.apiPort, '127.0.0.1');
    let text = '';
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ text, closed: false });
    }, waitMs);
    socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ text, closed: true });
    });
    socket.write(request);
  });
}

const statusLine = (text: string) => text.split('\r\n')[0];
const host = (harness: Harness) => `127.0.0.1:${harness.server.apiPort}`;

/** A user made by the flight director `local` through the API. */
async function userWith(harness: Harness, name: string, role: string): Promise<{ url: string; token: string }> {
  const made = await api<NewTokenResponse>(harness, '/api/users', { name, role });
  expect(made.status).toBe(201);
  return { url: harness.url, token: made.body.token };
}

describe('who may use the API', () => {
  it('refuses a request with no token or a wrong one with 401 and a clear error, counts it, and sends nothing', async () => {
    const harness = await start();
    const none = await api<ApiError>(harness.url, '/api/commands', { name: 'noop' });
    expect(none.status).toBe(401);
    expect(none.body).toMatchObject({ code: 'unauthorized', error: expect.stringMatching(/needs a token: send "Authorization: Bearer <token>"/) });
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    const wrong = await api<ApiError>({ url: harness.url, token: 'ogt_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }, '/api/status');
    expect(wrong.status).toBe(401);
    expect(wrong.body.error).toMatch(/not one of this ground server's users/);
    expect((await api(harness.url, '/api/events')).status).toBe(401);
    const status = (await api<StatusResponse>(harness, '/api/status')).body;
    expect(status.auth).toMatchObject({ failures: 3, failuresByReason: { missing: 2, 'unknown-token': 1 }, users: 1 });
    expect(harness.fake.arrived).toHaveLength(0);
  });

  it('answers repeated wrong tokens from one address ever later, and reports them as a ground event', async () => {
    const harness = await start();
    const wrong = { url: harness.url, token: 'ogt_BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB' };
    for (let i = 0; i < 3; i++) expect((await api(wrong, '/api/status')).status).toBe(401);
    // The fourth and fifth failures wait at least 250 ms and 500 ms (a lower bound: only the wait itself is asserted).
    const startedMs = Date.now();
    expect((await api(wrong, '/api/status')).status).toBe(401);
    expect((await api(wrong, '/api/status')).status).toBe(401);
    expect(Date.now() - startedMs).toBeGreaterThanOrEqual(700);
    const status = (await api<StatusResponse>(harness, '/api/status')).body;
    expect(status.auth?.slowed).toBe(2);
    const events = (await api<EventList>(harness, '/api/events')).body.events;
    expect(events.filter((event) => event.name === 'login_failed')).toEqual([
      expect.objectContaining({ source: 'ground', severity: 'warning', message: '1 failed login(s) from 127.0.0.1 (unknown-token)' }),
    ]);
  });

  it('lets a viewer read but not command, an operator command but not send hazardous commands or table loads, and a flight director do both', async () => {
    const harness = await start();
    const viewer = await userWith(harness, 'vera', 'viewer');
    const operator = await userWith(harness, 'otto', 'operator');
    expect((await api(viewer, '/api/status')).status).toBe(200);
    const refused = await api<ApiError>(viewer, '/api/commands', { name: 'noop' });
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'forbidden', error: 'POST /api/commands needs the role operator; vera is viewer' });
    const hazardous = await api<ApiError>(operator, '/api/commands', { name: 'reset_computer', confirm: true });
    expect(hazardous.status).toBe(403);
    expect(hazardous.body.error).toBe('reset_computer needs the role flight-director; otto is operator');
    expect((await api<ApiError>(operator, '/api/commands', { name: 'param_load' })).body.error).toBe(
      'param_load needs the role flight-director; otto is operator',
    );
    expect((await api<ApiError>(operator, '/api/commands', { name: 'param_load', atS: 5000 })).status).toBe(403);
    expect((await api(operator, '/api/users')).status).toBe(403);
    expect(harness.fake.arrived).toHaveLength(0);

    const sent = await api<SendCommandResponse>(operator, '/api/commands', { name: 'noop' });
    expect(sent.status).toBe(202);
    expect(sent.body.command.user).toBe('otto');
    const fire = await api<SendCommandResponse>(harness, '/api/commands', { name: 'reset_computer', confirm: true });
    expect(fire.status).toBe(202);
    expect(fire.body.command.user).toBe('local');
    const arm = (await api<CommandRecord>(harness, `/api/commands/${fire.body.command.armId}`)).body;
    expect(arm).toMatchObject({ name: 'arm', user: 'local' });
  });

  it('names the user of every command in the API, the archive query and its CSV', async () => {
    const harness = await start();
    const operator = await userWith(harness, 'otto', 'operator');
    await api(operator, '/api/commands', { name: 'noop' });
    const json = await api<{ rows: CommandRecord[] }>(harness, '/api/archive/commands?format=json');
    expect(json.body.rows.map((row) => row.user)).toEqual(['otto']);
    const csv = await api(harness, '/api/archive/commands?format=csv');
    const [header, row] = csv.text.split('\r\n');
    expect(header).toBe('id,createdAtMs,name,args,seq,state,transmissions,stages,user');
    expect(row).toMatch(/,otto$/);
  });

  it('administers users through the API as a flight director, each change a ground event; a removed or rotated token stops working', async () => {
    const harness = await start();
    const ada = await userWith(harness, 'ada', 'operator');
    expect((await api<SessionResponse>(ada, '/api/session')).body).toEqual({ user: { name: 'ada', role: 'operator' } });
    expect((await api<{ users: Array<{ name: string }> }>(harness, '/api/users')).body.users.map((user) => user.name)).toEqual(['local', 'ada']);
    expect((await api(harness, '/api/users', { name: 'ada', role: 'viewer' })).status).toBe(409);
    const rotated = await api<NewTokenResponse>(harness, '/api/users/ada/rotate', {});
    expect((await api(ada, '/api/status')).status).toBe(401);
    const renewed = { url: harness.url, token: rotated.body.token };
    expect((await api(renewed, '/api/status')).status).toBe(200);
    const removed = await fetch(`${harness.url}/api/users/ada`, { method: 'DELETE', headers: { authorization: `Bearer ${harness.token}` } });
    expect(removed.status).toBe(200);
    expect((await api(renewed, '/api/status')).status).toBe(401);
    const events = (await api<EventList>(harness, '/api/events')).body.events.filter((event) => event.source === 'ground' && event.name.startsWith('user_'));
    expect(events.map((event) => event.message)).toEqual([
      'user ada added as operator by local',
      'token of user ada replaced by local',
      'user ada removed by local',
    ]);
  });

  it('logs a browser in with a token: an HttpOnly, SameSite=Strict session cookie that stands for the user until logout', async () => {
    const harness = await start();
    const login = await fetch(`${harness.url}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: harness.token }),
    });
    expect(login.status).toBe(200);
    const setCookie = login.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/^orbital_session=[A-Za-z0-9_-]{43}; HttpOnly; SameSite=Strict; Path=\/; Max-Age=43200$/);
    const cookie = setCookie.split(';')[0]!;
    const who = await fetch(`${harness.url}/api/session`, { headers: { cookie } });
    expect(await who.json()).toEqual({ user: { name: 'local', role: 'flight-director' } });
    const sent = await fetch(`${harness.url}/api/commands`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json', origin: harness.url },
      body: JSON.stringify({ name: 'noop' }),
    });
    expect(sent.status).toBe(202);
    await fetch(`${harness.url}/api/session`, { method: 'DELETE', headers: { cookie } });
    expect((await fetch(`${harness.url}/api/status`, { headers: { cookie } })).status).toBe(401);
    const bad = await fetch(`${harness.url}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: 'nope' }),
    });
    expect(bad.status).toBe(401);
    expect(bad.headers.get('set-cookie')).toBeNull();
  });
});

describe('cross-site requests and DNS rebinding', () => {
  it('refuses a cross-site simple request (text/plain from another Origin) and a text/plain POST even with a token, sending nothing', async () => {
    const harness = await start();
    const crossSite = await fetch(`${harness.url}/api/commands`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', origin: 'http://evil.example' },
      body: JSON.stringify({ name: 'noop' }),
    });
    expect(crossSite.status).toBe(403);
    expect(((await crossSite.json()) as ApiError).error).toBe('requests from another site (Origin http://evil.example) are refused');
    expect(crossSite.headers.get('access-control-allow-origin')).toBeNull();
    const plain = await fetch(`${harness.url}/api/commands`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', authorization: `Bearer ${harness.token}` },
      body: JSON.stringify({ name: 'noop' }),
    });
    expect(plain.status).toBe(415);
    expect(((await plain.json()) as ApiError).code).toBe('unsupported-media-type');
    // Even with a good token, another site's page is refused.
    const forged = await fetch(`${harness.url}/api/commands`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${harness.token}`, origin: 'http://evil.example' },
      body: JSON.stringify({ name: 'noop' }),
    });
    expect(forged.status).toBe(403);
    expect(harness.fake.arrived).toHaveLength(0);
  });

  it('refuses a Host it does not serve with 421 (a rebound name), and answers to localhost and the --allowed-host names', async () => {
    const harness = await start({ allowedHosts: ['ground.example'] });
    const rebound = await raw(
      harness,
      `POST /api/commands HTTP/1.1\r\nHost: evil.example\r\nAuthorization: Bearer ${harness.token}\r\nContent-Type: application/json\r\nContent-Length: 15\r\nConnection: close\r\n\r\n{"name":"noop"}`,
    );
    expect(statusLine(rebound.text)).toBe('HTTP/1.1 421 Misdirected Request');
    expect(rebound.text).toContain('does not answer to Host \\"evil.example\\"');
    for (const name of [`localhost:${harness.server.apiPort}`, host(harness), `ground.example:${harness.server.apiPort}`]) {
      const answer = await raw(harness, `GET /api/status HTTP/1.1\r\nHost: ${name}\r\nAuthorization: Bearer ${harness.token}\r\nConnection: close\r\n\r\n`);
      expect(statusLine(answer.text), name).toBe('HTTP/1.1 200 OK');
    }
    expect(
      statusLine(
        (await raw(harness, `GET /api/status HTTP/1.1\r\nHost: localhost:1\r\nAuthorization: Bearer ${harness.token}\r\nConnection: close\r\n\r\n`)).text,
      ),
    ).toBe('HTTP/1.1 421 Misdirected Request');
    expect(harness.fake.arrived).toHaveLength(0);
  });
});

describe('request limits', () => {
  it('answers a declared body over the limit with 413 at once and closes, without waiting for the body', async () => {
    const harness = await start();
    const answer = await raw(
      harness,
      `POST /api/commands HTTP/1.1\r\nHost: ${host(harness)}\r\nAuthorization: Bearer ${harness.token}\r\nContent-Type: application/json\r\nContent-Length: 99999999999\r\n\r\n`,
    );
    expect(statusLine(answer.text)).toBe('HTTP/1.1 413 Payload Too Large');
    expect(answer.closed).toBe(true);
  });

  it('gives up on a client that sends its request too slowly', async () => {
    const harness = await start({ http: { headersTimeoutMs: 500, requestTimeoutMs: 800 } });
    const answer = await raw(
      harness,
      `POST /api/commands HTTP/1.1\r\nHost: ${host(harness)}\r\nAuthorization: Bearer ${harness.token}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"na`,
      10_000,
    );
    expect(answer.closed).toBe(true);
    expect(statusLine(answer.text)).toBe('HTTP/1.1 408 Request Timeout');
    const headersOnly = await raw(harness, `GET /api/status HTTP/1.1\r\nHost: ${host(harness)}\r\n`, 10_000);
    expect(headersOnly.closed).toBe(true);
    expect(harness.fake.arrived).toHaveLength(0);
  });
});

describe('authenticated telemetry', () => {
  it('never archives or believes a forged frame with a valid FECF, and counts it by reason', async () => {
    const harness = await start();
    const { fake } = harness;
    fake.downlink('executive_hk', HK, { timeS: 1000 });
    await until('the genuine packet', async () => (await api<StatusResponse>(harness, '/api/status')).body.link.packetsReceived === 1);
    // A made-up executive_hk, SAFE at boot 999 at 10,000,000 s, in a frame with a valid FECF and a MAC from the wrong key.
    const honest = fake.signing;
    fake.signing = { keyId: honest.keyId, key: new Uint8Array(32).fill(0x42) };
    fake.downlink('executive_hk', { ...HK, bootCount: 999 }, { timeS: 10_000_000 });
    // And a genuine frame edited after signing (a packet's CRC and the FECF made valid again).
    fake.signing = honest;
    const packet = encodeTelemetry({ apid: 0x010, sequenceCount: 99, timeS: 10_000_000, id: 0x0101, data: { ...HK, bootCount: 1 } });
    const [edited] = fake.framesOf(packet);
    edited![16 + 30]! ^= 0x01;
    new DataView(edited!.buffer).setUint16(16 + packet.length - 2, crc16(edited!, 16, 16 + packet.length - 2));
    new DataView(edited!.buffer).setUint16(edited!.length - 2, crc16(edited!, 0, edited!.length - 2));
    fake.sendFrame(edited!);
    const status = await until('both forgeries', async () => {
      const reply = (await api<StatusResponse>(harness, '/api/status')).body;
      return reply.link.frames?.rejected['bad-mac'] === 2 ? reply : null;
    });
    expect(status.link).toMatchObject({ packetsReceived: 1, lastTelemetryTimeS: 1000 });
    expect(status.archive.telemetryRows).toBe(Object.keys(HK).length);
    const archived = (await api<{ rows: Array<{ timeS: number }> }>(harness, '/api/archive/telemetry?param=executive_hk.bootCount')).body.rows;
    expect(archived.map((row) => row.timeS)).toEqual([1000]);
  });

  it('archives a replayed packet once and counts it; an event re-sent by dump_event_log is the same event', async () => {
    const harness = await start();
    const { fake } = harness;
    const packets = Array.from({ length: 40 }, (_, i) => fake.downlink('executive_hk', { ...HK, uptimeS: i }, { timeS: 1000 + i }));
    const event = fake.downlink('pong', { token: 5 }, { timeS: 1020 });
    await until('everything', async () => (await api<StatusResponse>(harness, '/api/status')).body.link.packetsReceived === 41);
    for (const packet of packets) fake.sendRaw(packet);
    fake.sendRaw(event);
    // The dump: the same event in a new packet (a new sequence count).
    fake.downlink('pong', { token: 5 }, { timeS: 1020 });
    const status = await until('the replay', async () => {
      const reply = (await api<StatusResponse>(harness, '/api/status')).body;
      return reply.link.packetsDuplicated === 41 && reply.link.eventsRepeated === 1 ? reply : null;
    });
    expect(status.link).toMatchObject({ packetsReceived: 41, packetsMissing: 0, lastTelemetryTimeS: 1039 });
    expect(status.archive.eventRows).toBe(1);
    const rows = (await api<{ rows: unknown[] }>(harness, '/api/archive/telemetry?param=executive_hk.uptimeS&limit=1000')).body.rows;
    expect(rows).toHaveLength(40);
  });

  it('knows a replay of what it archived before a restart', async () => {
    const first = await start();
    const old = first.fake.downlink('executive_hk', HK, { timeS: 500 });
    const oldEvent = first.fake.downlink('pong', { token: 1 }, { timeS: 501 });
    await until('both', async () => (await api<StatusResponse>(first, '/api/status')).body.link.packetsReceived === 2);
    running.splice(running.indexOf(first), 1);
    await first.close();
    const again = await start({ keyFile: first.options.keyFile, archivePath: first.options.archivePath, usersFile: first.options.usersFile }, first.dir);
    again.fake.sendRaw(old);
    again.fake.sendRaw(oldEvent);
    const status = await until('the replay', async () => {
      const reply = (await api<StatusResponse>(again, '/api/status')).body;
      return (reply.link.packetsDuplicated ?? 0) === 2 ? reply : null;
    });
    expect(status.link).toMatchObject({ packetsReceived: 0, lastTelemetryTimeS: null });
    expect(status.archive).toMatchObject({ eventRows: 1 });
  });
});
