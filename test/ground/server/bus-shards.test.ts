/**
 * The ground server on the bus (issue 20 points 3 and 5), against a
 * throwaway nats-server: TM frames taken from the stream FRAMES by
 * spacecraft (a durable consumer each), archived, acknowledged once on
 * disk; commands to tc.SCID; the fleet's latest state in the KV bucket
 * fleet-state; a server process killed mid-stream and started again loses
 * nothing and archives nothing twice; a shard serves only its spacecraft;
 * archive queries about the whole fleet from any shard; and the whole way
 * from a station to the archive across a station cut from the bus and a
 * restart of nats-server.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandRecord } from '../../../ground/api/contract.js';
import { Archive } from '../../../ground/archive/archive.js';
import type { Bus } from '../../../ground/bus/bus.js';
import { MemoryBus } from '../../../ground/bus/memory-bus.js';
import { NatsBus } from '../../../ground/bus/nats-bus.js';
import { GroundStation, TC_STREAM } from '../../../ground/station/ground-station.js';
import { createKeyFile, encodeTelemetry, missionDictionary, readKeyFile } from '../../../protocol/index.js';
import { startNatsServer, type NatsServer } from '../../helpers/nats-server.js';
import { startBin } from '../../helpers/processes.js';
import { flakyBus } from '../../helpers/flaky-bus.js';
import { FakeSpacecraft, HK } from './fake-spacecraft.js';
import { lettered, startFleetGround } from './fleet-harness.js';
import { api, until } from './harness.js';

const dictionary = missionDictionary();

/** The TM frames of a packet (telemetry or event) at mission time timeS, as spacecraft `fake` signs them. */
function framesOf(fake: FakeSpacecraft, name: string, data: Record<string, unknown>, timeS: number, count: number): Uint8Array[] {
  const entry = dictionary.downlink(name)!;
  return fake.framesOf(encodeTelemetry({ apid: entry.subsystem.apid, sequenceCount: count % 16384, timeS, id: entry.def.id, data }));
}

/** The TM frames of an executive_hk packet at mission time timeS, as spacecraft `fake` signs them. */
const hkFrames = (fake: FakeSpacecraft, timeS: number, count: number) => framesOf(fake, 'executive_hk', { ...HK, mode: 'NOMINAL' }, timeS, count);

/** The packets of an archive file, oldest first. */
const packetsOf = (path: string) => {
  const archive = Archive.open(path, { dictionary, retentionDays: Infinity, readonly: true });
  try {
    return archive.telemetry.recentPackets(100_000).reverse();
  } finally {
    archive.close();
  }
};
const packetsIn = (path: string) => packetsOf(path).length;

async function openBus(): Promise<NatsBus> {
  const opened = await NatsBus.open(server.url);
  if (!opened.ok) throw new Error(opened.error);
  return opened.value;
}

let server: NatsServer;
beforeAll(async () => {
  server = await startNatsServer();
});
afterAll(async () => {
  await server.stop();
});

describe('the ground server on the bus', () => {
  it('archives the frames the stations published for each spacecraft, sends commands to tc.SCID and keeps the fleet state in KV', async () => {
    const bus = await openBus();
    const ground = await startFleetGround({ members: lettered(2), overrides: { bus: { bus, shard: '0/1' } } });
    const [a, b] = ground.members.map((member) => member.fake);
    try {
      for (let n = 0; n < 10; n++) for (const frame of hkFrames(a!, 1000 + n, n)) await bus.publish('frames.svalbard.1.0', frame);
      for (let n = 0; n < 4; n++) for (const frame of hkFrames(b!, 2000 + n, n)) await bus.publish('frames.wallops.2.0', frame);
      await until('both spacecraft archived', () => {
        const counts = ground.server.fleet().spacecraft.map((sc) => sc.packetsReceived);
        return counts[0] === 10 && counts[1] === 4;
      });
      const sent = await api<{ command: CommandRecord }>(ground.target, '/api/commands?sc=sat-b', { name: 'noop' });
      expect(sent.status).toBe(202);
      const commands: number[] = [];
      const probe = await bus.consume(
        TC_STREAM,
        'probe',
        (m) => {
          commands.push(m.data.length);
          m.ack();
        },
        { filter: 'tc.2' },
      );
      await until('the command on tc.2', () => commands.length > 0);
      await probe.stop();
      const kv = await bus.kv('fleet-state');
      const state = await until('the fleet state in KV', async () => {
        const value = await kv.get('sat-a');
        return value ? JSON.parse(new TextDecoder().decode(value)) : null;
      });
      expect(state).toMatchObject({ name: 'sat-a', spacecraftId: 1, shard: '0/1', mode: 'NOMINAL', lastHeardS: 1009, inView: true });
    } finally {
      await ground.close();
      await bus.close();
    }
    expect(packetsIn(join(ground.dir, 'sat-a.sqlite'))).toBe(10);
  }, 60_000);

  it("writes a spacecraft's state to fleet-state when it changes, not every second", async () => {
    const memory = new MemoryBus();
    const puts: string[] = [];
    const counting: Bus = Object.create(memory) as Bus;
    counting.kv = async (bucket) => {
      const inner = await memory.kv(bucket);
      const put = (key: string, value: Uint8Array) => {
        puts.push(key);
        return inner.put(key, value);
      };
      return { ...inner, put };
    };
    const ground = await startFleetGround({ members: lettered(1), overrides: { bus: { bus: counting, shard: '0/1' } } });
    try {
      await until('the first state', () => puts.length > 0);
      await new Promise((resolve) => setTimeout(resolve, 2500));
      expect(puts).toEqual(['sat-a']);
      const fake = ground.members[0]!.fake;
      for (const bytes of hkFrames(fake, 1000, 0)) await memory.publish('frames.svalbard.1.0', bytes);
      await until('the new state', () => puts.length === 2, 5000);
      const stateNow = async () => JSON.parse(new TextDecoder().decode((await (await memory.kv('fleet-state')).get('sat-a'))!));
      expect(await stateNow()).toMatchObject({ mode: 'NOMINAL', lastHeardS: 1000, alarms: [], acceleratorFailed: false });
      // an event of severity warning is an alarm of the fleet state; an info event is not
      for (const bytes of framesOf(fake, 'load_shed', { level: 2, rail: 'accelerator' }, 1001, 1)) await memory.publish('frames.svalbard.1.0', bytes);
      for (const bytes of framesOf(fake, 'pong', { token: 3 }, 1002, 2)) await memory.publish('frames.svalbard.1.0', bytes);
      await until('the alarm', async () => (await stateNow()).alarms.length > 0, 5000);
      expect((await stateNow()).alarms).toEqual([{ name: 'load_shed', severity: 'warning', timeS: 1001, message: 'load shed level 2: rail accelerator off' }]);
    } finally {
      await ground.close();
    }
  });

  it('loses nothing and archives nothing twice when a server process is killed mid-stream and started again; a shard serves its spacecraft only', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ground-bus-kill-'));
    const keyFile = join(dir, 'keys.json');
    const created = createKeyFile(keyFile, false, [1, 2]);
    if (!created.ok) throw new Error(created.error);
    const keys = readKeyFile(keyFile, 1);
    if (!keys.ok) throw new Error(keys.error);
    const fake = await FakeSpacecraft.start(keys.value, 1);
    const opened = await NatsBus.open(server.url);
    if (!opened.ok) throw new Error(opened.error);
    const bus = opened.value;
    await bus.deleteStream('FRAMES');
    const archiveDir = join(dir, 'archive');
    const serve = () =>
      startBin('ground', [
        'serve',
        '--fleet',
        'cluster:2',
        '--nats',
        server.url,
        '--shard',
        '1/2',
        '--archive',
        archiveDir,
        '--key-file',
        keyFile,
        '--api-port',
        '0',
        '--tm-port',
        '0',
        '--link',
        'relay',
      ]);
    const first = serve();
    await first.waitFor(/ground serve: api .* \(fleet cluster:2: 1 spacecraft, link relay\) bus nats:\/\/127\.0\.0\.1:\d+ shard 1\/2/);
    const total = 300;
    for (let n = 0; n < total; n++) for (const frame of hkFrames(fake, 1000 + n, n)) await bus.publish('frames.svalbard.1.0', frame);
    // a frame of spacecraft 2, which this shard does not serve
    await bus.publish('frames.svalbard.2.0', new Uint8Array(1115));
    await until('some archived', () => {
      try {
        return packetsIn(join(archiveDir, 'cluster-1.sqlite')) > 20;
      } catch {
        return false;
      }
    });
    await first.stop('SIGKILL');
    const second = serve();
    await second.waitFor(/ground serve: api /);
    await until('every frame archived', () => packetsIn(join(archiveDir, 'cluster-1.sqlite')) >= total, 30_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await second.stop('SIGTERM')).toBe(0);
    expect(packetsIn(join(archiveDir, 'cluster-1.sqlite'))).toBe(total);
    expect(() => packetsIn(join(archiveDir, 'cluster-2.sqlite'))).toThrow();
    await fake.close();
    await bus.close();
  }, 90_000);

  it('answers archive queries about the whole fleet from any shard, merged by time, and says which shard did not answer', async () => {
    const setup = await openBus();
    await setup.deleteStream('FRAMES');
    await setup.close();
    const bus0 = await openBus();
    const bus1 = await openBus();
    // shard 0/2 serves sat-b (id 2), shard 1/2 sat-a (id 1): each knows the other's
    const shard0 = await startFleetGround({
      members: [{ name: 'sat-b', spacecraftId: 2 }],
      overrides: { bus: { bus: bus0, shard: '0/2', peers: [{ name: 'sat-a', spacecraftId: 1, shard: '1/2' }] } },
    });
    const shard1 = await startFleetGround({
      members: [{ name: 'sat-a', spacecraftId: 1 }],
      overrides: { bus: { bus: bus1, shard: '1/2', peers: [{ name: 'sat-b', spacecraftId: 2, shard: '0/2' }] } },
    });
    try {
      for (let n = 0; n < 3; n++) for (const frame of hkFrames(shard1.members[0]!.fake, 1000 + 100 * n, n)) await bus1.publish('frames.svalbard.1.0', frame);
      for (let n = 0; n < 3; n++) for (const frame of hkFrames(shard0.members[0]!.fake, 1050 + 100 * n, n)) await bus0.publish('frames.wallops.2.0', frame);
      await until(
        'each shard archived its spacecraft',
        () => shard0.server.fleet().spacecraft[0]!.packetsReceived === 3 && shard1.server.fleet().spacecraft[0]!.packetsReceived === 3,
      );
      const path = '/api/archive/telemetry?sc=*&param=executive_hk.mode';
      type Rows = { rows: Array<{ sc: string; timeS: number; value: string }>; more: boolean };
      const fromShard0 = await api<Rows>(shard0.target, path);
      expect(fromShard0.status).toBe(200);
      expect(fromShard0.body.rows.map((row) => `${row.sc}@${row.timeS}`)).toEqual([
        'sat-a@1000',
        'sat-b@1050',
        'sat-a@1100',
        'sat-b@1150',
        'sat-a@1200',
        'sat-b@1250',
      ]);
      expect(fromShard0.body.more).toBe(false);
      expect((await api<Rows>(shard1.target, path)).body).toEqual(fromShard0.body);
      const remoteOnly = await api<Rows>(shard0.target, '/api/archive/telemetry?sc=sat-a&param=executive_hk.mode&limit=2');
      expect(remoteOnly.body.rows.map((row) => `${row.sc}@${row.timeS}`)).toEqual(['sat-a@1000', 'sat-a@1100']);
      expect(remoteOnly.body.more).toBe(true);
      const elsewhere = await api<{ error: string }>(shard0.target, '/api/status?sc=sat-a');
      expect(elsewhere.status).toBe(404);
      expect(elsewhere.body.error).toBe(
        'spacecraft sat-a is served by shard 1/2 (its own ground serve --shard 1/2); archive queries about it work from any shard',
      );
      await shard1.close();
      const missing = await api<{ error: string; code: string }>(shard0.target, path);
      expect([missing.status, missing.body.code]).toEqual([503, 'unavailable']);
      expect(missing.body.error).toMatch(/^spacecraft sat-a \(shard 1\/2\) did not answer: .*is its `ground serve --shard 1\/2` running\?$/);
    } finally {
      await shard0.close();
      await shard1.close();
      await bus0.close();
      await bus1.close();
    }
  }, 60_000);

  it('carries every packet from a station to the archive once and in order across a station cut from the bus and a restart of nats-server', async () => {
    const setup = await openBus();
    await setup.deleteStream('FRAMES');
    await setup.close();
    const stationBus = flakyBus(await openBus());
    const station = await GroundStation.start({ name: 'svalbard', bus: stationBus, uplinks: new Map(), send: () => {} });
    const shardBus = await openBus();
    const ground = await startFleetGround({ members: lettered(1), overrides: { bus: { bus: shardBus, shard: '0/1' } } });
    const fake = ground.members[0]!.fake;
    let sent = 0;
    const hear = (count: number) => {
      for (let i = 0; i < count; i++, sent++) for (const bytes of hkFrames(fake, 1000 + sent, sent)) station.take({ bytes, receivedAtMs: Date.now() });
    };
    const archived = () => ground.server.fleet().spacecraft[0]!.packetsReceived;
    try {
      hear(30);
      await until('the first packets archived', () => archived() === 30);
      // the station is cut from the bus: it holds what it hears, the shard has nothing new
      stationBus.down = true;
      hear(20);
      await until('the station holding frames', () => station.totals.waiting > 0);
      expect(archived()).toBe(30);
      stationBus.down = false;
      await until('the held packets archived', () => archived() === 50, 30_000);
      // nats-server dies mid-stream and comes back on the same storage
      hear(10);
      await server.stop('SIGKILL');
      hear(20);
      await server.restart();
      await until('every packet archived after the restart', () => archived() === 80, 60_000);
      expect(station.totals).toMatchObject({ received: 80, published: 80, dropped: 0, malformed: 0 });
    } finally {
      await ground.close();
      await station.close();
      await stationBus.close();
      await shardBus.close();
    }
    const packets = packetsOf(join(ground.dir, 'sat-a.sqlite'));
    expect(packets.map((packet) => packet.timeS)).toEqual(Array.from({ length: 80 }, (_, i) => 1000 + i));
  }, 120_000);
});
