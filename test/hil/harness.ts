/**
 * Hardware in the loop for tests: `hil` (bin/hil.js) with every port free
 * (0), a fresh directory and key file, driven through the ground's HTTP API
 * and the simulator's control port. The key file holds two uplink keys:
 * the ground signs with key 1; a test may sign its own telecommands with
 * key 2 (its own anti-replay window) and send them straight to the relay.
 * It is written in the first format (no downlink key), as an older ground
 * left it: the ground adds the downlink key at start, before the flight
 * software reads the file.
 */
import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CommandRecord, EventList, LatestTelemetry, SendCommandResponse } from '../../ground/api/contract.js';
import { DEFAULT_SPACECRAFT_ID, TcFramer, buildTelecommand, missionDictionary } from '../../protocol/index.js';
import { ControlClient, type ControlAnswer } from '../../sim-hw/link/control-client.js';
import { api, until } from '../ground/server/harness.js';
import { startBin, type RunningProcess } from '../helpers/processes.js';

export { api, until };

export const TEST_KEY_ID = 2;
const dictionary = missionDictionary();

export interface Hil {
  readonly process: RunningProcess;
  readonly url: string;
  /** The token of `local`, the flight director the ground created beside the key file. */
  readonly token: string;
  readonly dir: string;
  readonly relayUplinkPort: number;
  readonly control: ControlClient;
  /** The simulator's control port, one request. */
  sim(request: Record<string, unknown>): Promise<ControlAnswer>;
  /** Sends a command through the ground and waits for its final state. */
  command(name: string, args?: Record<string, unknown>, timeoutMs?: number): Promise<CommandRecord>;
  /** The latest value of one housekeeping field (undefined until one came down). */
  field(packet: string, field: string): Promise<unknown>;
  /** Events of a name the ground has received. */
  events(name: string): Promise<EventList['events']>;
  /** Signs a telecommand with the test's own key (id 2) and sends it to the relay's uplink port; returns the bytes. */
  sendRaw(name: string, args: Record<string, unknown>, seq: bigint, bytes?: Uint8Array): Promise<Uint8Array>;
  /** The flight software's process id in its current boot, and the boot ROM's start count. */
  fsw(): { pid: number; starts: number };
  stop(): Promise<number | null>;
}

const running: Hil[] = [];

/** Stops every set-up a test started (call from afterEach). */
export async function stopAll(): Promise<void> {
  await Promise.all(running.splice(0).map((hil) => hil.stop()));
}

export async function startHil(args: readonly string[] = []): Promise<Hil> {
  const dir = mkdtempSync(join(tmpdir(), 'hil-'));
  const keyFile = join(dir, 'keys.json');
  const testKey = randomBytes(32);
  writeFileSync(
    keyFile,
    JSON.stringify({
      format: 'orbital-node-keys/1',
      activeKeyId: 1,
      keys: [
        { keyId: 1, secretHex: randomBytes(32).toString('hex') },
        { keyId: TEST_KEY_ID, secretHex: testKey.toString('hex') },
      ],
    }),
    { mode: 0o600 },
  );
  const ports = ['--hw-port', '--control-port', '--fsw-tc-port', '--relay-downlink-port', '--tm-port', '--relay-uplink-port', '--api-port'].flatMap(
    (option) => [option, '0'],
  );
  const child = startBin('hil', ['--dir', dir, '--key-file', keyFile, '--retransmit-after-s', '2', ...ports, ...args]);
  const [, controlPort, relayUplinkPort, apiUrl] = await child.waitFor(
    /control (\d+)\), fsw tc udp \d+, relay up (\d+)->\d+ down \d+->\d+, ground api (http:\/\/[\d.:]+)/,
    60_000,
  );
  const control = await ControlClient.connect('127.0.0.1', Number(controlPort));
  if (!control.ok) throw new Error(control.error);
  const uplink = createSocket('udp4');
  const framer = new TcFramer({ spacecraftId: DEFAULT_SPACECRAFT_ID });
  const hil: Hil = {
    process: child,
    url: apiUrl!,
    token: readFileSync(join(dir, 'ground-token'), 'utf8').trim(),
    dir,
    relayUplinkPort: Number(relayUplinkPort),
    control: control.value,
    async sim(request) {
      const answer = await control.value.request(request);
      if (!answer.ok) throw new Error(answer.error);
      return answer.value;
    },
    async command(name, args = {}, timeoutMs = 60_000) {
      const sent = await api<SendCommandResponse>(hil, '/api/commands', { name, args });
      if (sent.status !== 202) throw new Error(`${name} refused by the ground: ${sent.text}`);
      const id = sent.body.command.id;
      return until(
        `${name} #${id} to end`,
        async () => {
          const record = (await api<CommandRecord>(hil, `/api/commands/${id}`)).body;
          return record.final ? record : null;
        },
        timeoutMs,
      );
    },
    async field(packet, field) {
      const latest = (await api<LatestTelemetry>(hil, `/api/telemetry/latest?packet=${packet}`)).body;
      return latest.packets.find((p) => p.name === packet)?.fields[field]?.value;
    },
    async events(name) {
      const list = (await api<EventList>(hil, '/api/events?limit=10000')).body;
      return list.events.filter((event) => event.name === name);
    },
    async sendRaw(name, args, seq, bytes) {
      let packet = bytes;
      if (!packet) {
        const built = buildTelecommand(dictionary, {
          name,
          args,
          keyId: TEST_KEY_ID,
          key: new Uint8Array(testKey),
          seq,
          sequenceCount: Number(seq % 16384n),
          timeS: 0,
        });
        if (!built.ok) throw new Error(built.error);
        packet = built.value;
      }
      // The space link carries TC frames: the test's own frame layer wraps the packet, as the ground's does.
      for (const frame of framer.frames([packet])) {
        await new Promise<void>((resolve, reject) => uplink.send(frame, Number(relayUplinkPort), '127.0.0.1', (error) => (error ? reject(error) : resolve())));
      }
      return packet;
    },
    fsw() {
      const starts = [...child.output().matchAll(/flight software started \(pid (\d+), start (\d+)\)/g)];
      const last = starts.at(-1);
      return { pid: last ? Number(last[1]) : -1, starts: last ? Number(last[2]) : 0 };
    },
    async stop() {
      control.value.close();
      uplink.close();
      return child.stop('SIGTERM');
    },
  };
  running.push(hil);
  return hil;
}

/** Waits until the flight software's telemetry reaches the ground. */
export async function firstTelemetry(hil: Hil): Promise<void> {
  await until('housekeeping from the flight software', async () => (await hil.field('executive_hk', 'mode')) !== undefined, 60_000);
}

/** NOMINAL mode (jobs need it) and every job_state event down (no throttling). */
export async function readyForJobs(hil: Hil): Promise<void> {
  await firstTelemetry(hil);
  for (const [name, args] of [
    ['param_set', { name: 'telemetry.eventsPerWindow', value: 1000 }],
    ['set_mode', { mode: 'NOMINAL' }],
  ] as const) {
    const record = await hil.command(name, args);
    if (record.state !== 'completed') throw new Error(`${name}: ${record.state} ${JSON.stringify(record.stages)}`);
  }
}

/** The states a job went through, from its job_state events. */
export async function jobStates(hil: Hil, jobId: number): Promise<string[]> {
  return (await hil.events('job_state')).filter((event) => event.args.jobId === jobId).map((event) => String(event.args.state));
}

export async function untilJobEnds(hil: Hil, jobId: number, timeoutMs = 90_000): Promise<string> {
  return until(`job ${jobId} to end`, async () => (await jobStates(hil, jobId)).find((state) => state === 'done' || state === 'failed'), timeoutMs);
}

/** The simulator's mission time now. */
export async function simTimeS(hil: Hil): Promise<number> {
  return Number((await hil.sim({ op: 'status' })).timeS);
}

/** Waits until the simulator's mission time has advanced by durationS. */
export async function missionTimePasses(hil: Hil, durationS: number, timeoutMs = 60_000): Promise<void> {
  const fromS = await simTimeS(hil);
  await until(`mission time to pass ${fromS + durationS} s`, async () => (await simTimeS(hil)) >= fromS + durationS, timeoutMs);
}
