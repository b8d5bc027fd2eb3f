/**
 * A record store on an NvmDevice: named records at fixed places, each with
 * two slots (A then B) so that a write never touches the newest valid copy.
 * A reset in the middle of a write leaves the old value or the new one,
 * never garbage (README.md, "Writing a record").
 */

import { accept, decodeCbor, encodeCbor, fail, scanCbor, type CborLimits, type Outcome } from '../../protocol/index.js';
import type { NvmDevice } from './nvm.js';
import {
  SLOT_HEADER_BYTES,
  SLOT_OVERHEAD_BYTES,
  SLOT_VERSION_MAX,
  checkSlotHeader,
  encodeSlotCrc,
  encodeSlotHeader,
  recordTag,
  slotCrcMatches,
  type SlotState,
} from './slot-format.js';

export interface RecordDef {
  readonly id: string;
  /** Bytes of each of the two slots; the payload may use slotBytes - SLOT_OVERHEAD_BYTES. */
  readonly slotBytes: number;
}

export type RecordLayout = readonly RecordDef[];

/** Where a record lives. */
export interface RecordPlacement {
  readonly id: string;
  readonly tag: number;
  readonly slotBytes: number;
  readonly slotAOffsetBytes: number;
  readonly slotBOffsetBytes: number;
  readonly payloadBytesMax: number;
}

export interface RecordStoreCounters {
  /** Writes that completed, since this store was made. */
  readonly writes: number;
  /** Writes refused or interrupted (too large, device error). */
  readonly writeFailures: number;
  /** Slots found corrupt by reads and writes; every scan that finds one counts it. */
  readonly corruptSlotsSeen: number;
}

export const RECORD_COUNT_MAX = 256;
export const RECORD_ID_LENGTH_MAX = 64;
/** Largest slot, 1 MiB: a record is read whole in the synchronous loop. */
export const SLOT_BYTES_MAX = 1 << 20;

/** Limits for decoding stored CBOR values: our own data, so generous, but still bounded. */
export const STORAGE_CBOR_LIMITS: CborLimits = { depthMax: 16, itemsMax: 1_000_000, textBytesMax: 65_536 };

type ScannedSlot = SlotState & { readonly payload?: Uint8Array };

interface Scan {
  readonly a: ScannedSlot;
  readonly b: ScannedSlot;
  /** The valid slot with the highest version (A on a tie), or null. */
  readonly newest: 'a' | 'b' | null;
}

export class RecordStore {
  private readonly placements = new Map<string, RecordPlacement>();
  private writes = 0;
  private writeFailures = 0;
  private corruptSlotsSeen = 0;
  /** Per record, the slot this store last wrote and the device's epoch then (at most one entry per record). */
  private readonly lastWritten = new Map<string, { readonly slot: 'a' | 'b'; readonly epoch: number }>();

  /** Places the records one after the other from offset 0. Throws on an invalid layout or one that does not fit the device. */
  constructor(
    readonly device: NvmDevice,
    layout: RecordLayout,
  ) {
    if (layout.length > RECORD_COUNT_MAX) throw new Error(`record layout has ${layout.length} records, at most ${RECORD_COUNT_MAX}`);
    let offsetBytes = 0;
    for (const def of layout) {
      if (def.id.length === 0 || def.id.length > RECORD_ID_LENGTH_MAX) throw new Error(`record id "${def.id}" must be 1 to ${RECORD_ID_LENGTH_MAX} characters`);
      if (this.placements.has(def.id)) throw new Error(`record id "${def.id}" appears twice in the layout`);
      if (!Number.isSafeInteger(def.slotBytes) || def.slotBytes < SLOT_OVERHEAD_BYTES || def.slotBytes > SLOT_BYTES_MAX) {
        throw new Error(`record "${def.id}" slot size must be a whole number from ${SLOT_OVERHEAD_BYTES} to ${SLOT_BYTES_MAX} bytes, is ${def.slotBytes}`);
      }
      this.placements.set(def.id, {
        id: def.id,
        tag: recordTag(def.id),
        slotBytes: def.slotBytes,
        slotAOffsetBytes: offsetBytes,
        slotBOffsetBytes: offsetBytes + def.slotBytes,
        payloadBytesMax: def.slotBytes - SLOT_OVERHEAD_BYTES,
      });
      offsetBytes += 2 * def.slotBytes;
    }
    if (offsetBytes > device.sizeBytes) throw new Error(`record layout needs ${offsetBytes} bytes, the NVM device has ${device.sizeBytes}`);
  }

  /** Where the record lives; throws for an id not in the layout. */
  placement(id: string): RecordPlacement {
    const placement = this.placements.get(id);
    if (!placement) throw new Error(`record "${id}" is not in the layout`);
    return placement;
  }

  /** Every record, in layout order. */
  allPlacements(): readonly RecordPlacement[] {
    return [...this.placements.values()];
  }

  counters(): RecordStoreCounters {
    return { writes: this.writes, writeFailures: this.writeFailures, corruptSlotsSeen: this.corruptSlotsSeen };
  }

  /** What each slot of the record holds, without counting anything (for telemetry and tests). */
  slotStates(id: string): Outcome<{ readonly a: SlotState; readonly b: SlotState }> {
    const scan = this.scan(this.placement(id), false, false);
    if (!scan.ok) return scan;
    return accept({ a: withoutPayload(scan.value.a), b: withoutPayload(scan.value.b) });
  }

  /**
   * The payload of the valid slot with the highest version, or null when
   * neither slot is valid (never written, or both corrupt: see the counters).
   * Fails only when the device itself fails.
   */
  read(id: string): Outcome<Uint8Array | null> {
    const scan = this.scan(this.placement(id), true, true);
    if (!scan.ok) return scan;
    const { newest } = scan.value;
    if (newest === null) return accept(null);
    return accept(scan.value[newest].payload ?? new Uint8Array(0));
  }

  /**
   * Writes payload to the slot that does not hold the newest valid version,
   * with that version + 1 (1 for the first write); on a write-behind device,
   * a record written again before the device's next sync goes over its own
   * unsynced copy instead. On any failure the record still reads as before
   * (such a rewrite: as at the last sync).
   */
  write(id: string, payload: Uint8Array): Outcome<void> {
    const placement = this.placement(id);
    if (payload.length > placement.payloadBytesMax) {
      return this.writeFailed(`record "${id}" holds at most ${placement.payloadBytesMax} payload bytes, the payload is ${payload.length} bytes`);
    }
    const scan = this.scan(placement, true, false);
    if (!scan.ok) return this.writeFailed(`record "${id}" was not written: ${scan.error}`);
    const { newest } = scan.value;
    const newestVersion = newest === null ? 0 : versionOf(scan.value[newest]);
    // u32 versions: one write a second lasts 136 years, beyond the mission, so no wrap-around logic.
    if (newestVersion >= SLOT_VERSION_MAX) return this.writeFailed(`record "${id}" has used all ${SLOT_VERSION_MAX} versions`);
    // On a write-behind device the newest copy may not be durable yet (written since the last sync):
    // write over it again, so that the other copy, durable, survives a power cut before the sync.
    const epoch = this.device.epoch;
    const last = this.lastWritten.get(id);
    const rewrite = last !== undefined && last.epoch === epoch && last.slot === newest;
    const targetSlot: 'a' | 'b' = rewrite ? last.slot : newest === 'a' ? 'b' : 'a';
    const target = targetSlot === 'a' ? placement.slotAOffsetBytes : placement.slotBOffsetBytes;
    const header = encodeSlotHeader(placement.tag, newestVersion + 1, payload.length);
    try {
      // Invalidate, write all but the first byte, then commit with the first byte:
      // until the commit lands, the target slot's magic reads 0x00 "RB1" and is not valid.
      // The image goes in three pieces (header, payload, CRC), so that a large payload is not copied into one first.
      this.device.write(target, new Uint8Array(1));
      this.device.write(target + 1, header.subarray(1));
      this.device.write(target + SLOT_HEADER_BYTES, payload);
      this.device.write(target + SLOT_HEADER_BYTES + payload.length, encodeSlotCrc(header, payload));
      this.device.write(target, header.subarray(0, 1));
    } catch (error) {
      const kept = rewrite ? 'it reads as at the last sync' : 'the previous version is kept';
      return this.writeFailed(`record "${id}" write did not complete (${(error as Error).message}); ${kept}`);
    }
    this.lastWritten.set(id, { slot: targetSlot, epoch });
    this.writes++;
    return accept(undefined);
  }

  /** The record's value decoded as one CBOR map, or null when the record holds none. */
  readValue(id: string): Outcome<Record<string, unknown> | null> {
    const bytes = this.read(id);
    if (!bytes.ok) return bytes;
    if (bytes.value === null) return accept(null);
    const decoded = decodeCbor(bytes.value, 0, bytes.value.length, STORAGE_CBOR_LIMITS);
    if (!decoded.ok) return fail(`record "${id}" does not hold a readable value: ${decoded.detail}`);
    return accept(decoded.value);
  }

  /** Encodes value as one CBOR map with the protocol codec and writes it; refuses a value that would not read back. */
  writeValue(id: string, value: Readonly<Record<string, unknown>>): Outcome<void> {
    let bytes: Uint8Array;
    try {
      // The encoder's buffer, valid until its next use: write() copies it to the device before returning.
      bytes = encodeCbor(value);
    } catch (error) {
      return this.writeFailed(`record "${id}" value cannot be encoded as CBOR: ${(error as Error).message}`);
    }
    // The decoder's own pre-scan: it admits exactly what decodeCbor reads back. The one check
    // it leaves to after decoding, a repeated map key, cannot come from encoding an object.
    const check = scanCbor(bytes, 0, bytes.length, STORAGE_CBOR_LIMITS);
    if (!check.ok) return this.writeFailed(`record "${id}" value would not read back: ${check.detail}`);
    return this.write(id, bytes);
  }

  private writeFailed(error: string): Outcome<void> {
    this.writeFailures++;
    return fail(error);
  }

  /** Both slots judged; with `payloads`, the valid ones' payloads copied out as well. */
  private scan(placement: RecordPlacement, count: boolean, payloads: boolean): Outcome<Scan> {
    let a: ScannedSlot;
    let b: ScannedSlot;
    try {
      a = this.readSlot(placement, placement.slotAOffsetBytes, payloads);
      b = this.readSlot(placement, placement.slotBOffsetBytes, payloads);
    } catch (error) {
      return fail(`NVM read of record "${placement.id}" failed: ${(error as Error).message}`);
    }
    if (count) this.corruptSlotsSeen += (a.state === 'corrupt' ? 1 : 0) + (b.state === 'corrupt' ? 1 : 0);
    let newest: 'a' | 'b' | null = null;
    if (a.state === 'valid') newest = 'a';
    if (b.state === 'valid' && (newest === null || b.version > versionOf(a))) newest = 'b';
    return accept({ a, b, newest });
  }

  private readSlot(placement: RecordPlacement, offsetBytes: number, payload: boolean): ScannedSlot {
    const header = this.device.read(offsetBytes, SLOT_HEADER_BYTES);
    const checked = checkSlotHeader(header, placement.tag, placement.payloadBytesMax);
    if ('state' in checked) return checked;
    const image = this.device.read(offsetBytes, SLOT_OVERHEAD_BYTES + checked.payloadBytes);
    if (!slotCrcMatches(image, checked.payloadBytes)) return { state: 'corrupt', reason: 'CRC-32 mismatch' };
    const valid = { state: 'valid', version: checked.version, payloadBytes: checked.payloadBytes } as const;
    // A write only needs to know which slot is newest: no payload copy.
    return payload ? { ...valid, payload: image.slice(SLOT_HEADER_BYTES, SLOT_HEADER_BYTES + checked.payloadBytes) } : valid;
  }
}

function versionOf(slot: ScannedSlot): number {
  return slot.state === 'valid' ? slot.version : 0;
}

function withoutPayload(slot: ScannedSlot): SlotState {
  if (slot.state !== 'valid') return slot;
  return { state: 'valid', version: slot.version, payloadBytes: slot.payloadBytes };
}
