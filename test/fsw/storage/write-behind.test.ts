import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fc, test } from '@fast-check/vitest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FlightSoftware, NVM_SIZE_BYTES } from '../../../fsw/flight.js';
import type { SensorFrame } from '../../../fsw/hal/frames.js';
import { QueueRadio, type Radio } from '../../../fsw/hal/radio.js';
import { FileNvm, MemoryNvm, type NvmDevice, type NvmFileSystem } from '../../../fsw/storage/nvm.js';
import { RecordStore, type RecordLayout } from '../../../fsw/storage/records.js';
import { SLOT_OVERHEAD_BYTES } from '../../../fsw/storage/slot-format.js';
import { spacecraftConfig } from '../../../sim-hw/config.js';
import { Spacecraft } from '../../../sim-hw/spacecraft.js';
import { TEST_LINK_KEYS } from '../../helpers/ground.js';

const LAYOUT: RecordLayout = [
  { id: 'alpha', slotBytes: 64 },
  { id: 'beta', slotBytes: 96 },
  { id: 'gamma', slotBytes: 48 },
];
const DEVICE_BYTES = 512;

/**
 * node:fs as FileNvm uses it, with a model of the page cache: the file's
 * bytes at the last fdatasync are what a power cut keeps, plus any subset
 * of the writes since, each possibly torn (the kernel writes dirty pages
 * back in any order, whenever it likes).
 */
class PageCacheFs {
  syncs = 0;
  durable: Uint8Array;
  unsynced: { positionBytes: number; bytes: Uint8Array }[] = [];
  readonly files: NvmFileSystem;

  constructor(private readonly file: string) {
    this.durable = new Uint8Array(0);
    this.files = {
      ...fs,
      writeSync: ((fd: number, buffer: Uint8Array, offset: number, length: number, position: number) => {
        this.unsynced.push({ positionBytes: position, bytes: buffer.slice(offset, offset + length) });
        return fs.writeSync(fd, buffer, offset, length, position);
      }) as NvmFileSystem['writeSync'],
      fdatasyncSync: (fd: number) => {
        fs.fdatasyncSync(fd);
        this.syncs++;
        this.durable = new Uint8Array(fs.readFileSync(this.file));
        this.unsynced = [];
      },
      fsyncSync: (fd: number) => {
        fs.fsyncSync(fd);
        this.durable = new Uint8Array(fs.readFileSync(this.file));
        this.unsynced = [];
      },
    };
  }

  /** The power goes: the file holds what was durable and, of the writes since, those `kept` says, torn where it says. */
  cut(kept: (index: number) => number | null = () => null): void {
    const image = this.durable.slice();
    this.unsynced.forEach((write, index) => {
      const lengthBytes = kept(index);
      if (lengthBytes !== null) image.set(write.bytes.subarray(0, Math.min(lengthBytes, write.bytes.length)), write.positionBytes);
    });
    fs.writeFileSync(this.file, image);
  }
}

const payload = (...values: number[]) => new Uint8Array(values);

describe('write-behind NVM (FileNvm): one sync per tick', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fsw-nvm-wb-'));
    file = path.join(dir, 'nvm.bin');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  function open(model: PageCacheFs): { nvm: FileNvm; store: RecordStore } {
    const nvm = FileNvm.open(file, DEVICE_BYTES, model.files);
    if (!nvm.ok) throw new Error(nvm.error);
    return { nvm: nvm.value, store: new RecordStore(nvm.value, LAYOUT) };
  }

  function reboot(): RecordStore {
    const nvm = FileNvm.open(file, DEVICE_BYTES);
    if (!nvm.ok) throw new Error(nvm.error);
    const store = new RecordStore(nvm.value, LAYOUT);
    return store;
  }

  const readAll = (store: RecordStore) =>
    LAYOUT.map(({ id }) => {
      const read = store.read(id);
      if (!read.ok) throw new Error(read.error);
      return read.value === null ? null : [...read.value];
    });

  it('several record writes in one tick cost one fsync, and a tick without writes none', () => {
    const model = new PageCacheFs(file);
    const { nvm, store } = open(model);
    const created = model.syncs;
    for (const [id, value] of [
      ['alpha', 1],
      ['beta', 2],
      ['gamma', 3],
      ['beta', 4],
    ] as const)
      expect(store.write(id, payload(value)).ok).toBe(true);
    expect(model.syncs - created).toBe(0);
    nvm.sync();
    expect(model.syncs - created).toBe(1);
    nvm.sync();
    expect(model.syncs - created).toBe(1);
    expect(nvm.syncCount).toBe(1);
    nvm.close();
  });

  it('a power cut after the tick sync loses nothing written in it', () => {
    const model = new PageCacheFs(file);
    const { nvm, store } = open(model);
    expect(store.write('alpha', payload(1, 1)).ok).toBe(true);
    expect(store.write('beta', payload(2, 2)).ok).toBe(true);
    expect(store.write('beta', payload(2, 3)).ok).toBe(true);
    expect(store.write('gamma', payload(3, 3)).ok).toBe(true);
    nvm.sync();
    model.cut();
    expect(readAll(reboot())).toEqual([
      [1, 1],
      [2, 3],
      [3, 3],
    ]);
  });

  it('a power cut before the tick sync leaves every record as at the last sync, even one written twice in the tick', () => {
    const model = new PageCacheFs(file);
    const { nvm, store } = open(model);
    expect(store.write('alpha', payload(1)).ok).toBe(true);
    expect(store.write('beta', payload(2)).ok).toBe(true);
    nvm.sync();
    // The next tick: beta twice (the second goes over the first's unsynced copy, never over the synced one), alpha once.
    expect(store.write('beta', payload(20)).ok).toBe(true);
    expect(store.write('beta', payload(21)).ok).toBe(true);
    expect(store.write('alpha', payload(10)).ok).toBe(true);
    expect(store.read('beta')).toEqual({ ok: true, value: payload(21) });
    model.cut();
    expect(readAll(reboot())).toEqual([[1], [2], null]);
  });

  const value = fc.uint8Array({ minLength: 0, maxLength: 48 - SLOT_OVERHEAD_BYTES });
  const write = fc.record({ record: fc.constantFrom('alpha', 'beta', 'gamma'), value });
  test.prop([fc.array(fc.array(write, { maxLength: 5 }), { minLength: 1, maxLength: 4 }), fc.array(write, { minLength: 1, maxLength: 6 }), fc.nat()])(
    'a cut in a tick, with any of its writes reaching the disk torn or whole, reads each record as at the last sync or as written in the tick',
    (synced, cutTick, seed) => {
      fs.rmSync(file, { force: true });
      const model = new PageCacheFs(file);
      const { nvm, store } = open(model);
      const atSync = new Map<string, number[] | null>(LAYOUT.map(({ id }) => [id, null]));
      for (const tick of synced) {
        for (const { record, value: bytes } of tick) {
          expect(store.write(record, bytes).ok).toBe(true);
          atSync.set(record, [...bytes]);
        }
        nvm.sync();
      }
      const writtenInTick = new Map<string, number[][]>();
      for (const { record, value: bytes } of cutTick) {
        expect(store.write(record, bytes).ok).toBe(true);
        writtenInTick.set(record, [...(writtenInTick.get(record) ?? []), [...bytes]]);
      }
      // Which unsynced writes reach the disk, and how much of each: from the seed.
      let state = seed;
      const next = () => {
        state = (Math.imul(state, 1103515245) + 12345) >>> 0;
        return state;
      };
      model.cut(() => (next() % 3 === 0 ? null : next() % 4 === 0 ? next() % 40 : Number.POSITIVE_INFINITY));
      const after = reboot();
      for (const { id } of LAYOUT) {
        const read = after.read(id);
        if (!read.ok) throw new Error(read.error);
        const got = read.value === null ? null : [...read.value];
        expect([atSync.get(id), ...(writtenInTick.get(id) ?? [])]).toContainEqual(got);
      }
    },
  );
});

/** MemoryNvm that counts writes not yet synced. */
class CountingNvm implements NvmDevice {
  unsyncedWrites = 0;
  syncs = 0;
  constructor(private readonly inner: MemoryNvm) {}
  get sizeBytes(): number {
    return this.inner.sizeBytes;
  }
  get epoch(): number {
    return this.syncs;
  }
  read(offsetBytes: number, lengthBytes: number): Uint8Array {
    return this.inner.read(offsetBytes, lengthBytes);
  }
  write(offsetBytes: number, bytes: Uint8Array): void {
    this.inner.write(offsetBytes, bytes);
    this.unsyncedWrites++;
  }
  sync(): void {
    if (this.unsyncedWrites === 0) return;
    this.unsyncedWrites = 0;
    this.syncs++;
  }
}

describe('the flight software syncs once per tick, before the tick leaves', () => {
  it('sends no packet while a record written in its tick is not synced, and syncs at most once a tick', () => {
    const nvm = new CountingNvm(new MemoryNvm(NVM_SIZE_BYTES));
    const inner = new QueueRadio();
    let sentUnsynced = 0;
    let sent = 0;
    const radio: Radio = {
      receive: () => inner.receive(),
      send: (packet) => {
        sent++;
        if (nvm.unsyncedWrites > 0) sentUnsynced++;
        inner.send(packet);
      },
      get dropped() {
        return inner.dropped;
      },
    };
    const fsw = new FlightSoftware({ keys: TEST_LINK_KEYS, nvm, radio });
    const spacecraft = new Spacecraft(spacecraftConfig(), []);
    // Always in contact, so that the ticks that write records also send.
    const inContact = (frame: SensorFrame): SensorFrame => ({ ...frame, link: { inContact: true, uplinkBps: 64_000, downlinkBps: 256_000 } });
    let actuators = fsw.tick(inContact(spacecraft.current()));
    let ticks = 1;
    while (ticks < 300) {
      const before = nvm.syncs;
      actuators = fsw.tick(inContact(spacecraft.step(actuators)));
      expect(nvm.syncs - before).toBeLessThanOrEqual(1);
      expect(nvm.unsyncedWrites).toBe(0);
      ticks++;
    }
    expect(ticks).toBeGreaterThan(200);
    // Boot writes records and sends housekeeping in the same tick: the case this guards.
    expect(nvm.syncs).toBeGreaterThan(0);
    expect(sent).toBeGreaterThan(0);
    expect(sentUnsynced).toBe(0);
  });
});
