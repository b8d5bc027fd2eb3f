/**
 * Ground stations as processes (issue 20 point 2): TM frames to the bus by
 * spacecraft and virtual channel, in order; a station cut from the bus
 * holds its frames (bounded, counted) and replays them in order; commands
 * from tc.SCID to the spacecraft's uplink while it has the pass.
 */
import { createSocket } from 'node:dgram';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bus, BusMessage } from '../../ground/bus/bus.js';
import { MemoryBus } from '../../ground/bus/memory-bus.js';
import { NatsBus } from '../../ground/bus/nats-bus.js';
import { FRAMES_STREAM, GroundStation, TC_STREAM, frameSubject } from '../../ground/station/ground-station.js';
import { until } from './server/harness.js';
import { startNatsServer, type NatsServer } from '../helpers/nats-server.js';
import { startBin } from '../helpers/processes.js';
import { flakyBus } from '../helpers/flaky-bus.js';

/** A TM frame as far as a station looks: the header naming spacecraft and channel, then bytes that make it unique. */
function frame(spacecraftId: number, vcid: number, n: number): Uint8Array {
  const bytes = new Uint8Array(64);
  new DataView(bytes.buffer).setUint16(0, (spacecraftId << 4) | (vcid << 1));
  new DataView(bytes.buffer).setUint32(4, n);
  return bytes;
}
const numberOf = (bytes: Uint8Array) => new DataView(bytes.buffer, bytes.byteOffset).getUint32(4);

/** Every frame on the bus, in stream order. */
async function framesOn(bus: Bus, durable: string): Promise<{ seen: Array<[string, number]>; stop: () => Promise<void> }> {
  const seen: Array<[string, number]> = [];
  const consumer = await bus.consume(
    FRAMES_STREAM,
    durable,
    (m: BusMessage) => {
      seen.push([m.subject, numberOf(m.data)]);
      m.ack();
    },
    { maxInFlight: 64 },
  );
  return { seen, stop: () => consumer.stop() };
}

describe('a ground station on the bus', () => {
  it('names each frame by station, spacecraft and channel, and publishes in the order received; a frame too short is counted and dropped', async () => {
    const bus = new MemoryBus();
    const station = await GroundStation.start({ name: 'svalbard', bus, uplinks: new Map(), send: () => {} });
    for (let n = 0; n < 10; n++) station.take({ bytes: frame(n % 2 === 0 ? 7 : 9, n % 3 === 0 ? 0 : 2, n), receivedAtMs: n });
    station.take({ bytes: new Uint8Array([1]), receivedAtMs: 11 });
    await station.drained();
    const on = await framesOn(bus, 'all');
    await until('every frame', () => on.seen.length === 10);
    expect(on.seen.slice(0, 3)).toEqual([
      ['frames.svalbard.7.0', 0],
      ['frames.svalbard.9.2', 1],
      ['frames.svalbard.7.2', 2],
    ]);
    expect(on.seen.map(([, n]) => n)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(station.totals).toMatchObject({ received: 11, published: 10, malformed: 1, dropped: 0, waiting: 0 });
    expect(frameSubject('x', new Uint8Array([0]))).toBeNull();
  });

  it('holds frames while the bus is away, at most outboxMax (the newest beyond dropped and counted), and replays them in order once it is back', async () => {
    const bus = flakyBus(new MemoryBus());
    const station = await GroundStation.start({ name: 'wallops', bus, uplinks: new Map(), send: () => {}, outboxMax: 5 });
    station.take({ bytes: frame(7, 0, 0), receivedAtMs: 0 });
    await station.drained();
    bus.down = true;
    for (let n = 1; n <= 7; n++) station.take({ bytes: frame(7, 0, n), receivedAtMs: n });
    await until('a refusal', () => station.totals.busFailures > 0);
    expect(station.totals).toMatchObject({ waiting: 5, dropped: 2 });
    bus.down = false;
    expect(await station.drained()).toBe(0);
    const on = await framesOn(bus, 'all');
    await until('the frames kept', () => on.seen.length === 6);
    expect(on.seen.map(([, n]) => n)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(station.totals).toMatchObject({ published: 6, replayed: 5, dropped: 2, waiting: 0 });
  });

  it('sends the commands of tc.SCID to that spacecraft’s uplink while it has the pass, and leaves them on the bus out of view', async () => {
    const bus = new MemoryBus();
    const sent: Array<[number, number]> = [];
    let inView = false;
    const station = await GroundStation.start({
      name: 'svalbard',
      bus,
      uplinks: new Map([[7, { host: '127.0.0.1', port: 7007 }]]),
      send: (bytes, to) => sent.push([bytes[0]!, to.port]),
      inView: () => inView,
    });
    await bus.publish('tc.7', new Uint8Array([42]));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(sent).toEqual([]);
    inView = true;
    await until('the command sent in view', () => sent.length === 1, 5000);
    expect(sent).toEqual([[42, 7007]]);
    expect(station.totals.commandsSent).toBe(1);
    await station.close();
    expect(TC_STREAM).toBe('TC');
  });
});

describe('ground station processes on a real nats-server', () => {
  let server: NatsServer;
  beforeAll(async () => {
    server = await startNatsServer();
  });
  afterAll(async () => {
    await server.stop();
  });

  it('carry frames to the bus in order across a restart of the server, none lost and none twice, and commands to the spacecraft', async () => {
    const spacecraft = createSocket('udp4');
    await new Promise<void>((resolve) => spacecraft.bind(0, '127.0.0.1', resolve));
    const commands: number[] = [];
    spacecraft.on('message', (message: Buffer) => commands.push(message[0]!));
    const station = startBin('ground', ['station', '--name', 'svalbard', '--nats', server.url, '--tc-to', `7=127.0.0.1:${spacecraft.address().port}`]);
    const [, port] = await station.waitFor(/ground station svalbard: tm udp 127\.0\.0\.1:(\d+) -> nats:\/\/127\.0\.0\.1:\d+ frames\.svalbard\.>; tc for 7/);
    const send = (n: number) => spacecraft.send(frame(7, 1, n), Number(port), '127.0.0.1');
    for (let n = 0; n < 20; n++) send(n);
    const first = await NatsBus.open(server.url);
    if (!first.ok) throw new Error(first.error);
    const on = await framesOn(first.value, 'check');
    await until('the first frames on the bus', () => on.seen.length === 20);
    await on.stop();
    await first.value.close();
    // the server goes away; the station holds what it hears, and replays it in order once it is back
    await server.stop('SIGKILL');
    for (let n = 20; n < 40; n++) send(n);
    await station.waitFor(/holding frames until it takes them/, 20_000);
    await server.restart();
    await station.waitFor(/the bus takes frames again/, 30_000);
    const opened = await NatsBus.open(server.url);
    if (!opened.ok) throw new Error(opened.error);
    const all = await framesOn(opened.value, 'after-restart');
    await until('every frame after the restart', () => all.seen.length >= 40, 30_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    // every frame once, in the order heard: the ones before the restart kept on disk, the ones during it replayed
    expect(all.seen.map(([subject, n]) => `${subject} ${n}`)).toEqual(Array.from({ length: 40 }, (_, i) => `frames.svalbard.7.1 ${i}`));
    await all.stop();
    // a command for spacecraft 7 through the bus
    await opened.value.publish('tc.7', new Uint8Array([99]));
    await until('the command at the spacecraft', () => commands.length === 1, 10_000);
    expect(commands).toEqual([99]);
    await opened.value.close();
    expect(await station.stop('SIGTERM')).toBe(0);
    expect(station.output()).toMatch(
      /ground station: stopped; 40 frames received, 40 published \(\d+ after waiting for the bus\), 0 dropped, 0 malformed, 1 commands sent/,
    );
    spacecraft.close();
  }, 90_000);
});
