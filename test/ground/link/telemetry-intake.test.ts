import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { TelemetryIntake } from '../../../ground/link/telemetry-intake.js';
import { DEFAULT_SPACECRAFT_ID, TM_FRAME_BYTES, TmFramer, crc16, encodeTelemetry } from '../../../protocol/index.js';
import { OTHER_KEY, TEST_TM_KEYS, TEST_TM_SIGNING, dictionary, sampleTmBytes } from '../../helpers/packets.js';

describe('telemetry intake: missing packets per APID', () => {
  // The spacecraft numbers packets when it queues them and sends reports before
  // housekeeping, so within one APID a packet may arrive after later ones.
  test.prop([fc.integer({ min: 0, max: 16383 }), fc.array(fc.record({ lost: fc.boolean(), overtaken: fc.boolean() }), { minLength: 2, maxLength: 300 })])(
    'counts as missing exactly the packets that never arrived, across overtaking and the 14-bit wrap',
    (firstCount, packets) => {
      const intake = new TelemetryIntake(dictionary, TEST_TM_KEYS);
      const sent = packets.map((packet, i) => ({ ...packet, count: (firstCount + i) % 16384 }));
      // The first and last packets arrive (a gap is only seen between two arrivals); an overtaken
      // packet arrives right after its successor.
      const first = sent[0]!;
      const last = sent.at(-1)!;
      first.lost = false;
      last.lost = false;
      const order = sent.slice();
      for (let i = 1; i < order.length - 2; i++) {
        if (order[i]!.overtaken) [order[i], order[i + 1]] = [order[i + 1]!, order[i]!];
      }
      if (order[0] !== first) order.unshift(...order.splice(order.indexOf(first), 1));
      for (const packet of order) {
        if (packet.lost) continue;
        expect(intake.take(sampleTmBytes({ sequenceCount: packet.count })).kind).toBe('packet');
      }
      expect(intake.counters.missing).toBe(sent.filter((packet) => packet.lost).length);
    },
  );

  it('counts nothing missing when an event overtakes the first housekeeping at boot; a sender that lost its counts is seen once as a gap', () => {
    const intake = new TelemetryIntake(dictionary, TEST_TM_KEYS);
    for (const count of [1, 0, 2, 3]) intake.take(sampleTmBytes({ sequenceCount: count }));
    expect(intake.counters.missing).toBe(0);
    // A sender that lost its NVM starts again from 0, far behind: late packets, nothing more missing.
    for (const count of [500, 501, 0, 1, 2]) intake.take(sampleTmBytes({ sequenceCount: count }));
    expect(intake.counters.missing).toBe(496); // 4..499 never came
  });

  it('takes back missing counts when reports overtake thousands of queued housekeeping packets after an outage', () => {
    const intake = new TelemetryIntake(dictionary, TEST_TM_KEYS);
    for (let count = 0; count < 100; count++) intake.take(sampleTmBytes({ sequenceCount: count }));
    // After the outage the queued reports (6000..6009) go first, then the housekeeping of the outage (100..5999).
    for (let count = 6000; count < 6010; count++) intake.take(sampleTmBytes({ sequenceCount: count }));
    expect(intake.counters.missing).toBe(5900);
    for (let count = 100; count < 6000; count++) if (count !== 4321) intake.take(sampleTmBytes({ sequenceCount: count }));
    expect(intake.counters.missing).toBe(1);
  });
});

describe('telemetry intake: frames, authentication and repeats', () => {
  const pong = (sequenceCount: number, timeS: number, token: number) => encodeTelemetry({ apid: 0x010, sequenceCount, timeS, id: 0x0182, data: { token } });

  const framer = (signing = TEST_TM_SIGNING, spacecraftId = DEFAULT_SPACECRAFT_ID) => new TmFramer({ spacecraftId, frameBytes: TM_FRAME_BYTES, signing });
  const frameOf = (packets: Uint8Array[], from = framer(), vcid = 0) => from.frame(vcid, () => packets.shift()).bytes;

  it('refuses a forged frame with a valid FECF (wrong MAC), one signed with an unknown key, one for another spacecraft and a replayed one, counting them by reason', () => {
    const intake = new TelemetryIntake(dictionary, TEST_TM_KEYS);
    const forged = frameOf([sampleTmBytes()]);
    forged[30]! ^= 0x40;
    new DataView(forged.buffer).setUint16(forged.length - 2, crc16(forged, 0, forged.length - 2));
    expect(intake.takeFrame(forged)).toEqual([]);
    expect(intake.takeFrame(frameOf([sampleTmBytes()], framer({ keyId: 2, key: OTHER_KEY })))).toEqual([]);
    expect(intake.takeFrame(frameOf([sampleTmBytes()], framer({ keyId: 7, key: OTHER_KEY })))).toEqual([]);
    expect(intake.takeFrame(frameOf([sampleTmBytes()], framer(TEST_TM_SIGNING, 0x100)))).toEqual([]);
    const good = frameOf([sampleTmBytes()]);
    expect(intake.takeFrame(good).map(({ result }) => result.kind)).toEqual(['packet']);
    expect(intake.takeFrame(good)).toEqual([]);
    expect(intake.counters).toMatchObject({
      received: 1,
      frames: { received: 1, rejected: { 'bad-mac': 2, 'unknown-key': 1, 'wrong-spacecraft': 1, replay: 1 } },
    });
  });

  it('refuses every frame, as unknown-key, while the ground has no downlink keys', () => {
    const intake = new TelemetryIntake(dictionary, () => ({ ok: false, error: 'key file x does not exist' }));
    expect(intake.takeFrame(frameOf([sampleTmBytes()]))).toEqual([]);
    expect(intake.counters.frames.rejected).toEqual({ 'unknown-key': 1 });
  });

  it('counts lost frames per virtual channel from the frame counts, and the packets they cut', () => {
    const intake = new TelemetryIntake(dictionary, TEST_TM_KEYS);
    const from = framer();
    // Three housekeeping packets of 600 octets: the second spans frames 0 and 1, frame 1 is lost.
    const packets = [0, 1, 2].map((count) => sampleTmBytes({ sequenceCount: count }));
    const long = (count: number) => {
      const bytes = new Uint8Array(600);
      bytes.set(packets[count]!.subarray(0, 6));
      return bytes;
    };
    const queue = [long(0), long(1), long(2)];
    const frames = [from.frame(0, () => queue.shift()).bytes, from.frame(0, () => queue.shift()).bytes, from.frame(0, () => queue.shift()).bytes];
    intake.takeFrame(frames[0]!);
    intake.takeFrame(frames[2]!);
    intake.takeFrame(frameOf([sampleTmBytes({ sequenceCount: 9 })], from, 1));
    expect(intake.counters.frames).toMatchObject({ received: 3, lostByVc: { 0: 1, 1: 0 }, packetsCut: 1 });
  });

  it('takes a replayed packet (same APID, count and time) once, however long after, and a new packet with a reused count', () => {
    const intake = new TelemetryIntake(dictionary, TEST_TM_KEYS);
    const packets = Array.from({ length: 900 }, (_, i) => sampleTmBytes({ sequenceCount: i, timeS: 100 + i }));
    for (const packet of packets) expect(intake.take(packet).kind).toBe('packet');
    // 827 of them replayed: nothing taken twice, nothing counted missing.
    for (const packet of packets.slice(0, 827)) expect(intake.take(packet).kind).toBe('duplicate');
    expect(intake.counters).toMatchObject({ received: 900, duplicated: 827, missing: 0 });
    // The same count at another time (the next lap of the 14-bit count) is a new packet.
    expect(intake.take(sampleTmBytes({ sequenceCount: 5, timeS: 99_999 })).kind).toBe('packet');
  });

  it('recognises an event sent again (a new count, the same id, time and arguments) and keeps the counts whole', () => {
    const intake = new TelemetryIntake(dictionary, TEST_TM_KEYS);
    expect(intake.take(pong(0, 10, 1)).kind).toBe('packet');
    expect(intake.take(pong(1, 11, 2)).kind).toBe('packet');
    // dump_event_log: both again with new counts, plus one the ground had never received.
    expect(intake.take(pong(2, 10, 1)).kind).toBe('repeated-event');
    expect(intake.take(pong(3, 11, 2)).kind).toBe('repeated-event');
    expect(intake.take(pong(4, 9, 3)).kind).toBe('packet');
    // Another event at the same time with other arguments is another event.
    expect(intake.take(pong(5, 10, 4)).kind).toBe('packet');
    expect(intake.counters).toMatchObject({ received: 4, eventsRepeated: 2, duplicated: 0, missing: 0 });
  });

  it('knows again what an earlier run archived', () => {
    const intake = new TelemetryIntake(dictionary, TEST_TM_KEYS);
    const old = sampleTmBytes({ sequenceCount: 77, timeS: 500 });
    intake.remember(0x020, 77, 500);
    expect(intake.take(old).kind).toBe('duplicate');
    expect(intake.rememberEvent(pong(0, 10, 1))).toBe(true);
    expect(intake.take(pong(9, 10, 1)).kind).toBe('repeated-event');
  });
});
