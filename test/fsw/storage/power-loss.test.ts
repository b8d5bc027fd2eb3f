import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { MemoryNvm } from '../../../fsw/storage/nvm.js';
import { RecordStore, type RecordLayout } from '../../../fsw/storage/records.js';
import { SLOT_OVERHEAD_BYTES, encodeSlot, recordTag } from '../../../fsw/storage/slot-format.js';
import { PowerCutNvm } from './power-cut.js';

// Neighbours on both sides: a torn write must not reach them either.
const LAYOUT: RecordLayout = [
  { id: 'before', slotBytes: 40 },
  { id: 'subject', slotBytes: 96 },
  { id: 'after', slotBytes: 40 },
];
const DEVICE_BYTES = 2 * (40 + 96 + 40);
const PAYLOAD_BYTES_MAX = 96 - SLOT_OVERHEAD_BYTES;

function bytes(...values: number[]): Uint8Array {
  return new Uint8Array(values);
}

/** An image where "subject" was written with each of history in turn, and its neighbours once. */
function imageAfter(history: readonly Uint8Array[]): Uint8Array {
  const device = new MemoryNvm(DEVICE_BYTES);
  const store = new RecordStore(device, LAYOUT);
  expect(store.write('before', bytes(1, 2, 3)).ok).toBe(true);
  expect(store.write('after', bytes(7, 8, 9)).ok).toBe(true);
  for (const payload of history) expect(store.write('subject', payload).ok).toBe(true);
  return device.image;
}

/** Bytes that one complete write of payload sends to the device. */
function writeCostBytes(base: Uint8Array, payload: Uint8Array): number {
  const counter = new PowerCutNvm(new MemoryNvm(base.slice()), Infinity);
  expect(new RecordStore(counter, LAYOUT).write('subject', payload).ok).toBe(true);
  return counter.writtenBytes;
}

/** Writes payload with the power lost after budgetBytes; then boots a fresh store on what the NVM holds and reads. */
function cutAndReboot(base: Uint8Array, payload: Uint8Array, budgetBytes: number): { wrote: boolean; store: RecordStore; read: Uint8Array | null } {
  const image = base.slice();
  const wrote = new RecordStore(new PowerCutNvm(new MemoryNvm(image), budgetBytes), LAYOUT).write('subject', payload);
  const store = new RecordStore(new MemoryNvm(image), LAYOUT);
  const read = store.read('subject');
  if (!read.ok) throw new Error(read.error);
  return { wrote: wrote.ok, store, read: read.value };
}

/** For every budget k from 0 to the full write: old payload before the last byte, the new one at the end, neighbours intact, and the record still writable. */
function checkEveryCut(history: readonly Uint8Array[], payload: Uint8Array): number {
  const base = imageAfter(history);
  const old = history.length === 0 ? null : history[history.length - 1]!;
  const totalBytes = writeCostBytes(base, payload);
  // The slot image plus one invalidating byte written first.
  expect(totalBytes).toBe(SLOT_OVERHEAD_BYTES + payload.length + 1);
  for (let k = 0; k <= totalBytes; k++) {
    const { wrote, store, read } = cutAndReboot(base, payload, k);
    expect(wrote).toBe(k === totalBytes);
    expect(read).toEqual(k === totalBytes ? payload : old);
    expect(store.read('before')).toEqual({ ok: true, value: bytes(1, 2, 3) });
    expect(store.read('after')).toEqual({ ok: true, value: bytes(7, 8, 9) });
    const next = bytes(0xee, k & 0xff);
    expect(store.write('subject', next).ok).toBe(true);
    expect(store.read('subject')).toEqual({ ok: true, value: next });
  }
  return totalBytes;
}

describe('power loss in the middle of a write', () => {
  it('leaves nothing or the new value, for a first write cut after every byte count', () => {
    const total = checkEveryCut([], bytes(...Array.from({ length: 50 }, (_, i) => i * 5 + 3)));
    expect(total).toBe(SLOT_OVERHEAD_BYTES + 50 + 1);
  });

  it('leaves the old value or the new one, for an overwrite of each slot cut after every byte count', () => {
    const first = bytes(...Array.from({ length: 30 }, (_, i) => 0xa0 + i));
    const second = bytes(...Array.from({ length: 61 }, (_, i) => 255 - i));
    const third = bytes(...Array.from({ length: 12 }, (_, i) => i));
    checkEveryCut([first], second); // writes slot B over blank
    checkEveryCut([first, second], third); // writes slot A over an older version
    checkEveryCut([first, second, third], first); // slot B over an older, longer version
    checkEveryCut([first, first], first); // same payload again: only the version differs
  });

  it('leaves the old value or the new one when the payload is empty or fills the slot', () => {
    checkEveryCut([bytes(1)], new Uint8Array(0));
    checkEveryCut([new Uint8Array(0)], new Uint8Array(PAYLOAD_BYTES_MAX).fill(0x5a));
  });

  it('leaves the old value even when the bytes left over from before complete the new CRC', () => {
    // Payloads chosen so that a torn write missing only its last CRC byte would pass the CRC check
    // if it were judged by the CRC alone: the byte already there is the one the new CRC needs.
    const tag = recordTag('subject');
    const lastByte = (image: Uint8Array): number => image[image.length - 1]!;
    const find = (version: number, wanted: number, length: number): Uint8Array => {
      for (let seed = 0; seed < 1 << 16; seed++) {
        const candidate = new Uint8Array(length).fill(0x11);
        candidate[0] = seed & 0xff;
        candidate[1] = seed >>> 8;
        if (lastByte(encodeSlot(tag, version, candidate)) === wanted) return candidate;
      }
      throw new Error('no payload found');
    };
    // First write over blank NVM: the CRC's last byte must be 00.
    checkEveryCut([], find(1, 0x00, 20));
    // Overwrite of slot A (holding version 1) with version 3 of the same length: same last CRC byte as before.
    const first = bytes(...Array.from({ length: 20 }, (_, i) => i));
    const third = find(3, lastByte(encodeSlot(tag, 1, first)), 20);
    checkEveryCut([first, bytes(9, 9)], third);
  });

  const payload = fc.uint8Array({ minLength: 0, maxLength: PAYLOAD_BYTES_MAX });
  test.prop([fc.array(payload, { minLength: 0, maxLength: 4 }), payload, fc.nat()])(
    'a cut after a random byte count of a random write reads exactly the old or, when complete, the new payload',
    (history, next, cutSeed) => {
      const base = imageAfter(history);
      const old = history.length === 0 ? null : history[history.length - 1]!;
      const totalBytes = writeCostBytes(base, next);
      const k = cutSeed % (totalBytes + 1);
      const { wrote, read } = cutAndReboot(base, next, k);
      expect(wrote).toBe(k === totalBytes);
      expect(read).toEqual(k === totalBytes ? next : old);
    },
  );
});
