/**
 * Packets through the TM framer and deframer: unchanged and in order per
 * virtual channel, free to span frames; with frames lost, exactly the packets
 * that touched no lost frame arrive, and the losses are counted.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SPACECRAFT_ID, TmDeframer, TmFramer, idlePacket, toHex } from '../../../protocol/index.js';
import { TEST_TM_KEYS, TEST_TM_SIGNING } from '../../helpers/packets.js';
import { arbitraryPacket, rawPacket } from './arbitraries.js';

interface Sent {
  readonly vcid: number;
  readonly bytes: Uint8Array;
  /** The frames (indexes into the frame list) it touched. */
  readonly frames: number[];
  ended: boolean;
}

/** Frames built by offering `take` packets to channel `vcid`, step by step; which packets touched which frames. */
function fly(frameBytes: number, steps: readonly { vcid: number; packets: Uint8Array[] }[]) {
  const framer = new TmFramer({ spacecraftId: DEFAULT_SPACECRAFT_ID, frameBytes, signing: TEST_TM_SIGNING });
  const sent: Sent[] = [];
  const carry = new Map<number, Sent>();
  const frames: { vcid: number; bytes: Uint8Array }[] = [];
  for (const step of steps) {
    const queue = [...step.packets];
    do {
      const index = frames.length;
      const touched: Sent[] = [];
      const carried = carry.get(step.vcid);
      if (carried) touched.push(carried);
      const built = framer.frame(step.vcid, () => {
        const bytes = queue.shift();
        if (bytes === undefined) return undefined;
        const packet: Sent = { vcid: step.vcid, bytes, frames: [], ended: false };
        sent.push(packet);
        touched.push(packet);
        return bytes;
      });
      for (const packet of touched) packet.frames.push(index);
      touched.slice(0, built.packetsEnded).forEach((packet) => {
        packet.ended = true;
      });
      if (built.packetsEnded < touched.length) carry.set(step.vcid, touched.at(-1)!);
      else carry.delete(step.vcid);
      frames.push({ vcid: step.vcid, bytes: built.bytes });
    } while (queue.length > 0);
  }
  return { sent, frames };
}

/** Order holds within a channel, not across channels: "vcid hex" lines, stably sorted by channel. */
const byChannel = (lines: readonly string[]) => [...lines].sort((a, b) => Number(a.split(' ')[0]) - Number(b.split(' ')[0]));

const arbitrarySteps = fc.array(fc.record({ vcid: fc.constantFrom(0, 1, 2), packets: fc.array(arbitraryPacket(1500), { maxLength: 5 }) }), {
  minLength: 1,
  maxLength: 30,
});

describe('TM framing and deframing', () => {
  test.prop([arbitrarySteps, fc.integer({ min: 48, max: 1115 })])(
    'every packet arrives unchanged and in order per channel, whatever the frame length',
    (steps, frameBytes) => {
      const { sent, frames } = fly(frameBytes, steps);
      const deframer = new TmDeframer({ spacecraftId: DEFAULT_SPACECRAFT_ID, frameBytes, keys: TEST_TM_KEYS });
      const received: string[] = [];
      for (const frame of frames) {
        const result = deframer.accept(frame.bytes);
        if (!result.ok) throw new Error(result.detail);
        received.push(...result.packets.map((packet) => `${frame.vcid} ${toHex(packet)}`));
      }
      expect(byChannel(received)).toEqual(byChannel(sent.filter((packet) => packet.ended).map((packet) => `${packet.vcid} ${toHex(packet.bytes)}`)));
      for (const vcid of [0, 1, 2]) expect(deframer.channel(vcid)).toMatchObject({ framesLost: 0, packetsCut: 0 });
    },
  );

  test.prop([arbitrarySteps, fc.integer({ min: 48, max: 600 }), fc.array(fc.boolean(), { minLength: 200, maxLength: 200 })])(
    'with frames lost, exactly the packets that touched no lost frame arrive, and the lost frames are counted per channel',
    (steps, frameBytes, keep) => {
      const { sent, frames } = fly(frameBytes, steps);
      const lost = new Set(frames.map((_, index) => index).filter((index) => !(keep[index % keep.length] ?? true)));
      const deframer = new TmDeframer({ spacecraftId: DEFAULT_SPACECRAFT_ID, frameBytes, keys: TEST_TM_KEYS });
      const received: string[] = [];
      frames.forEach((frame, index) => {
        if (lost.has(index)) return;
        const result = deframer.accept(frame.bytes);
        if (!result.ok) throw new Error(result.detail);
        received.push(...result.packets.map((packet) => `${frame.vcid} ${toHex(packet)}`));
      });
      const expected = sent.filter((packet) => packet.ended && packet.frames.every((index) => !lost.has(index)));
      expect(byChannel(received)).toEqual(byChannel(expected.map((packet) => `${packet.vcid} ${toHex(packet.bytes)}`)));
      for (const vcid of [0, 1, 2]) {
        const indexes = frames.map((frame, index) => (frame.vcid === vcid ? index : -1)).filter((index) => index >= 0);
        const lastKept = indexes.filter((index) => !lost.has(index)).at(-1) ?? -1;
        const firstKept = indexes.find((index) => !lost.has(index)) ?? -1;
        const detectable = indexes.filter((index) => lost.has(index) && index > firstKept && index < lastKept).length;
        if (detectable < 256) expect(deframer.channel(vcid).framesLost).toBe(detectable);
        const cutSomething = sent.some((packet) => packet.vcid === vcid && packet.frames.some((index) => lost.has(index)));
        if (!cutSomething) expect(deframer.channel(vcid).packetsCut).toBe(0);
      }
    },
  );

  it('fills a field left short of the smallest idle packet with an idle packet that continues in the next frame, which the receiver drops', () => {
    const frameBytes = 100; // a data field of 66 octets
    const framer = new TmFramer({ spacecraftId: DEFAULT_SPACECRAFT_ID, frameBytes, signing: TEST_TM_SIGNING });
    const deframer = new TmDeframer({ spacecraftId: DEFAULT_SPACECRAFT_ID, frameBytes, keys: TEST_TM_KEYS });
    const first = [rawPacket(0x010, 63, 1)];
    const a = framer.frame(0, () => first.shift());
    const second = [rawPacket(0x020, 20, 2)];
    const b = framer.frame(0, () => second.shift());
    expect(toHex(a.bytes.subarray(4, 6))).toBe('1800'); // first header pointer 0
    expect(toHex(b.bytes.subarray(4, 6))).toBe('1804'); // the idle packet's last 4 octets come first
    const out = [a, b].flatMap((frame) => {
      const result = deframer.accept(frame.bytes);
      return result.ok ? result.packets.map(toHex) : [result.detail];
    });
    expect(out).toEqual([toHex(rawPacket(0x010, 63, 1)), toHex(rawPacket(0x020, 20, 2))]);
    expect(toHex(idlePacket(7))).toBe('07ffc000000055');
  });

  it('drops only-idle-data frames', () => {
    const framer = new TmFramer({ spacecraftId: DEFAULT_SPACECRAFT_ID, frameBytes: 100, signing: TEST_TM_SIGNING });
    const deframer = new TmDeframer({ spacecraftId: DEFAULT_SPACECRAFT_ID, frameBytes: 100, keys: TEST_TM_KEYS });
    const idle = framer.idleFrame();
    expect(toHex(idle.bytes.subarray(0, 6))).toBe('0a5e00001ffe');
    expect(deframer.accept(idle.bytes)).toMatchObject({ ok: true, packets: [] });
  });

  it('goes on numbering after a restore (counts and the SDLS sequence number)', () => {
    const a = new TmFramer({ spacecraftId: DEFAULT_SPACECRAFT_ID, frameBytes: 100, signing: TEST_TM_SIGNING });
    a.frame(2, () => undefined);
    a.frame(2, () => undefined);
    const b = new TmFramer({ spacecraftId: DEFAULT_SPACECRAFT_ID, frameBytes: 100, signing: TEST_TM_SIGNING });
    b.restore(a.state());
    const frame = b.frame(2, () => undefined).bytes;
    expect([frame[2], frame[3], new DataView(frame.buffer).getBigUint64(8)]).toEqual([2, 2, 3n]);
    expect(() => b.restore(a.state())).toThrow(/after 1 frames/);
  });
});
