import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { FileNvm, MemoryNvm } from '../../../fsw/storage/nvm.js';
import { RecordStore, type RecordLayout } from '../../../fsw/storage/records.js';
import { SLOT_OVERHEAD_BYTES, recordTag } from '../../../fsw/storage/slot-format.js';

const LAYOUT: RecordLayout = [
  { id: 'alpha', slotBytes: 64 },
  { id: 'beta', slotBytes: 32 },
];

function bytes(...values: number[]): Uint8Array {
  return new Uint8Array(values);
}

function fresh(image?: Uint8Array): { nvm: MemoryNvm; store: RecordStore } {
  const nvm = new MemoryNvm(image ?? new Uint8Array(256));
  return { nvm, store: new RecordStore(nvm, LAYOUT) };
}

describe('record store', () => {
  it('places records one after the other, slot A then slot B', () => {
    const { store } = fresh();
    expect(store.allPlacements()).toEqual([
      { id: 'alpha', tag: recordTag('alpha'), slotBytes: 64, slotAOffsetBytes: 0, slotBOffsetBytes: 64, payloadBytesMax: 64 - SLOT_OVERHEAD_BYTES },
      { id: 'beta', tag: recordTag('beta'), slotBytes: 32, slotAOffsetBytes: 128, slotBOffsetBytes: 160, payloadBytesMax: 32 - SLOT_OVERHEAD_BYTES },
    ]);
  });

  it('reads null for a record never written, then the latest payload, alternating slots with rising versions', () => {
    const { nvm, store } = fresh();
    expect(store.read('alpha')).toEqual({ ok: true, value: null });
    expect(store.slotStates('alpha')).toEqual({ ok: true, value: { a: { state: 'empty' }, b: { state: 'empty' } } });
    for (let n = 1; n <= 5; n++) {
      expect(store.write('alpha', bytes(n, n, n))).toEqual({ ok: true, value: undefined });
      expect(store.read('alpha')).toEqual({ ok: true, value: bytes(n, n, n) });
      // After a restart too.
      expect(new RecordStore(new MemoryNvm(nvm.image), LAYOUT).read('alpha')).toEqual({ ok: true, value: bytes(n, n, n) });
    }
    const states = store.slotStates('alpha');
    expect(states).toEqual({
      ok: true,
      value: { a: { state: 'valid', version: 5, payloadBytes: 3 }, b: { state: 'valid', version: 4, payloadBytes: 3 } },
    });
    expect(store.read('beta')).toEqual({ ok: true, value: null });
    expect(store.counters()).toEqual({ writes: 5, writeFailures: 0, corruptSlotsSeen: 0 });
  });

  it('writes the byte layout of the README: magic, tag, version, length, payload, CRC-32', () => {
    const { nvm, store } = fresh();
    store.write('beta', bytes(0xaa, 0xbb));
    const slot = nvm.image.subarray(128, 128 + 20);
    const view = new DataView(slot.buffer, slot.byteOffset, slot.length);
    expect(new TextDecoder().decode(slot.subarray(0, 4))).toBe('ORB1');
    expect(view.getUint16(4)).toBe(recordTag('beta'));
    expect(view.getUint32(6)).toBe(1);
    expect(view.getUint32(10)).toBe(2);
    expect([...slot.subarray(14, 16)]).toEqual([0xaa, 0xbb]);
    // Check value: zlib's CRC-32 of the 16 bytes before it.
    expect(view.getUint32(16)).toBe(Number.parseInt(crcHex(slot.subarray(0, 16)), 16));
    expect(nvm.image.subarray(148, 160).every((b) => b === 0)).toBe(true);
  });

  it('refuses a payload that does not fit, with the sizes, and keeps the old value', () => {
    const { store } = fresh();
    expect(store.write('beta', bytes(1)).ok).toBe(true);
    const result = store.write('beta', new Uint8Array(15));
    expect(result.ok || result.error).toBe('record "beta" holds at most 14 payload bytes, the payload is 15 bytes');
    expect(store.write('beta', new Uint8Array(14)).ok).toBe(true);
    expect(store.write('beta', new Uint8Array(0)).ok).toBe(true);
    expect(store.read('beta')).toEqual({ ok: true, value: new Uint8Array(0) });
    expect(store.counters()).toEqual({ writes: 3, writeFailures: 1, corruptSlotsSeen: 0 });
  });

  it('falls back to the other slot when any single byte of the newest slot is flipped', () => {
    const base = fresh();
    base.store.write('alpha', bytes(1, 1, 1, 1));
    base.store.write('alpha', bytes(2, 2, 2, 2, 2)); // version 2, in slot B at 64
    const imageBytes = SLOT_OVERHEAD_BYTES + 5;
    for (let at = 0; at < imageBytes; at++) {
      for (const mask of [0x01, 0x80, 0xff]) {
        const image = base.nvm.image.slice();
        image[64 + at]! ^= mask;
        const { store } = fresh(image);
        expect(store.read('alpha')).toEqual({ ok: true, value: bytes(1, 1, 1, 1) });
        expect(store.counters().corruptSlotsSeen).toBe(1);
        const states = store.slotStates('alpha');
        expect(states.ok && states.value.b.state).toBe('corrupt');
        // The next write replaces the corrupt slot with version 2 and keeps slot A.
        expect(store.write('alpha', bytes(3))).toEqual({ ok: true, value: undefined });
        expect(store.slotStates('alpha')).toEqual({
          ok: true,
          value: { a: { state: 'valid', version: 1, payloadBytes: 4 }, b: { state: 'valid', version: 2, payloadBytes: 1 } },
        });
      }
    }
  });

  it('reads null when both slots are corrupt, and counts both', () => {
    const { nvm, store } = fresh();
    store.write('alpha', bytes(1, 2));
    store.write('alpha', bytes(3, 4));
    nvm.image[0 + 15]! ^= 0x10; // payload of slot A
    nvm.image[64 + 17]! ^= 0x01; // CRC of slot B
    expect(store.read('alpha')).toEqual({ ok: true, value: null });
    expect(store.counters().corruptSlotsSeen).toBe(2);
    const states = store.slotStates('alpha');
    expect(states).toEqual({ ok: true, value: { a: { state: 'corrupt', reason: 'CRC-32 mismatch' }, b: { state: 'corrupt', reason: 'CRC-32 mismatch' } } });
    expect(store.counters().corruptSlotsSeen).toBe(2); // slotStates inspects without counting
    expect(store.write('alpha', bytes(9)).ok).toBe(true);
    expect(store.read('alpha')).toEqual({ ok: true, value: bytes(9) });
  });

  it('treats a slot of another record (a changed layout) as corrupt', () => {
    const { nvm, store } = fresh();
    store.write('alpha', bytes(5));
    const renamed = new RecordStore(new MemoryNvm(nvm.image), [{ id: 'gamma', slotBytes: 64 }]);
    expect(renamed.read('gamma')).toEqual({ ok: true, value: null });
    const states = renamed.slotStates('gamma');
    expect(states.ok && states.value.a).toEqual({
      state: 'corrupt',
      reason: `record tag 0x${recordTag('alpha').toString(16).padStart(4, '0')} is not this record's 0x${recordTag('gamma').toString(16).padStart(4, '0')} (the layout changed?)`,
    });
  });

  it('throws on an unknown id, a layout that does not fit and an invalid layout', () => {
    const { store } = fresh();
    expect(() => store.read('nope')).toThrow('record "nope" is not in the layout');
    expect(() => store.write('nope', bytes())).toThrow(/not in the layout/);
    expect(() => new RecordStore(new MemoryNvm(191), LAYOUT)).toThrow('record layout needs 192 bytes, the NVM device has 191');
    expect(() => new RecordStore(new MemoryNvm(192), LAYOUT)).not.toThrow();
    expect(
      () =>
        new RecordStore(new MemoryNvm(999), [
          { id: 'a', slotBytes: 10 },
          { id: 'a', slotBytes: 10 },
        ]),
    ).toThrow(/slot size must be/);
    expect(
      () =>
        new RecordStore(new MemoryNvm(999), [
          { id: 'a', slotBytes: 20 },
          { id: 'a', slotBytes: 20 },
        ]),
    ).toThrow(/appears twice/);
    expect(() => new RecordStore(new MemoryNvm(999), [{ id: '', slotBytes: 20 }])).toThrow(/must be 1 to 64 characters/);
    expect(
      () =>
        new RecordStore(
          new MemoryNvm(99999),
          Array.from({ length: 257 }, (_, i) => ({ id: `r${i}`, slotBytes: 18 })),
        ),
    ).toThrow(/at most 256/);
  });

  it('reports a device failure as a typed result and keeps the old value', () => {
    const nvm = new MemoryNvm(256);
    const store = new RecordStore(nvm, LAYOUT);
    store.write('beta', bytes(4));
    let failing = false;
    const flaky = new RecordStore(
      {
        sizeBytes: 256,
        read: (o, l) => {
          if (failing) throw new Error('EIO');
          return nvm.read(o, l);
        },
        write: (o, b) => {
          if (failing) throw new Error('EIO');
          nvm.write(o, b);
        },
        sync: () => nvm.sync(),
        get epoch() {
          return nvm.epoch;
        },
      },
      LAYOUT,
    );
    failing = true;
    const read = flaky.read('beta');
    expect(read.ok || read.error).toBe('NVM read of record "beta" failed: EIO');
    const write = flaky.write('beta', bytes(5));
    expect(write.ok || write.error).toMatch(/record "beta" was not written: NVM read .* failed: EIO/);
    expect(flaky.counters().writeFailures).toBe(1);
    expect(store.read('beta')).toEqual({ ok: true, value: bytes(4) });
  });

  it('stores plain objects as CBOR and refuses what is not a readable value', () => {
    const { store } = fresh(new Uint8Array(1024));
    const big = new RecordStore(new MemoryNvm(2048), [{ id: 'v', slotBytes: 1024 }]);
    const value = { name: 'node-1', count: 42, ratio: 0.25, flags: [true, false], raw: bytes(1, 2, 3), nested: { deep: { x: -7 } }, none: null };
    expect(big.readValue('v')).toEqual({ ok: true, value: null });
    expect(big.writeValue('v', value)).toEqual({ ok: true, value: undefined });
    expect(big.readValue('v')).toEqual({ ok: true, value });
    // Not a CBOR map: a typed failure naming the record.
    expect(store.write('alpha', bytes(0x01)).ok).toBe(true);
    const read = store.readValue('alpha');
    expect(read.ok || read.error).toMatch(/^record "alpha" does not hold a readable value: user data must be one CBOR map/);
    // A value cbor-x encodes with a tag would not read back: refused before writing.
    const refused = big.writeValue('v', { when: new Date(0) });
    expect(refused.ok || refused.error).toMatch(/^record "v" value would not read back/);
    expect(big.readValue('v')).toEqual({ ok: true, value });
    // Too large for the slot.
    const tooLarge = store.writeValue('beta', { text: 'x'.repeat(40) });
    expect(tooLarge.ok || tooLarge.error).toMatch(/holds at most 14 payload bytes/);
  });

  it('keeps records in a file across reopening (hardware in the loop)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fsw-records-'));
    try {
      const file = path.join(dir, 'nvm.bin');
      const first = FileNvm.open(file, 256);
      if (!first.ok) throw new Error(first.error);
      const store = new RecordStore(first.value, LAYOUT);
      expect(store.writeValue('alpha', { boots: 3 }).ok).toBe(true);
      expect(store.writeValue('alpha', { boots: 4 }).ok).toBe(true);
      first.value.close();
      const second = FileNvm.open(file, 256);
      if (!second.ok) throw new Error(second.error);
      expect(new RecordStore(second.value, LAYOUT).readValue('alpha')).toEqual({ ok: true, value: { boots: 4 } });
      second.value.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  const layoutArb = fc.uniqueArray(
    fc.record({ id: fc.string({ minLength: 1, maxLength: 12 }), slotBytes: fc.integer({ min: SLOT_OVERHEAD_BYTES, max: 80 }) }),
    {
      minLength: 1,
      maxLength: 10,
      selector: (def) => def.id,
    },
  );
  test.prop([layoutArb, fc.nat({ max: 50 })])(
    'records never overlap: each slot lies in the device, apart from every other, and full writes of all keep each',
    (layout, spareBytes) => {
      const needBytes = layout.reduce((sum, def) => sum + 2 * def.slotBytes, 0);
      const nvm = new MemoryNvm(needBytes + spareBytes);
      const store = new RecordStore(nvm, layout);
      const slots = store.allPlacements().flatMap((p): [number, number][] => [
        [p.slotAOffsetBytes, p.slotAOffsetBytes + p.slotBytes],
        [p.slotBOffsetBytes, p.slotBOffsetBytes + p.slotBytes],
      ]);
      for (const [i, [start, end]] of slots.entries()) {
        expect(start).toBeGreaterThanOrEqual(0);
        expect(end).toBeLessThanOrEqual(nvm.sizeBytes);
        for (const [otherStart, otherEnd] of slots.slice(i + 1)) expect(end <= otherStart || otherEnd <= start).toBe(true);
      }
      // Each record filled twice (both slots) with its own byte, then all read back.
      for (const round of [0, 1]) {
        for (const [i, p] of store.allPlacements().entries()) expect(store.write(p.id, new Uint8Array(p.payloadBytesMax).fill(i * 2 + round)).ok).toBe(true);
      }
      for (const [i, p] of store.allPlacements().entries())
        expect(store.read(p.id)).toEqual({ ok: true, value: new Uint8Array(p.payloadBytesMax).fill(i * 2 + 1) });
      expect(store.counters().corruptSlotsSeen).toBe(0);
    },
  );
});

function crcHex(data: Uint8Array): string {
  let crc = 0xffffffff;
  for (const byte of data) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return ((crc ^ 0xffffffff) >>> 0).toString(16);
}
