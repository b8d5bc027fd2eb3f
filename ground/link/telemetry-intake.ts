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
 * Counts remembered per APID as missing, so that a packet arriving late
 * (the spacecraft sends reports before housekeeping of the same APID, so a
 * report overtakes) is taken off the missing count again.
 */
export const MISSING_REMEMBERED_PER_APID = 256;
/** A packet at most this far behind the newest of its APID is late, not the first of a restarted sender. */
export const LATE_WITHIN = 64;

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
  /** Per APID: the counts counted missing, oldest first, at most MISSING_REMEMBERED_PER_APID. */
  private readonly missingCounts = new Map<number, number[]>();
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
    const gap = last === undefined ? 0 : (sequenceCount - last - 1 + SEQUENCE_COUNT_MODULO) % SEQUENCE_COUNT_MODULO;
    if (gap < SEQUENCE_COUNT_MODULO / 2) {
      this.counters.missing += gap;
      const missing = this.missingCounts.get(apid) ?? [];
      for (let i = 1; i <= Math.min(gap, MISSING_REMEMBERED_PER_APID); i++) missing.push((sequenceCount - i + SEQUENCE_COUNT_MODULO) % SEQUENCE_COUNT_MODULO);
      if (missing.length > MISSING_REMEMBERED_PER_APID) missing.splice(0, missing.length - MISSING_REMEMBERED_PER_APID);
      this.missingCounts.set(apid, missing);
      this.lastCount.set(apid, sequenceCount);
    } else {
      // A jump back: a packet that was overtaken (no longer missing), or a restarted sender.
      const missing = this.missingCounts.get(apid) ?? [];
      const index = missing.indexOf(sequenceCount);
      const backS = (last! - sequenceCount + SEQUENCE_COUNT_MODULO) % SEQUENCE_COUNT_MODULO;
      if (index >= 0) {
        missing.splice(index, 1);
        this.counters.missing--;
      } else if (backS > LATE_WITHIN) {
        // Far behind: the sender restarted its count.
        this.lastCount.set(apid, sequenceCount);
      }
      // else: overtaken before the first packet we saw of this APID (at a boot, events go first): nothing was missing.
    }
    this.counters.received++;
    return { kind: 'packet', packet: decoded.value };
  }
}
