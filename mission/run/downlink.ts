/**
 * Telemetry arriving at the ground: every packet that reached it is hashed
 * in arrival order (SHA-256: the run's determinism fingerprint, as the
 * campaign's), counted in packets and bytes, taken through the ground's
 * decode boundary (ground/link TelemetryIntake: rejects by reason, gaps in
 * the sequence counts, duplicates) and filed in the archive.
 */
import { createHash, type Hash } from 'node:crypto';
import { TelemetryIntake } from '../../ground/index.js';
import { missionDictionary, type DecodedTelemetry, type KeyRing } from '../../protocol/index.js';
import type { InProcessStack } from '../stack.js';
import type { ArchiveSink } from './archive-sink.js';

export class DownlinkIntake {
  packets = 0;
  bytes = 0;
  readonly intake: TelemetryIntake;
  private readonly hash: Hash = createHash('sha256');
  private digestHex: string | null = null;

  constructor(
    private readonly stack: InProcessStack,
    private readonly sink: ArchiveSink,
    downlinkKeys: KeyRing,
  ) {
    this.intake = new TelemetryIntake(missionDictionary(), downlinkKeys);
  }

  /** The packets that reached the ground since the last take, decoded (rejects and duplicates left out, counted). */
  take(): DecodedTelemetry[] {
    const arrived = this.stack.takeDownlink();
    if (arrived.length === 0) return [];
    if (this.digestHex !== null) throw new Error('downlink: telemetry after the digest was taken');
    const nowS = this.stack.timeS;
    const decoded: DecodedTelemetry[] = [];
    for (const raw of arrived) {
      this.packets++;
      this.bytes += raw.byteLength;
      this.hash.update(raw);
      const taken = this.intake.take(raw);
      if (taken.kind !== 'packet') continue;
      this.sink.packet(taken.packet, raw, nowS);
      decoded.push(taken.packet);
    }
    return decoded;
  }

  /** SHA-256 (hex) over every packet received, in arrival order; ends the hash. */
  digest(): string {
    this.digestHex ??= this.hash.digest('hex');
    return this.digestHex;
  }
}
