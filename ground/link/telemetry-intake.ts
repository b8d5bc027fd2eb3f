/**
 * Every telemetry datagram through the decode boundary with the mission
 * dictionary: rejects counted by reason, gaps in each APID's 14-bit sequence
 * count counted as missing packets, and an exact repeat of a recent packet
 * (the link duplicated it) dropped and counted.
 */
import { SEQUENCE_COUNT_MODULO, crc16, decodeTelemetry, type DecodedTelemetry, type Dictionary } from '../../protocol/index.js';

/** Recent packets remembered per APID to recognise a duplicate. */
export const RECENT_PER_APID = 64;
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

export interface IntakeCounters {
  received: number;
  rejected: Record<string, number>;
  missing: number;
  duplicated: number;
}

export type IntakeResult = { readonly kind: 'packet'; readonly packet: DecodedTelemetry } | { readonly kind: 'rejected'; readonly reason: string; readonly detail: string } | { readonly kind: 'duplicate' };

export class TelemetryIntake {
  readonly counters: IntakeCounters = { received: 0, rejected: {}, missing: 0, duplicated: 0 };
  private readonly lastCount = new Map<number, number>();
  /** Per APID: the counts counted missing (insertion order is age), at most MISSING_REMEMBERED_PER_APID. */
  private readonly missingCounts = new Map<number, Set<number>>();
  /** Per APID: fingerprints (count:crc:length) of the recent packets, oldest first. */
  private readonly recent = new Map<number, string[]>();

  constructor(private readonly dictionary: Dictionary) {}

  take(bytes: Uint8Array): IntakeResult {
    const decoded = decodeTelemetry(bytes, { dictionary: this.dictionary });
    if (!decoded.ok) {
      this.counters.rejected[decoded.reason] = (this.counters.rejected[decoded.reason] ?? 0) + 1;
      return { kind: 'rejected', reason: decoded.reason, detail: decoded.detail };
    }
    const { apid, sequenceCount } = decoded.value.header;
    const fingerprint = `${sequenceCount}:${crc16(bytes, 0, bytes.length)}:${bytes.length}`;
    const recent = this.recent.get(apid) ?? [];
    if (recent.includes(fingerprint)) {
      this.counters.duplicated++;
      return { kind: 'duplicate' };
    }
    recent.push(fingerprint);
    if (recent.length > RECENT_PER_APID) recent.shift();
    this.recent.set(apid, recent);

    const last = this.lastCount.get(apid);
    const missing = this.missingCounts.get(apid) ?? new Set<number>();
    this.missingCounts.set(apid, missing);
    const aheadBy = last === undefined ? 1 : (sequenceCount - last + SEQUENCE_COUNT_MODULO) % SEQUENCE_COUNT_MODULO;
    if (aheadBy === 0) {
      // The same count again with other bytes: nothing to count.
    } else if (aheadBy <= OVERTAKEN_WITHIN + 1) {
      const gap = aheadBy - 1;
      this.counters.missing += gap;
      for (let i = Math.min(gap, MISSING_REMEMBERED_PER_APID); i >= 1; i--) missing.add((sequenceCount - i + SEQUENCE_COUNT_MODULO) % SEQUENCE_COUNT_MODULO);
      for (const oldest of missing) {
        if (missing.size <= MISSING_REMEMBERED_PER_APID) break;
        missing.delete(oldest);
      }
      this.lastCount.set(apid, sequenceCount);
    } else if (missing.delete(sequenceCount)) {
      // Behind the newest: a late packet that was overtaken, no longer missing. (Not in the set:
      // overtaken before the first packet we saw of this APID, nothing was missing.)
      this.counters.missing--;
    }
    this.counters.received++;
    return { kind: 'packet', packet: decoded.value };
  }
}
