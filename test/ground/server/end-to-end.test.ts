import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createKeyFile, missionDictionary } from '../../../protocol/index.js';
import type { CommandRecord, LatestTelemetry, SendCommandResponse, StatusResponse } from '../../../ground/api/contract.js';
import { Archive } from '../../../ground/archive/archive.js';
import { startFlight } from '../../helpers/live-stack.js';
import { startBin, type RunningProcess } from '../../helpers/processes.js';
import { UdpRelay } from '../../helpers/udp-relay.js';
import { api, until } from './harness.js';

const started: RunningProcess[] = [];
const relays: UdpRelay[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((process) => process.stop('SIGKILL')));
  await Promise.all(relays.splice(0).map((relay) => relay.close()));
});

const SEED = 7;

describe('ground serve with the real flight software and simulator', () => {
  it(`flies noops to completion and archives telemetry over a lossy, duplicating link (seed ${SEED})`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ground-e2e-'));
    const keyFile = join(dir, 'keys.json');
    const keys = createKeyFile(keyFile);
    if (!keys.ok) throw new Error(keys.error);
    const archivePath = join(dir, 'archive.sqlite');
    const relay = await UdpRelay.start({ seed: SEED, lossProbability: 0.2, duplicateProbability: 0.2 });
    relays.push(relay);

    const ground = startBin('ground', [
      'serve',
      '--tm-port',
      '0',
      '--api-port',
      '0',
      '--tc-to',
      `127.0.0.1:${relay.groundSidePort}`,
      '--archive',
      archivePath,
      '--key-file',
      keyFile,
      '--retransmit-after-s',
      '1',
      '--retransmit-max',
      '10',
    ]);
    started.push(ground);
    const [, apiPort, tmPort] = await ground.waitFor(/ground serve: api http:\/\/127\.0\.0\.1:(\d+) tm udp 127\.0\.0\.1:(\d+) tc -> 127\.0\.0\.1:\d+ archive /);
    relay.toSpacePort = await startFlight({ dir, keyFile, tmToPort: relay.spaceSidePort, speed: 1, started });
    relay.toGroundPort = Number(tmPort);
    // The server made the flight director `local`, its token beside the key file.
    expect(ground.output()).toContain(`its token is in ${join(dir, 'ground-token')}`);
    const url = { url: `http://127.0.0.1:${apiPort}`, token: readFileSync(join(dir, 'ground-token'), 'utf8').trim() };

    await until('telemetry from the flight software', async () => (await api<StatusResponse>(url, '/api/status')).body.link.inContact, 30_000);
    const ids: number[] = [];
    for (let i = 0; i < 3; i++) {
      const reply = await api<SendCommandResponse>(url, '/api/commands', { name: 'noop' });
      expect(reply.status).toBe(202);
      ids.push(reply.body.command.id);
    }
    const done: CommandRecord[] = [];
    for (const id of ids) {
      done.push(
        await until(
          `noop ${id} to end`,
          async () => {
            const record = (await api<CommandRecord>(url, `/api/commands/${id}`)).body;
            return record.final ? record : null;
          },
          40_000,
        ),
      );
    }
    expect(
      done.map((record) => record.state),
      JSON.stringify(done.map((record) => record.stages)),
    ).toEqual(['completed', 'completed', 'completed']);
    expect(done.every((record) => record.stages.some((stage) => stage.stage === 'completion'))).toBe(true);

    // Fewer datagrams than packets come down (several packets share a TM frame): wait for the relay to duplicate one.
    await until('a duplicated TM frame', async () => relay.downlink.duplicated > 0, 40_000);
    const status = await until(
      'the duplicate refused',
      async () => {
        const reply = (await api<StatusResponse>(url, '/api/status')).body;
        return (reply.link.frames?.rejected.replay ?? 0) > 0 ? reply : null;
      },
      10_000,
    );
    expect(status.link.packetsReceived).toBeGreaterThan(0);
    expect(relay.downlink.duplicated).toBeGreaterThan(0);
    // A duplicated TM frame repeats its SDLS sequence number: refused as a replay, its packets taken once.
    expect(status.link.frames?.rejected.replay ?? 0).toBeGreaterThan(0);
    expect(relay.uplink.lost + relay.downlink.lost).toBeGreaterThan(0);

    const housekeeping = await until(
      'a housekeeping packet',
      async () => (await api<LatestTelemetry>(url, '/api/telemetry/latest')).body.packets.find((packet) => packet.name.endsWith('_hk')),
      40_000,
    );

    expect(await ground.stop('SIGTERM')).toBe(0);
    expect(ground.output()).toMatch(/stopped, archive written/);
    const archive = Archive.open(archivePath, { dictionary: missionDictionary(), retentionDays: Infinity });
    try {
      const [field] = Object.keys(housekeeping.fields);
      expect(archive.telemetry.telemetry({ fromS: 0, toS: 1e9, limit: 10 }, { param: `${housekeeping.name}.${field}` }).length).toBeGreaterThan(0);
      expect(archive.telemetry.telemetry({ fromS: 0, toS: 1e9, limit: 100 }, { param: 'verification.stage' }).map((row) => row.value)).toContain('completed');
      expect(archive.commands.range(0, 1e9, 10).map((record) => [record.state, record.user])).toEqual(Array(3).fill(['completed', 'local']));
    } finally {
      archive.close();
    }
  });
});
