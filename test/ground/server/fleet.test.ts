/**
 * One ground for a fleet (issue 18 point 7): two fake spacecraft with their
 * own spacecraft ids and keys, one ground server, frames demultiplexed by
 * spacecraft id into an archive per spacecraft, everything by ?sc=NAME,
 * commands held while a spacecraft is out of view, the live stream filtered
 * per client; and the CLI's --sc against it.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { readKeyFile } from '../../../protocol/index.js';
import type {
  ApiError,
  CommandList,
  CommandRecord,
  EventList,
  FleetResponse,
  LatestTelemetry,
  SendCommandResponse,
  StatusResponse,
  StreamMessage,
} from '../../../ground/api/contract.js';
import type { GroundServer } from '../../../ground/server/ground-server.js';
import type { ContactView, UplinkContact } from '../../../ground/server/uplink-contact.js';
import { runBin } from '../../helpers/cli.js';
import { FakeSpacecraft, HK } from './fake-spacecraft.js';
import { startFleetGround } from './fleet-harness.js';
import { api, until } from './harness.js';

interface FleetHarness {
  readonly server: GroundServer;
  readonly a: FakeSpacecraft;
  readonly b: FakeSpacecraft;
  readonly target: { readonly url: string; readonly token: string };
  readonly dir: string;
  readonly keyFile: string;
  /** sat-b's contact: in view or not, as the test sets it. */
  readonly bView: { inView: boolean };
  close(): Promise<void>;
}

const running: FleetHarness[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((harness) => harness.close()));
});

/** sat-a (id 1) always in view through a relay; sat-b (id 2) by passes, in view as the test says. */
async function startFleet(): Promise<FleetHarness> {
  const bView = { inView: true };
  const bContact: UplinkContact = {
    kind: 'passes',
    at: (): ContactView =>
      bView.inView
        ? { inView: true, station: 'svalbard', nextPass: null }
        : { inView: false, station: null, nextPass: { station: 'svalbard', aosS: 1600, losS: 2100 } },
  };
  const ground = await startFleetGround({
    members: [
      { name: 'sat-a', spacecraftId: 1 },
      { name: 'sat-b', spacecraftId: 2, contact: bContact },
    ],
  });
  const harness: FleetHarness = { ...ground, a: ground.members[0]!.fake, b: ground.members[1]!.fake, bView, close: () => ground.close() };
  running.push(harness);
  return harness;
}

const command = (harness: FleetHarness, sc: string, id: number) =>
  api<CommandRecord>(harness.target, `/api/commands/${id}?sc=${sc}`).then((reply) => reply.body);
const finalCommand = (harness: FleetHarness, sc: string, id: number) =>
  until(`${sc}'s command ${id} to end`, async () => ((await command(harness, sc, id)).final ? command(harness, sc, id) : null));
const status = (harness: FleetHarness, sc: string) => api<StatusResponse>(harness.target, `/api/status?sc=${sc}`).then((reply) => reply.body);

describe('one ground for a fleet', () => {
  it('serves each spacecraft of a fleet: frames to the archive of the spacecraft they name, a frame of no member counted and dropped, status, telemetry and commands by ?sc=NAME', async () => {
    const harness = await startFleet();
    const a = readKeyFile(harness.keyFile, 1);
    if (!a.ok) throw new Error(a.error);

    harness.a.downlink('executive_hk', HK, { timeS: 1000 });
    harness.a.downlink('pong', { token: 1 }, { timeS: 1001 });
    harness.b.downlink('executive_hk', { ...HK, bootCount: 7 }, { timeS: 5000 });
    // A frame of a spacecraft the fleet does not have (id 3): dropped, counted.
    const stranger = await FakeSpacecraft.start(a.value, 3);
    stranger.groundPort = harness.server.tmPort;
    stranger.downlink('pong', { token: 3 }, { timeS: 1 });
    await until('both spacecraft and the stranger', async () => {
      const fleet = (await api<FleetResponse>(harness.target, '/api/fleet')).body;
      return fleet.framesForNoSpacecraft === 1 && fleet.spacecraft.every((sc) => sc.packetsReceived > 0);
    });
    await stranger.close();

    const fleet = (await api<FleetResponse>(harness.target, '/api/fleet')).body;
    expect(fleet.spacecraft.map((sc) => [sc.name, sc.spacecraftId, sc.packetsReceived, sc.lastTelemetryTimeS])).toEqual([
      ['sat-a', 1, 2, 1001],
      ['sat-b', 2, 1, 5000],
    ]);
    const aStatus = await status(harness, 'sat-a');
    expect(aStatus.spacecraft).toEqual({ name: 'sat-a', spacecraftId: 1 });
    expect(aStatus.archive.path).toBe(join(harness.dir, 'sat-a.sqlite'));
    expect(aStatus.archive.eventRows).toBe(1);
    expect((await status(harness, 'sat-b')).archive).toMatchObject({ path: join(harness.dir, 'sat-b.sqlite'), eventRows: 0 });
    expect(existsSync(join(harness.dir, 'sat-a.sqlite')) && existsSync(join(harness.dir, 'sat-b.sqlite'))).toBe(true);
    const bHk = (await api<LatestTelemetry>(harness.target, '/api/telemetry/latest?sc=sat-b&packet=executive_hk')).body;
    expect(bHk.packets[0]!.fields.bootCount).toMatchObject({ value: 7 });
    expect((await api<EventList>(harness.target, '/api/events?sc=sat-b')).body.events).toEqual([]);
    expect((await api<EventList>(harness.target, '/api/events?sc=sat-a')).body.events.map((event) => event.name)).toEqual(['pong']);

    // Without a name, or with one the fleet does not have: refused, naming the fleet.
    const unnamed = await api<ApiError>(harness.target, '/api/status');
    expect(unnamed.status).toBe(400);
    expect(unnamed.body.error).toContain('sat-a, sat-b');
    const unknown = await api<ApiError>(harness.target, '/api/commands?sc=sat-z', { name: 'noop' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toContain('spacecraft sat-z not found');

    // A command to each goes to that spacecraft only, signed with its keys, and is tracked in its archive.
    const toA = (await api<SendCommandResponse>(harness.target, '/api/commands?sc=sat-a', { name: 'noop' })).body.command;
    const toB = (await api<SendCommandResponse>(harness.target, '/api/commands?sc=sat-b', { name: 'ping', args: { token: 9 } })).body.command;
    expect((await finalCommand(harness, 'sat-a', toA.id)).state).toBe('completed');
    expect((await finalCommand(harness, 'sat-b', toB.id)).state).toBe('completed');
    expect(harness.a.executed).toEqual(['noop']);
    expect(harness.b.executed).toEqual(['ping']);
    expect((await api<CommandList>(harness.target, '/api/commands?sc=sat-b')).body.commands.map((record) => record.name)).toEqual(['ping']);

    // Alarms are each spacecraft's: two warning events of sat-b open two alarms there, none on sat-a (the console's header sums them).
    harness.b.downlink('load_shed', { level: 1, rail: 'accelerator' }, { timeS: 5001 });
    harness.b.downlink('latchup_tripped', { rail: 'payload', currentA: 2 }, { timeS: 5002 });
    await until('sat-b two open alarms', async () => (await api<FleetResponse>(harness.target, '/api/fleet')).body.spacecraft[1]!.openAlarms === 2);
    const alarmed = (await api<FleetResponse>(harness.target, '/api/fleet')).body.spacecraft;
    expect(alarmed.map((sc) => [sc.name, sc.openAlarms, sc.alarms.map((alarm) => alarm.name)])).toEqual([
      ['sat-a', 0, []],
      ['sat-b', 2, ['latchup_tripped', 'load_shed']],
    ]);
  });

  it('holds a command while its spacecraft is out of view, shows the hold in status, and sends it when the pass begins', async () => {
    const harness = await startFleet();
    harness.bView.inView = false;
    const sent = await api<SendCommandResponse>(harness.target, '/api/commands?sc=sat-b', { name: 'noop' });
    expect(sent.status).toBe(202);
    expect(sent.body.command).toMatchObject({ state: 'queued', transmissions: 0 });
    const held = await status(harness, 'sat-b');
    expect(held.uplink).toMatchObject({ contact: 'passes', inView: false, nextPass: { station: 'svalbard', aosS: 1600 }, held: [sent.body.command.id] });
    expect(held.pending.map((record) => record.id)).toEqual([sent.body.command.id]);
    // Over several checks of the uplink, nothing goes while out of view.
    await new Promise((resolve) => setTimeout(resolve, 2200));
    expect(harness.b.arrived).toHaveLength(0);
    expect((await command(harness, 'sat-b', sent.body.command.id)).state).toBe('queued');
    harness.bView.inView = true;
    const done = await finalCommand(harness, 'sat-b', sent.body.command.id);
    expect(done).toMatchObject({ state: 'completed', transmissions: 1 });
    expect(harness.b.executed).toEqual(['noop']);
    expect((await status(harness, 'sat-b')).uplink).toMatchObject({ inView: true, station: 'svalbard', held: [] });
  });

  it("streams each spacecraft's messages tagged with its name; a client of ?sc=NAME gets that spacecraft's alone", async () => {
    const harness = await startFleet();
    const open = async (query: string) => {
      const messages: StreamMessage[] = [];
      const socket = new WebSocket(`ws://127.0.0.1:${harness.server.apiPort}/api/stream${query}`, {
        headers: { authorization: `Bearer ${harness.target.token}` },
      });
      socket.on('message', (data) => messages.push(JSON.parse(String(data)) as StreamMessage));
      await new Promise<void>((resolve, reject) => {
        socket.once('open', () => resolve());
        socket.once('error', reject);
      });
      return { socket, messages };
    };
    const all = await open('');
    const onlyB = await open('?sc=sat-b');
    await until('the first status messages', () => all.messages.length >= 2 && onlyB.messages.length >= 1);
    expect(all.messages.slice(0, 2).map((message) => [message.type, message.sc])).toEqual([
      ['status', 'sat-a'],
      ['status', 'sat-b'],
    ]);
    expect(onlyB.messages.map((message) => [message.type, message.sc])).toEqual([['status', 'sat-b']]);
    harness.a.downlink('pong', { token: 1 }, { timeS: 1001 });
    harness.b.downlink('pong', { token: 2 }, { timeS: 1002 });
    await until('both events on the unfiltered stream', () => all.messages.filter((message) => message.type === 'event').length === 2);
    await until("sat-b's event on its stream", () => onlyB.messages.some((message) => message.type === 'event'));
    expect(
      all.messages
        .filter((message) => message.type === 'event')
        .map((message) => message.sc)
        .sort(),
    ).toEqual(['sat-a', 'sat-b']);
    expect(onlyB.messages.filter((message) => message.type !== 'status').every((message) => message.sc === 'sat-b')).toBe(true);
    // A spacecraft the fleet does not have: refused before the handshake.
    const refused = new WebSocket(`ws://127.0.0.1:${harness.server.apiPort}/api/stream?sc=nope`, {
      headers: { authorization: `Bearer ${harness.target.token}` },
    });
    refused.on('error', () => {});
    const status = await new Promise<number>((resolve) => refused.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0)));
    expect(status).toBe(404);
    all.socket.close();
    onlyB.socket.close();
  });

  it('the CLI: status lists the fleet, --sc NAME picks one spacecraft for status and send, a name not in the fleet exits 2', async () => {
    const harness = await startFleet();
    harness.a.downlink('executive_hk', HK, { timeS: 1000 });
    await until("sat-a's telemetry", async () => (await status(harness, 'sat-a')).link.packetsReceived === 1);
    harness.bView.inView = false;
    const ground = (args: readonly string[]) => runBin('ground', [...args, '--server', harness.target.url, '--token-file', join(harness.dir, 'ground-token')]);
    const listed = await ground(['status']);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/^spacecraft\s+id\s+contact/m);
    expect(listed.stdout).toMatch(/^sat-a\s+1\s+in contact/m);
    expect(listed.stdout).toMatch(/^sat-b\s+2\s+no telemetry lately .*out of view, next pass svalbard at t=1600\.00 s/m);
    const sent = await ground(['send', 'noop', '--sc', 'sat-a']);
    expect(sent.code, sent.stderr).toBe(0);
    expect(harness.a.executed).toEqual(['noop']);
    const held = await ground(['send', 'noop', '--sc', 'sat-b', '--timeout', '1']);
    expect(held.code).toBe(1);
    expect(held.stderr).toContain('note: sat-b is out of view: the command is held until it is in view (its next pass: svalbard at t=1600.00 s)');
    expect(held.stderr).toContain('is still queued after 1 s; the server keeps it');
    const bStatus = await ground(['status', '--sc', 'sat-b']);
    expect(bStatus.stdout).toMatch(/^spacecraft sat-b \(spacecraft id 2\)$/m);
    expect(bStatus.stdout).toMatch(/^uplink\s+out of view, next pass svalbard at t=1600\.00 s; held for the pass: #1$/m);
    const unknown = await ground(['status', '--sc', 'sat-z']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('spacecraft sat-z not found: this ground serves sat-a, sat-b');
    expect(harness.b.arrived).toHaveLength(0);
  });

  it('merges the archives of several spacecraft by time for ?sc=A,B and ?sc=*, each row with its spacecraft (JSON, CSV and the CLI); other routes take one', async () => {
    const harness = await startFleet();
    harness.a.downlink('executive_hk', HK, { timeS: 1000, sequenceCount: 1 });
    harness.b.downlink('executive_hk', { ...HK, bootCount: 7 }, { timeS: 1500, sequenceCount: 1 });
    harness.a.downlink('executive_hk', HK, { timeS: 2000, sequenceCount: 2 });
    await until(
      'both archived',
      async () => (await status(harness, 'sat-a')).link.packetsReceived === 2 && (await status(harness, 'sat-b')).link.packetsReceived === 1,
    );
    const path = (sc: string, format = 'json') => `/api/archive/telemetry?sc=${encodeURIComponent(sc)}&param=executive_hk.bootCount&format=${format}`;
    const both = await api<{ rows: Array<{ sc: string; timeS: number; value: number }>; more: boolean }>(harness.target, path('sat-a,sat-b'));
    expect(both.status).toBe(200);
    expect(both.body.rows.map((row) => [row.sc, row.timeS, row.value])).toEqual([
      ['sat-a', 1000, HK.bootCount],
      ['sat-b', 1500, 7],
      ['sat-a', 2000, HK.bootCount],
    ]);
    expect(both.body.more).toBe(false);
    expect((await api(harness.target, path('*'))).body).toEqual(both.body);
    const reversed = await api<{ rows: Array<{ sc: string }> }>(harness.target, path('sat-b,sat-a'));
    expect(reversed.body.rows.map((row) => row.sc)).toEqual(['sat-a', 'sat-b', 'sat-a']);
    const csv = await api(harness.target, path('*', 'csv'));
    expect(csv.text.split('\r\n').slice(0, 3)).toEqual([
      'sc,timeS,packet,param,value,unit',
      `sat-a,1000,executive_hk,bootCount,${HK.bootCount},`,
      'sat-b,1500,executive_hk,bootCount,7,',
    ]);
    // one spacecraft: its rows as before, untagged
    const one = await api<{ rows: Array<Record<string, unknown>> }>(harness.target, path('sat-b'));
    expect(one.body.rows).toEqual([{ timeS: 1500, packet: 'executive_hk', param: 'bootCount', value: 7 }]);
    const twice = await api<ApiError>(harness.target, path('sat-a,sat-a'));
    expect([twice.status, twice.body.error]).toEqual([400, '?sc=sat-a,sat-a names sat-a twice']);
    const stranger = await api<ApiError>(harness.target, path('sat-a,sat-z'));
    expect([stranger.status, stranger.body.error]).toEqual([404, 'spacecraft sat-z not found: the fleet is sat-a, sat-b']);
    const statusOfTwo = await api<ApiError>(harness.target, '/api/status?sc=sat-a,sat-b');
    expect(statusOfTwo.status).toBe(400);
    expect(statusOfTwo.body.error).toContain('names several spacecraft: only the archive queries (/api/archive/:kind) take several');
    const ground = (args: readonly string[]) => runBin('ground', [...args, '--server', harness.target.url, '--token-file', join(harness.dir, 'ground-token')]);
    const listed = await ground(['archive', 'telemetry', '--sc', '*', '--param', 'executive_hk.bootCount']);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toMatch(/^sc\s+timeS\s+packet/m);
    expect(listed.stdout).toMatch(/^sat-b\s+1500\s+executive_hk\s+bootCount\s+7/m);
    const bad = await ground(['archive', 'telemetry', '--sc', 'sat-a,,sat-b']);
    expect([bad.code, bad.stderr.trim()]).toEqual([2, 'ground archive: --sc sat-a,,sat-b: an empty name (letters, digits, - and _)']);
  });
});
