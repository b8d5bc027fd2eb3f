import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { TelemetryIntake } from '../../../ground/link/telemetry-intake.js';
import { crc16, encodeTelemetry } from '../../../protocol/index.js';
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

describe('telemetry intake: authentication and repeats', () => {
  const pong = (sequenceCount: number, timeS: number, token: number, signing = TEST_TM_SIGNING) =>
    encodeTelemetry({ apid: 0x010, sequenceCount, timeS, id: 0x0182, data: { token } }, signing);

  it('rejects a forged packet with a valid CRC (wrong MAC) and one signed with an unknown key, counting them by reason', () => {
    const intake = new TelemetryIntake(dictionary, TEST_TM_KEYS);
    const forged = sampleTmBytes();
    forged[30]! ^= 0x40;
    new DataView(forged.buffer).setUint16(forged.length - 2, crc16(forged, 0, forged.length - 2));
    expect(intake.take(forged)).toMatchObject({ kind: 'rejected', reason: 'bad-mac' });
    expect(intake.take(sampleTmBytes({}, { keyId: 2, key: OTHER_KEY }))).toMatchObject({ kind: 'rejected', reason: 'bad-mac' });
    expect(intake.take(sampleTmBytes({}, { keyId: 7, key: OTHER_KEY }))).toMatchObject({ kind: 'rejected', reason: 'unknown-key' });
    expect(intake.counters).toMatchObject({ received: 0, rejected: { 'bad-mac': 2, 'unknown-key': 1 }, missing: 0 });
  });

  it('rejects everything, as unknown-key, while the ground has no downlink keys', () => {
    const intake = new TelemetryIntake(dictionary, () => ({ ok: false, error: 'key file x does not exist' }));
    expect(intake.take(sampleTmBytes())).toMatchObject({ kind: 'rejected', reason: 'unknown-key' });
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
