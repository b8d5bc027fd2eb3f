/**
 * (12) The ground on NATS JetStream (issue 20 point 7), in one run:
 *
 * - Archive ingest through the bus: the real telemetry of STREAM_S of
 *   NOMINAL with jobs (archive-ingest.ts's stream), framed and signed as
 *   eight spacecraft send it (ids 1 to 8, a TM framer each), published to
 *   FRAMES on a throwaway nats-server first; then 1, and then 2, `ground
 *   serve --nats --shard K/N` processes drain it while the bench polls
 *   their consumers' backlog. The rate is the backlog taken from the first
 *   poll that saw it fall to the last (process start excluded). Beside it
 *   the in-process figure: the same frames handed to the same ground
 *   server's intake in this process, no bus.
 * - Frame at station to archived row: a station (GroundStation) and a
 *   ground server in this process, every spacecraft's frames taken by the
 *   station at a saturated 256 kbit/s downlink each (PACED_S seconds), the
 *   latency to the acknowledgement of each frame (which the server gives
 *   once the frame's rows are on disk); through nats-server and through the
 *   in-process bus.
 *
 * Rows are counted as bench (6) counts them (packets, samples, events).
 * Without nats-server the rows say it could not be measured.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Archive } from '../ground/archive/archive.js';
import type { Bus, BusMessage } from '../ground/bus/bus.js';
import { MemoryBus } from '../ground/bus/memory-bus.js';
import { NatsBus } from '../ground/bus/nats-bus.js';
import type { FleetLink, GroundServer } from '../ground/server/ground-server.js';
import { startBenchGround } from './ground-server.js';
import { RELAY_CONTACT } from '../ground/server/uplink-contact.js';
import { FRAMES_STREAM, GroundStation, ensureStationStreams, frameSubject } from '../ground/station/ground-station.js';
import { TM_FRAME_BYTES, TmFramer, createKeyFile, missionDictionary, readKeyFile, signingKeyOf } from '../protocol/index.js';
import { DEFAULT_LINK_PARAMS } from '../sim-hw/link/channel.js';
import { benchDownlink } from './archive-ingest.js';
import { percentile } from './harness.js';
import { startNatsServer, type NatsServer } from './nats-server.js';
import type { SummaryRow } from './summary.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** Mission time of telemetry per spacecraft. */
const STREAM_S = 7200;
/** Seconds of paced frames for the latency. */
const PACED_S = 15;
const SPACECRAFT_IDS = [1, 2, 3, 4, 5, 6, 7, 8] as const;

export interface IngestRow {
  readonly path: string;
  readonly framesPerS: number;
  readonly rowsPerS: number;
}

export interface LatencyRow {
  readonly path: string;
  readonly frames: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

export interface GroundBusBench {
  readonly frames: number;
  readonly rowsPerFrame: number;
  readonly ingest: readonly IngestRow[];
  readonly latency: readonly LatencyRow[];
  readonly load: string;
}

interface Setup {
  readonly dir: string;
  readonly keyFile: string;
  /** Each spacecraft's frames of the stream, in order. */
  readonly frames: ReadonlyMap<number, readonly Uint8Array[]>;
}

function setUp(): Setup {
  const dir = mkdtempSync(join(tmpdir(), 'bench-ground-bus-'));
  const keyFile = join(dir, 'keys.json');
  const created = createKeyFile(keyFile, false, [...SPACECRAFT_IDS]);
  if (!created.ok) throw new Error(created.error);
  const packets = benchDownlink(STREAM_S).packets.map((packet) => packet.raw);
  const frames = new Map<number, Uint8Array[]>();
  for (const id of SPACECRAFT_IDS) {
    const keys = readKeyFile(keyFile, id);
    if (!keys.ok) throw new Error(keys.error);
    const framer = new TmFramer({ spacecraftId: id, frameBytes: TM_FRAME_BYTES, signing: signingKeyOf(keys.value.downlink) });
    const queue = [...packets];
    const out: Uint8Array[] = [];
    while (queue.length > 0 || framer.midPacket(0)) out.push(framer.frame(0, () => queue.shift()).bytes);
    frames.set(id, out);
  }
  return { dir, keyFile, frames };
}

const links = (dir: string): FleetLink[] =>
  SPACECRAFT_IDS.map((id) => ({
    name: `cluster-${id}`,
    spacecraftId: id,
    tcTo: { host: '127.0.0.1', port: 9 },
    archivePath: join(dir, `cluster-${id}.sqlite`),
    contact: RELAY_CONTACT,
  }));

/** A ground server in this process for the eight spacecraft (on the bus when given). */
function groundHere(setup: Setup, dir: string, bus?: Bus): Promise<GroundServer> {
  return startBenchGround(dir, setup.keyFile, { fleet: links(dir), ...(bus ? { bus: { bus, shard: '0/1' } } : {}) });
}

/** Rows in the archives of a folder (packets + samples + events, as bench (6) counts them). */
function rowsIn(dir: string): number {
  let rows = 0;
  for (const link of links(dir)) {
    const archive = Archive.open(link.archivePath, { dictionary: missionDictionary(), retentionDays: Number.POSITIVE_INFINITY, readonly: true });
    try {
      const counts = archive.telemetry.counts();
      rows += archive.telemetry.recentPackets(10_000_000).length + counts.telemetryRows + counts.eventRows;
    } finally {
      archive.close();
    }
  }
  return rows;
}

/** In process, no bus: every frame handed to the server's intake, the archives flushed; frames per second and the rows they made. */
async function ingestHere(setup: Setup): Promise<{ framesPerS: number; rows: number; frames: number }> {
  const dir = mkdtempSync(join(setup.dir, 'here-'));
  const server = await groundHere(setup, dir);
  let frames = 0;
  const startMs = performance.now();
  for (const [i, id] of SPACECRAFT_IDS.entries()) {
    const cell = server.spacecraft[i]!;
    for (const bytes of setup.frames.get(id)!) {
      cell.takeFrame({ bytes, receivedAtMs: Date.now() });
      frames++;
    }
    cell.archive.flush();
  }
  const wallS = (performance.now() - startMs) / 1000;
  await server.close();
  return { framesPerS: frames / wallS, rows: rowsIn(dir), frames };
}

/** Publishes every frame to FRAMES, as stations do (many in flight). */
async function preload(bus: Bus, setup: Setup): Promise<number> {
  await bus.deleteStream(FRAMES_STREAM);
  for (const durable of SPACECRAFT_IDS.map((id) => `proc-${id}`)) await bus.deleteConsumer(FRAMES_STREAM, durable);
  await ensureStationStreams(bus);
  let count = 0;
  for (const id of SPACECRAFT_IDS) {
    const frames = setup.frames.get(id)!;
    for (let i = 0; i < frames.length; i += 256) {
      await Promise.all(frames.slice(i, i + 256).map((bytes) => bus.publish(frameSubject('bench', bytes)!, bytes)));
    }
    count += frames.length;
  }
  return count;
}

/** `ground serve` shard processes on the bus; resolved once each says it serves. */
async function startShards(setup: Setup, url: string, dir: string, shards: number): Promise<Array<ChildProcess & { log: { text: string } }>> {
  const children = Array.from({ length: shards }, (_, k) =>
    spawn(
      process.execPath,
      [
        `${ROOT}/bin/ground.js`,
        'serve',
        '--fleet',
        `cluster:${SPACECRAFT_IDS.length}`,
        '--link',
        'relay',
        '--nats',
        url,
        '--shard',
        `${k}/${shards}`,
        '--archive',
        dir,
        '--key-file',
        setup.keyFile,
        '--users-file',
        join(dir, `users-${k}.json`),
        '--api-port',
        '0',
        '--tm-port',
        '0',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    ),
  );
  const logs = children.map(() => ({ text: '' }));
  await Promise.all(
    children.map(
      (child, k) =>
        new Promise<void>((resolve, reject) => {
          const take = (chunk: Buffer) => {
            logs[k]!.text += chunk.toString();
            if (logs[k]!.text.includes('ground serve: api')) resolve();
          };
          child.stdout!.on('data', take);
          child.stderr!.on('data', take);
          child.on('exit', (code) => reject(new Error(`ground serve --shard ${k}/${shards} exited (${code}):\n${logs[k]!.text}`)));
        }),
    ),
  );
  return children.map((child, k) => Object.assign(child, { log: logs[k]! }));
}

/** The shards drain the preloaded FRAMES: frames per second from the first poll that saw the backlog fall to the last. */
async function ingestThroughBus(bus: Bus, setup: Setup, url: string, shards: number): Promise<{ framesPerS: number; rows: number }> {
  const total = await preload(bus, setup);
  const dir = mkdtempSync(join(setup.dir, `bus-${shards}-`));
  const backlog = async () => {
    let sum = 0;
    for (const id of SPACECRAFT_IDS) sum += (await bus.consumerLag(FRAMES_STREAM, `proc-${id}`)) ?? setup.frames.get(id)!.length;
    return sum;
  };
  const children = await startShards(setup, url, dir, shards);
  try {
    let first: { atMs: number; left: number } | null = null;
    const deadlineMs = performance.now() + 120_000;
    for (;;) {
      const left = await backlog();
      const atMs = performance.now();
      if (first === null && left < total) first = { atMs, left };
      if (left === 0) {
        if (first === null || atMs === first.atMs) throw new Error('the shards drained the stream before the first poll');
        await Promise.all(children.map((child) => new Promise((resolve) => child.once('exit', resolve).kill('SIGTERM'))));
        return { framesPerS: first.left / ((atMs - first.atMs) / 1000), rows: rowsIn(dir) };
      }
      const gone = children.find((child) => child.exitCode !== null);
      if (gone) throw new Error(`a shard exited (${gone.exitCode}) with ${left} frames left:\n${gone.log.text}`);
      if (atMs > deadlineMs) throw new Error(`the shards left ${left} frames after 120 s:\n${children.map((child) => child.log.text).join('\n')}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  } finally {
    for (const child of children) child.kill('SIGKILL');
  }
}

/**
 * A station and a ground server in this process on `stationBus` and
 * `serverBus` (the same in-process bus, or two connections to the
 * server); frames at a saturated downlink per spacecraft; the time from
 * the station's taking each frame to the server's acknowledging it.
 */
async function latencyThrough(setup: Setup, stationBus: Bus, serverBus: Bus): Promise<{ frames: number; p50Ms: number; p99Ms: number }> {
  await stationBus.deleteStream(FRAMES_STREAM);
  const dir = mkdtempSync(join(setup.dir, 'latency-'));
  const takenAtMs = new Map<string, number>();
  const latenciesMs: number[] = [];
  const keyOf = (data: Uint8Array) => Buffer.from(data.subarray(data.length - 24)).toString('base64');
  const timed: Bus = Object.create(serverBus) as Bus;
  timed.consume = (stream, durable, onMessage, options) =>
    serverBus.consume(
      stream,
      durable,
      (message: BusMessage) =>
        onMessage({
          ...message,
          ack: () => {
            const at = takenAtMs.get(keyOf(message.data));
            if (at !== undefined) latenciesMs.push(performance.now() - at);
            message.ack();
          },
        }),
      options,
    );
  const server = await groundHere(setup, dir, timed);
  const station = await GroundStation.start({ name: 'bench', bus: stationBus, uplinks: new Map(), send: () => {} });
  const framesPerS = DEFAULT_LINK_PARAMS.downlinkBps / 8 / TM_FRAME_BYTES;
  const count = Math.floor(framesPerS * PACED_S);
  const startMs = performance.now();
  try {
    for (let n = 0; n < count; n++) {
      const dueMs = startMs + (n * 1000) / framesPerS;
      const waitMs = dueMs - performance.now();
      if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs));
      for (const id of SPACECRAFT_IDS) {
        const bytes = setup.frames.get(id)![n]!;
        takenAtMs.set(keyOf(bytes), performance.now());
        station.take({ bytes, receivedAtMs: Date.now() });
      }
    }
    const deadlineMs = performance.now() + 30_000;
    while (latenciesMs.length < count * SPACECRAFT_IDS.length && performance.now() < deadlineMs) await new Promise((resolve) => setTimeout(resolve, 20));
    if (latenciesMs.length < count * SPACECRAFT_IDS.length)
      throw new Error(`${count * SPACECRAFT_IDS.length - latenciesMs.length} frames were not archived within 30 s`);
  } finally {
    await station.close();
    await server.close();
  }
  return { frames: latenciesMs.length, p50Ms: percentile(latenciesMs, 50), p99Ms: percentile(latenciesMs, 99) };
}

async function openBus(server: NatsServer, name: string): Promise<NatsBus> {
  const bus = await NatsBus.open(server.url, name);
  if (!bus.ok) throw new Error(bus.error);
  return bus.value;
}

export async function benchGroundBus(): Promise<GroundBusBench> {
  const setup = setUp();
  const server = await startNatsServer();
  try {
    const here = await ingestHere(setup);
    const rowsPerFrame = here.rows / here.frames;
    const ingest: IngestRow[] = [{ path: 'in process, no bus', framesPerS: here.framesPerS, rowsPerS: here.framesPerS * rowsPerFrame }];
    const control = await openBus(server, 'ground-bench');
    try {
      for (const shards of [1, 2]) {
        const through = await ingestThroughBus(control, setup, server.url, shards);
        if (through.rows !== here.rows) throw new Error(`${shards} shard(s) archived ${through.rows} rows, in process ${here.rows}`);
        ingest.push({
          path: `NATS, ${shards} shard process${shards === 1 ? '' : 'es'}`,
          framesPerS: through.framesPerS,
          rowsPerS: through.framesPerS * rowsPerFrame,
        });
      }
    } finally {
      await control.close();
    }
    const memory = new MemoryBus();
    const latency: LatencyRow[] = [{ path: 'in-process bus', ...(await latencyThrough(setup, memory, memory)) }];
    const stationBus = await openBus(server, 'bench-station');
    const serverBus = await openBus(server, 'bench-ground');
    try {
      latency.push({ path: 'NATS', ...(await latencyThrough(setup, stationBus, serverBus)) });
    } finally {
      await stationBus.close();
      await serverBus.close();
    }
    return {
      frames: here.frames,
      rowsPerFrame,
      ingest,
      latency,
      load: loadavg()
        .map((value) => value.toFixed(2))
        .join(' '),
    };
  } finally {
    await server.stop();
    rmSync(setup.dir, { recursive: true, force: true });
  }
}

const k = (perS: number) => `${(perS / 1000).toFixed(1)} k`;

export function printGroundBusBench(figures: GroundBusBench): void {
  console.log(
    `\nthe ground on NATS JetStream (load average ${figures.load}): ${figures.frames} TM frames of eight spacecraft (${STREAM_S} s of NOMINAL with jobs each), ${figures.rowsPerFrame.toFixed(1)} archive rows a frame`,
  );
  console.log('  archive ingest                 frames/s     rows/s   / in process');
  const here = figures.ingest[0]!;
  for (const row of figures.ingest)
    console.log(
      `  ${row.path.padEnd(28)} ${row.framesPerS.toFixed(0).padStart(9)} ${k(row.rowsPerS).padStart(10)}   x${(row.rowsPerS / here.rowsPerS).toFixed(2)}`,
    );
  console.log(`  frame at station to archived row (${PACED_S} s at a saturated ${DEFAULT_LINK_PARAMS.downlinkBps / 1000} kbit/s downlink per spacecraft)`);
  for (const row of figures.latency)
    console.log(`  ${row.path.padEnd(28)} p50 ${row.p50Ms.toFixed(1)} ms, p99 ${row.p99Ms.toFixed(1)} ms (${row.frames} frames)`);
}

export function groundBusSummary(figures: GroundBusBench): SummaryRow[] {
  const here = figures.ingest[0]!;
  const memory = figures.latency[0]!;
  return [
    ...figures.ingest.slice(1).map((row) => ({
      item: '12',
      figure: `archive ingest through NATS, ${row.path.replace('NATS, ', '')} (in process)`,
      measured: `${k(row.rowsPerS)} rows/s (${k(here.rowsPerS)})`,
      target: '',
      verdict: '-' as const,
    })),
    ...figures.latency.slice(1).map((row) => ({
      item: '12',
      figure: 'frame at station to archived row p50 / p99 (in-process bus)',
      measured: `${row.p50Ms.toFixed(1)} / ${row.p99Ms.toFixed(1)} ms (${memory.p50Ms.toFixed(1)} / ${memory.p99Ms.toFixed(1)})`,
      target: '',
      verdict: '-' as const,
    })),
  ];
}
