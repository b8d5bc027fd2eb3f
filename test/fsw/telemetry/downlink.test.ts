import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { QueueRadio } from '../../../fsw/hal/radio.js';
import { DOWNLINK_CLASSES, DownlinkQueue } from '../../../fsw/telemetry/downlink-queue.js';
import { DEFAULT_SPACECRAFT_ID, TM_FRAME_BYTES, TmFramer, type TelemetryClass } from '../../../protocol/index.js';
import { spacecraftConfig } from '../../../sim-hw/config.js';
import { DEFAULT_LINK_PARAMS } from '../../../sim-hw/link/channel.js';
import { contactWindows } from '../../../astro/station.js';
import { TEST_LINK_KEYS, TestGround, testStack } from '../../helpers/ground.js';
import { TEST_TM_SIGNING } from '../../helpers/packets.js';

const capacity = { report: 8, housekeeping: 16, bulk: 4 };
const framer = () => new TmFramer({ spacecraftId: DEFAULT_SPACECRAFT_ID, frameBytes: TM_FRAME_BYTES, signing: TEST_TM_SIGNING });
/** The virtual channel id of a TM frame. */
const vcidOf = (frame: Uint8Array) => (frame[1]! >>> 1) & 0b111;

describe('downlink queue', () => {
  const action = fc.oneof(
    fc.record({ kind: fc.constant('enqueue' as const), cls: fc.constantFrom(...DOWNLINK_CLASSES), bytes: fc.integer({ min: 17, max: 4096 }) }),
    fc.record({ kind: fc.constant('drain' as const), inContact: fc.boolean(), bps: fc.integer({ min: 0, max: 2_000_000 }), dtS: fc.constantFrom(0, 0.1, 1) }),
  );

  test.prop([fc.array(action, { maxLength: 400 })])('never exceeds its bounds, and its counters add up per class', (actions) => {
    const queue = new DownlinkQueue(capacity, framer());
    const radio = new QueueRadio();
    const enqueued: Record<TelemetryClass, number> = { report: 0, housekeeping: 0, bulk: 0 };
    for (const step of actions) {
      if (step.kind === 'enqueue') {
        queue.enqueue({ bytes: new Uint8Array(step.bytes), cls: step.cls, name: 'x' });
        enqueued[step.cls]++;
      } else {
        const before = radio.collect().length;
        for (const packet of queue.take({ inContact: step.inContact, uplinkBps: 0, downlinkBps: step.bps }, step.dtS)) radio.send(packet.bytes);
        const sent = radio.collect();
        expect(before).toBe(0);
        if (!step.inContact) expect(sent).toHaveLength(0);
        // Never more than the link allows: this tick's share plus at most one second of credit (or one frame, on a slow link).
        expect(sent.every((frame) => frame.length === TM_FRAME_BYTES)).toBe(true);
        expect(sent.reduce((sum, frame) => sum + frame.length, 0)).toBeLessThanOrEqual(Math.max((step.bps / 8) * Math.max(step.dtS, 1), TM_FRAME_BYTES) + 1e-9);
      }
      for (const cls of DOWNLINK_CLASSES) {
        expect(queue.queued(cls)).toBeLessThanOrEqual(capacity[cls]);
        expect(queue.sentByClass[cls] + queue.dropped(cls) + queue.queued(cls)).toBe(enqueued[cls]);
      }
    }
  });

  it('sends reports before housekeeping before bulk, each class on its own virtual channel', () => {
    const queue = new DownlinkQueue(capacity, framer());
    const radio = new QueueRadio();
    for (const cls of ['bulk', 'housekeeping', 'report'] as const) queue.enqueue({ bytes: new Uint8Array([cls.length]), cls, name: cls });
    for (const frame of queue.take({ inContact: true, uplinkBps: 0, downlinkBps: 1e6 }, 1)) radio.send(frame.bytes);
    // Report VC 1, housekeeping VC 0, bulk VC 2; each packet's first octet is its class name's length.
    expect(radio.collect().map((frame) => [vcidOf(frame), frame[16]])).toEqual([
      [1, 6],
      [0, 12],
      [2, 4],
    ]);
  });
});

/**
 * Sequence counts missing per APID in what reached the ground. Counts are
 * given when a packet is queued and the queue sends by class, so a report
 * may overtake housekeeping of its own APID: the counts are unwrapped
 * (modulo 16384) against the previous one and the gaps are the holes in
 * the range they span.
 */
function gaps(ground: TestGround): number {
  const byApid = new Map<number, number[]>();
  for (const tm of ground.received) {
    const counts = byApid.get(tm.header.apid) ?? [];
    const previous = counts.at(-1);
    const delta = previous === undefined ? 0 : ((tm.header.sequenceCount - (previous % 16384) + 16384 + 8192) % 16384) - 8192;
    counts.push(previous === undefined ? tm.header.sequenceCount : previous + delta);
    byApid.set(tm.header.apid, counts);
  }
  let missing = 0;
  for (const counts of byApid.values()) missing += Math.max(...counts) - Math.min(...counts) + 1 - new Set(counts).size;
  return missing;
}

describe('store and forward', () => {
  it('holds telemetry through a link outage and forwards it with no gap', () => {
    const ground = new TestGround(testStack({ scenario: [{ atS: 20, kind: 'link-outage', durationS: 300 }] }));
    ground.run(30);
    const before = ground.received.length;
    ground.run(280);
    expect(ground.received.length).toBe(before);
    ground.run(120);
    expect(ground.received.length).toBeGreaterThan(before + 30);
    expect(gaps(ground)).toBe(0);
    expect(ground.last('telemetry_hk')).toMatchObject({ droppedReports: 0, droppedHousekeeping: 0, droppedBulk: 0 });
  });

  it('when an outage outlasts the queue, loses only what it counts as dropped', () => {
    const ground = new TestGround(testStack({ scenario: [{ atS: 10, kind: 'link-outage', durationS: 2400 }] }));
    ground.run(2);
    for (const subsystem of ['executive', 'commanding', 'telemetry', 'storage'])
      ground.send('param_set', { name: `telemetry.hkPeriodS.${subsystem}`, value: 1 });
    ground.run(2700);
    const hk = ground.last('telemetry_hk')!;
    const dropped = (hk.droppedReports as number) + (hk.droppedHousekeeping as number) + (hk.droppedBulk as number);
    expect(dropped).toBeGreaterThan(0);
    expect(gaps(ground)).toBe(dropped);
  });

  it('a reset takes what waits in the queue: counted at the next boot, seen on the ground as that many missing counts', () => {
    const ground = new TestGround(
      testStack({
        scenario: [
          { atS: 10, kind: 'link-outage', durationS: 200 },
          { atS: 100, kind: 'obc-hang', durationS: 30 },
        ],
      }),
    );
    ground.run(99);
    const waiting = ground.stack.fsw.executive.downlink.queuedTotal;
    expect(waiting).toBeGreaterThan(10);
    ground.run(250);
    expect(ground.stack.starts).toBe(2);
    const lost = ground.events('boot').at(-1)!.data.downlinkLost as number;
    // The queue as it was at the last tick before the hang (it grew between 99 s and 100 s).
    expect(lost).toBeGreaterThanOrEqual(waiting);
    expect(ground.last('telemetry_hk')).toMatchObject({ lostAtResets: lost, droppedReports: 0, droppedHousekeeping: 0, droppedBulk: 0 });
    // The numbering went on across the reset, so the loss is a gap of exactly that size.
    expect(gaps(ground)).toBe(lost);
  });

  it('sends only in contact with a ground station, at the link rate', () => {
    const config = spacecraftConfig({ link: { ...DEFAULT_LINK_PARAMS, lossProbability: 0 } });
    const ground = new TestGround(testStack({ config, keys: TEST_LINK_KEYS }));
    const [first] = contactWindows(config.orbit, config.station, 0, 20_000);
    let bytesOutOfContact = 0;
    let bytesInContact = 0;
    // Frames arrive one light-time (a few ms) after they leave: allow a tick after LOS.
    while (ground.stack.timeS < first!.losS + 120) {
      ground.stack.tick();
      const bytes = ground.stack.takeDownlinkFrames().reduce((sum, frame) => sum + frame.length, 0);
      if (ground.stack.timeS < first!.aosS || ground.stack.timeS > first!.losS + 0.2) bytesOutOfContact += bytes;
      else bytesInContact += bytes;
    }
    expect(bytesOutOfContact).toBe(0);
    expect(bytesInContact).toBeGreaterThan(0);
    // Everything stored since t = 0 went down in the pass, within its rate.
    expect(bytesInContact).toBeLessThanOrEqual((config.link.downlinkBps / 8) * (first!.losS - first!.aosS + 1));
    expect(ground.stack.fsw.executive.downlink.queued('housekeeping')).toBeGreaterThan(0);
  });
});

describe('events', () => {
  it('throttles an event that repeats and reports how many it suppressed', () => {
    const ground = new TestGround(testStack());
    ground.run(1);
    for (let token = 1; token <= 25; token++) ground.send('ping', { token });
    ground.run(70);
    expect(ground.events('pong')).toHaveLength(10);
    expect(ground.events('events_suppressed').map((event) => event.data)).toEqual([{ event: 'pong', count: 15 }]);
    expect(ground.last('telemetry_hk')?.eventsSuppressed).toBe(15);
  });

  it('sends the event log again on request', () => {
    const ground = new TestGround(testStack());
    ground.run(1);
    ground.send('ping', { token: 77 });
    ground.run(1);
    ground.send('dump_event_log', { count: 2 });
    ground.run(2);
    expect(ground.events('pong').map((event) => event.data.token)).toEqual([77, 77]);
  });
});
