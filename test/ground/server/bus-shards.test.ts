/**
 * The ground server on the bus (issue 20 points 3 and 5), against a
 * throwaway nats-server: TM frames taken from the stream FRAMES by
 * spacecraft (a durable consumer each), archived, acknowledged once on
 * disk; commands to tc.SCID; the fleet's latest state in the KV bucket
 * fleet-state; a server process killed mid-stream and started again loses
 * nothing and archives nothing twice; a shard serves only its spacecraft.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandRecord } from '../../../ground/api/contract.js';
import { Archive } from '../../../ground/archive/archive.js';
import { NatsBus } from '../../../ground/bus/nats-bus.js';
import { GroundServer } from '../../../ground/server/ground-server.js';
import { RELAY_CONTACT } from '../../../ground/server/uplink-contact.js';
import { TC_STREAM } from '../../../ground/station/ground-station.js';
import { createKeyFile, encodeTelemetry, missionDictionary, readKeyFile } from '../../../protocol/index.js';
import { startNatsServer, type NatsServer } from '../../helpers/nats-server.js';
import { startBin } from '../../helpers/processes.js';
import { FakeSpacecraft, HK } from './fake-spacecraft.js';
import { api, until } from './harness.js';

const dictionary = missionDictionary();

/** The TM frames of an executive_hk packet at mission time timeS, as spacecraft `fake` signs them. */
function hkFrames(fake: FakeSpacecraft, timeS: number, count: number): Uint8Array[] {
  const entry = dictionary.downlink('executive_hk')!;
  const packet = encodeTelemetry({ apid: entry.subsystem.apid, sequenceCount: count % 16384, timeS, id: entry.def.id, data: { ...HK, mode: 'NOMINAL' } });
  return fake.framesOf(packet);
}

const packetsIn = (path: string) => {
  const archive = Archive.open(path, { dictionary, retentionDays: Infinity, readonly: true });
  try {
    return archive.telemetry.recentPackets(100_000).length;
  } finally {
    archive.close();
  }
};

let server: NatsServer;
beforeAll(async () => {
  server = await startNatsServer();
});
afterAll(async () => {
  await server.stop();
});

describe('the ground server on the bus', () => {
  it('archives the frames the stations published for each spacecraft, sends commands to tc.SCID and keeps the fleet state in KV', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ground-bus-'));
    const keyFile = join(dir, 'keys.json');
    const created = createKeyFile(keyFile, false, [1, 2]);
    if (!created.ok) throw new Error(created.error);
    const keysOf = (id: number) => {
      const keys = readKeyFile(keyFile, id);
      if (!keys.ok) throw new Error(keys.error);
      return keys.value;
    };
    const a = await FakeSpacecraft.start(keysOf(1), 1);
    const b = await FakeSpacecraft.start(keysOf(2), 2);
    const opened = await NatsBus.open(server.url);
    if (!opened.ok) throw new Error(opened.error);
    const bus = opened.value;
    const started = await GroundServer.start({
      host: '127.0.0.1',
      tmPort: 0,
      tcTo: { host: '127.0.0.1', port: a.port },
      apiPort: 0,
      archivePath: join(dir, 'unused.sqlite'),
      keyFile,
      usersFile: join(dir, 'users.json'),
      retransmitAfterS: 30,
      retransmitMax: 1,
      retentionDays: 30,
      fleet: [
        { name: 'sat-a', spacecraftId: 1, tcTo: { host: '127.0.0.1', port: a.port }, archivePath: join(dir, 'sat-a.sqlite'), contact: RELAY_CONTACT },
        { name: 'sat-b', spacecraftId: 2, tcTo: { host: '127.0.0.1', port: b.port }, archivePath: join(dir, 'sat-b.sqlite'), contact: RELAY_CONTACT },
      ],
      bus: { bus, shard: '0/1' },
    });
    if (!started.ok) throw new Error(started.error);
    const ground = started.value;
    try {
      for (let n = 0; n < 10; n++) for (const frame of hkFrames(a, 1000 + n, n)) await bus.publish('frames.svalbard.1.0', frame);
      for (let n = 0; n < 4; n++) for (const frame of hkFrames(b, 2000 + n, n)) await bus.publish('frames.wallops.2.0', frame);
      await until('both spacecraft archived', () => {
        const counts = ground.fleet().spacecraft.map((sc) => sc.packetsReceived);
        return counts[0] === 10 && counts[1] === 4;
      });
      const target = { url: `http://127.0.0.1:${ground.apiPort}`, token: readFileSync(join(dir, 'ground-token'), 'utf8').trim() };
      const sent = await api<{ command: CommandRecord }>(target, '/api/commands?sc=sat-b', { name: 'noop' });
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
      await a.close();
      await b.close();
      await bus.close();
    }
    expect(packetsIn(join(dir, 'sat-a.sqlite'))).toBe(10);
  }, 60_000);

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
});
