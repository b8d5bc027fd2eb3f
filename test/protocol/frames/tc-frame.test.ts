import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SPACECRAFT_ID,
  TC_FRAME_DATA_MAX,
  TC_SEGMENT,
  TcDeframer,
  TcFramer,
  decodeTcFrame,
  encodeTcFrame,
  toHex,
  type TcFrame,
} from '../../../protocol/index.js';
import { arbitraryPacket, flipBit, rawPacket } from './arbitraries.js';

const expectation = { spacecraftId: DEFAULT_SPACECRAFT_ID, vcids: [0] };
const sample = (overrides: Partial<TcFrame> = {}): TcFrame => ({
  spacecraftId: DEFAULT_SPACECRAFT_ID,
  vcid: 0,
  sequenceNumber: 3,
  segmentFlags: TC_SEGMENT.whole,
  mapId: 0,
  data: rawPacket(0x010, 43, 1),
  ...overrides,
});

describe('TC Transfer Frame (CCSDS 232.0-B-4)', () => {
  it('lays out the primary header, segment header and FECF as CCSDS 232.0-B does', () => {
    const bytes = encodeTcFrame(sample({ spacecraftId: 0x3ff, vcid: 0x3f, sequenceNumber: 0xfe }));
    // version 00, bypass 1, control 0, spare 00, SCID 0x3ff; VCID 0x3f, length 43 + 8 - 1 = 50; N(S) 0xfe; segment 11 MAP 0.
    expect(toHex(bytes.subarray(0, 6))).toBe('23fffc32fec0');
    expect(bytes.length).toBe(51);
  });

  test.prop([
    fc.integer({ min: 0, max: 0x3ff }),
    fc.integer({ min: 0, max: 0x3f }),
    fc.nat(0xff),
    fc.constantFrom(0, 1, 2, 3),
    fc.uint8Array({ minLength: 1, maxLength: TC_FRAME_DATA_MAX }),
  ])('round-trips every field', (spacecraftId, vcid, sequenceNumber, segmentFlags, data) => {
    const frame = sample({ spacecraftId, vcid, sequenceNumber, segmentFlags: segmentFlags as TcFrame['segmentFlags'], data });
    const decoded = decodeTcFrame(encodeTcFrame(frame), { spacecraftId, vcids: [vcid] });
    expect(decoded).toEqual({ ok: true, value: frame });
  });

  it('refuses every single-bit flip of a valid frame', () => {
    const bytes = encodeTcFrame(sample());
    for (let bit = 0; bit < bytes.length * 8; bit++) {
      const result = decodeTcFrame(flipBit(bytes, bit), expectation);
      if (result.ok) throw new Error(`bit ${bit} flipped was accepted`);
    }
  });

  it('refuses a frame for another spacecraft, another channel, a type-A frame and a control command, with a clear reason', () => {
    expect(decodeTcFrame(encodeTcFrame(sample({ spacecraftId: 0x0a6 })), expectation)).toMatchObject({ ok: false, reason: 'wrong-spacecraft' });
    expect(decodeTcFrame(encodeTcFrame(sample({ vcid: 5 })), expectation)).toMatchObject({ ok: false, reason: 'unknown-vc' });
    const typeA = encodeTcFrame(sample());
    typeA[0]! &= ~0x20;
    expect(decodeTcFrame(typeA, expectation)).toMatchObject({ ok: false, reason: 'bad-header', detail: expect.stringContaining('COP-1') });
  });

  test.prop([fc.uint8Array({ maxLength: 1100 })])('random bytes never throw and are refused', (bytes) => {
    expect(decodeTcFrame(bytes, expectation).ok).toBe(false);
  });

  test.prop([fc.nat()])('every truncation is refused', (cut) => {
    const bytes = encodeTcFrame(sample());
    expect(decodeTcFrame(bytes.subarray(0, cut % bytes.length), expectation)).toMatchObject({ ok: false });
  });
});

describe('TC framing and deframing', () => {
  test.prop([fc.array(arbitraryPacket(), { minLength: 1, maxLength: 12 })])(
    'packets survive framing, blocked or in segments, unchanged and in order',
    (packets) => {
      const framer = new TcFramer({ spacecraftId: DEFAULT_SPACECRAFT_ID });
      const deframer = new TcDeframer(DEFAULT_SPACECRAFT_ID);
      const frames = framer.frames(packets);
      const out: Uint8Array[] = [];
      for (const frame of frames) {
        expect(frame.length).toBeLessThanOrEqual(1024);
        const result = deframer.accept(frame);
        if (!result.ok) throw new Error(result.detail);
        out.push(...result.value);
      }
      expect(out.map(toHex)).toEqual(packets.map(toHex));
    },
  );

  it('discards a segmented packet that lost a segment, counts it, and takes the next one', () => {
    const framer = new TcFramer({ spacecraftId: DEFAULT_SPACECRAFT_ID });
    const deframer = new TcDeframer(DEFAULT_SPACECRAFT_ID);
    const long = rawPacket(0x050, 2500, 9);
    const frames = framer.frames([long]);
    expect(frames).toHaveLength(3);
    const outcomes = [frames[0]!, frames[2]!].map((frame) => deframer.accept(frame));
    expect(outcomes.map((outcome) => outcome.ok && outcome.value.length)).toEqual([0, 0]);
    expect(deframer.counters.segmentsDiscarded).toBe(1);
    const next = deframer.accept(framer.frames([rawPacket(0x010, 50, 2)])[0]!);
    expect(next.ok && next.value.length).toBe(1);
  });

  it('counts a packet whose first segment was lost once, however many of its segments follow', () => {
    const framer = new TcFramer({ spacecraftId: DEFAULT_SPACECRAFT_ID });
    const deframer = new TcDeframer(DEFAULT_SPACECRAFT_ID);
    const frames = framer.frames([rawPacket(0x050, 4000, 9)]);
    expect(frames.length).toBeGreaterThanOrEqual(4);
    const outcomes = frames.slice(1).map((frame) => deframer.accept(frame));
    expect(outcomes.every((outcome) => outcome.ok && outcome.value.length === 0)).toBe(true);
    expect(deframer.counters.segmentsDiscarded).toBe(1);
    const next = deframer.accept(framer.frames([rawPacket(0x010, 50, 2)])[0]!);
    expect(next.ok && next.value.length).toBe(1);
  });

  it('refuses frames signed for another spacecraft id and counts nothing as accepted', () => {
    const frames = new TcFramer({ spacecraftId: 0x0a6 }).frames([rawPacket(0x010, 50, 2)]);
    const deframer = new TcDeframer(DEFAULT_SPACECRAFT_ID);
    expect(deframer.accept(frames[0]!)).toMatchObject({ ok: false, reason: 'wrong-spacecraft', detail: 'spacecraft id 0x0a6, this is 0x0a5' });
    expect(deframer.counters.frames).toBe(0);
  });
});
