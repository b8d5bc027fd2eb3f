import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { TelemetryIntake } from '../../../ground/link/telemetry-intake.js';
import { dictionary, sampleTmBytes } from '../../helpers/packets.js';

describe('telemetry intake: missing packets per APID', () => {
  // The spacecraft numbers packets when it queues them and sends reports before
  // housekeeping, so within one APID a packet may arrive after later ones.
  test.prop([
    fc.integer({ min: 0, max: 16383 }),
    fc.array(fc.record({ lost: fc.boolean(), overtaken: fc.boolean() }), { minLength: 2, maxLength: 300 }),
  ])('counts as missing exactly the packets that never arrived, across overtaking and the 14-bit wrap', (firstCount, packets) => {
    const intake = new TelemetryIntake(dictionary);
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
  });

  it('counts nothing missing when an event overtakes the first housekeeping at boot; a sender that lost its counts is seen once as a gap', () => {
    const intake = new TelemetryIntake(dictionary);
    for (const count of [1, 0, 2, 3]) intake.take(sampleTmBytes({ sequenceCount: count }));
    expect(intake.counters.missing).toBe(0);
    // A sender that lost its NVM starts again from 0, far behind: late packets, nothing more missing.
    for (const count of [500, 501, 0, 1, 2]) intake.take(sampleTmBytes({ sequenceCount: count }));
    expect(intake.counters.missing).toBe(496); // 4..499 never came
  });

  it('takes back missing counts when reports overtake thousands of queued housekeeping packets after an outage', () => {
    const intake = new TelemetryIntake(dictionary);
    for (let count = 0; count < 100; count++) intake.take(sampleTmBytes({ sequenceCount: count }));
    // After the outage the queued reports (6000..6009) go first, then the housekeeping of the outage (100..5999).
    for (let count = 6000; count < 6010; count++) intake.take(sampleTmBytes({ sequenceCount: count }));
    expect(intake.counters.missing).toBe(5900);
    for (let count = 100; count < 6000; count++) if (count !== 4321) intake.take(sampleTmBytes({ sequenceCount: count }));
    expect(intake.counters.missing).toBe(1);
  });
});
