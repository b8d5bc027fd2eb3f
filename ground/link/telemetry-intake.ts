/**
 * Every telemetry datagram is a TM transfer frame: checked (FECF, spacecraft
 * id, virtual channel) and authenticated with the downlink keys (its SDLS
 * MAC and sequence number) before anything in it is believed, refused frames
 * counted by reason; frame losses are counted per virtual channel from the
 * frame counts, and the packets are reassembled across frames (a lost frame
 * loses the packets that touched it, counted as cut). Each packet then goes
 * through the decode boundary with the mission dictionary, rejects counted
 * by reason. Of the packets, gaps in each APID's 14-bit sequence
 * count are counted as missing packets, a packet received before (same
 * APID, sequence count and mission time: the link or an attacker repeated
 * it) is dropped and counted as a duplicate, and an event sent again (by
 * dump_event_log: a new packet carrying an event already received) is
 * dropped and counted as repeated.
 */
import { createHash } from 'node:crypto';
import {
  DEFAULT_SPACECRAFT_ID,
  TM_FRAME_BYTES,
  TmDeframer,
  MESSAGE_ID_OFFSET,
  PRIMARY_HEADER_BYTES,
  SEQUENCE_COUNT_MODULO,
  TM_DATA_OFFSET,
  CRC_BYTES,
  decodeTelemetry,
  type DecodedTelemetry,
  type Dictionary,
  type KeyRing,
  type Outcome,
} from '../../protocol/index.js';

/**
 * How far a packet may be overtaken by later packets of its APID and still
 * be taken as late: half the 14-bit count space. The spacecraft sends
 * reports and events before housekeeping and bulk of the same APID, so
 * after an outage a report can arrive ahead of every older packet still
 * queued (up to the on-board queues' depth, fsw/executive DOWNLINK_CAPACITY).
 * A packet behind the newest of its APID by up to this much is late; ahead
 * by up to this much, the counts between are missing. The flight software's
 * counts go on across resets (they live in its NVM), so a count going back
 * is never a restart; a sender that lost its NVM starts again from 0 and is
 * seen once as a gap or a run of late packets (its boot event tells why).
 */
export const OVERTAKEN_WITHIN = SEQUENCE_COUNT_MODULO / 2 - 1;
/** Counts remembered per APID as missing, so that a late packet is taken off the missing count again. */
export const MISSING_REMEMBERED_PER_APID = OVERTAKEN_WITHIN;
/**
 * Events remembered to recognise one sent again. The on-board log holds the
 * last 256 events (fsw/executive EVENT_LOG_CAPACITY), so a dump can only
 * repeat an event that recent.
 */
export const EVENTS_REMEMBERED = 4096;

export interface FrameIntakeCounters {
  received: number;
  rejected: Record<string, number>;
  /** By virtual channel: frames missing by the frame count, and packets cut by them. */
  lostByVc: Record<string, number>;
  packetsCut: number;
}

export interface IntakeCounters {
  readonly frames: FrameIntakeCounters;
  received: number;
  rejected: Record<string, number>;
  missing: number;
  duplicated: number;
  eventsRepeated: number;
}

export type IntakeResult =
  | { readonly kind: 'packet'; readonly packet: DecodedTelemetry }
  | { readonly kind: 'rejected'; readonly reason: string; readonly detail: string }
  | { readonly kind: 'duplicate' }
  | { readonly kind: 'repeated-event' };

/** The downlink keys, fixed or read when needed (then why there are none: every packet is rejected as unknown-key). */
export type DownlinkKeys = KeyRing | (() => Outcome<KeyRing>);

export interface FrameLinkOptions {
  readonly spacecraftId: number;
  readonly frameBytes: number;
}

export const DEFAULT_FRAME_LINK: FrameLinkOptions = { spacecraftId: DEFAULT_SPACECRAFT_ID, frameBytes: TM_FRAME_BYTES };

export class TelemetryIntake {
  /** Frames accepted and refused by reason; the losses are the deframer's, read when asked (counters). */
  private readonly frames = { received: 0, rejected: {} as Record<string, number> };
  private readonly packets = { received: 0, rejected: {} as Record<string, number>, missing: 0, duplicated: 0, eventsRepeated: 0 };
  private readonly deframer: TmDeframer;
  private readonly lastCount = new Map<number, number>();
  /** Per APID: the counts counted missing (insertion order is age), at most MISSING_REMEMBERED_PER_APID. */
  private readonly missingCounts = new Map<number, Set<number>>();
  /** Per APID: the mission time of the last packet received with each sequence count (NaN: none yet). */
  private readonly timeOfCount = new Map<number, Float64Array>();
  /** Fingerprints of recent events (insertion order is age), at most EVENTS_REMEMBERED. */
  private readonly events = new Set<string>();

  constructor(
    private readonly dictionary: Dictionary,
    private readonly keys: DownlinkKeys,
    link: FrameLinkOptions = DEFAULT_FRAME_LINK,
  ) {
    this.deframer = new TmDeframer(link);
  }

  /** What came in and what was refused, as of now (a copy). */
  get counters(): IntakeCounters {
    const lostByVc: Record<string, number> = {};
    let packetsCut = 0;
    for (const [vcid, channel] of this.deframer.allChannels()) {
      lostByVc[vcid] = channel.framesLost;
      packetsCut += channel.packetsCut;
    }
    return {
      frames: { received: this.frames.received, rejected: { ...this.frames.rejected }, lostByVc, packetsCut },
      ...this.packets,
      rejected: { ...this.packets.rejected },
    };
  }

  /** One TM frame from the link: what became of each packet it completes (none when the frame is refused, counted by reason). */
  takeFrame(bytes: Uint8Array): { readonly raw: Uint8Array; readonly result: IntakeResult }[] {
    const frames = this.frames;
    let keys: KeyRing;
    if (typeof this.keys === 'function') {
      const read = this.keys();
      if (!read.ok) {
        frames.rejected['unknown-key'] = (frames.rejected['unknown-key'] ?? 0) + 1;
        return [];
      }
      keys = read.value;
    } else keys = this.keys;
    const accepted = this.deframer.accept(bytes, keys);
    if (!accepted.ok) {
      frames.rejected[accepted.reason] = (frames.rejected[accepted.reason] ?? 0) + 1;
      return [];
    }
    frames.received++;
    return accepted.packets.map((raw) => ({ raw, result: this.take(raw) }));
  }

  /** One space packet out of a TM frame (already authenticated with it). */
  take(bytes: Uint8Array): IntakeResult {
    const decoded = decodeTelemetry(bytes, { dictionary: this.dictionary });
    if (!decoded.ok) return this.reject(decoded.reason, decoded.detail);
    const { apid, sequenceCount } = decoded.value.header;
    const times = this.timesOf(apid);
    if (times[sequenceCount] === decoded.value.timeS) {
      this.packets.duplicated++;
      return { kind: 'duplicate' };
    }
    times[sequenceCount] = decoded.value.timeS;
    this.countSequence(apid, sequenceCount);
    if (decoded.value.entry.kind === 'event' && !this.rememberEvent(bytes)) {
      this.packets.eventsRepeated++;
      return { kind: 'repeated-event' };
    }
    this.packets.received++;
    return { kind: 'packet', packet: decoded.value };
  }

  /** Marks a packet as already received (from the archive, at start) without counting anything. */
  remember(apid: number, sequenceCount: number, timeS: number): void {
    this.timesOf(apid)[sequenceCount % SEQUENCE_COUNT_MODULO] = timeS;
  }

  /** Marks an event packet (its raw bytes, as archived) as received; false when it already was. */
  rememberEvent(raw: Uint8Array): boolean {
    const fingerprint = eventFingerprint(raw);
    if (this.events.has(fingerprint)) return false;
    this.events.add(fingerprint);
    if (this.events.size > EVENTS_REMEMBERED) this.events.delete(this.events.values().next().value as string);
    return true;
  }

  private reject(reason: string, detail: string): IntakeResult {
    this.packets.rejected[reason] = (this.packets.rejected[reason] ?? 0) + 1;
    return { kind: 'rejected', reason, detail };
  }

  private timesOf(apid: number): Float64Array {
    let times = this.timeOfCount.get(apid);
    if (!times) {
      times = new Float64Array(SEQUENCE_COUNT_MODULO).fill(Number.NaN);
      this.timeOfCount.set(apid, times);
    }
    return times;
  }

  /** Gaps and late packets in one APID's counts. */
  private countSequence(apid: number, sequenceCount: number): void {
    const last = this.lastCount.get(apid);
    const missing = this.missingCounts.get(apid) ?? new Set<number>();
    this.missingCounts.set(apid, missing);
    const aheadBy = last === undefined ? 1 : (sequenceCount - last + SEQUENCE_COUNT_MODULO) % SEQUENCE_COUNT_MODULO;
    if (aheadBy === 0) {
      // The same count again at another time (a sender that lost its counts): nothing to count.
    } else if (aheadBy <= OVERTAKEN_WITHIN + 1) {
      const gap = aheadBy - 1;
      this.packets.missing += gap;
      for (let i = Math.min(gap, MISSING_REMEMBERED_PER_APID); i >= 1; i--) missing.add((sequenceCount - i + SEQUENCE_COUNT_MODULO) % SEQUENCE_COUNT_MODULO);
      for (const oldest of missing) {
        if (missing.size <= MISSING_REMEMBERED_PER_APID) break;
        missing.delete(oldest);
      }
      this.lastCount.set(apid, sequenceCount);
    } else if (missing.delete(sequenceCount)) {
      // Behind the newest: a late packet that was overtaken, no longer missing. (Not in the set:
      // overtaken before the first packet we saw of this APID, nothing was missing.)
      this.packets.missing--;
    }
  }
}

/**
 * What makes an event the same event: its id, its mission time and its
 * arguments (the CBOR user data), not the packet's sequence count.
 * A SHA-256 of those octets of the raw packet.
 */
export function eventFingerprint(raw: Uint8Array): string {
  const crcAt = raw.length - CRC_BYTES;
  return createHash('sha256')
    .update(raw.subarray(PRIMARY_HEADER_BYTES, MESSAGE_ID_OFFSET + 2))
    .update(raw.subarray(TM_DATA_OFFSET, Math.max(TM_DATA_OFFSET, crcAt)))
    .digest('base64');
}
