/**
 * Telemetry arriving at the ground: the TM frames that reached it go
 * through the ground's intake (ground/link TelemetryIntake: frames checked
 * and authenticated, frame losses per virtual channel, packets reassembled;
 * then each packet through the decode boundary: rejects by reason, gaps in
 * the sequence counts, duplicates). Every packet out of the frames is hashed
 * in arrival order (SHA-256: the run's determinism fingerprint, as the
 * campaign's), counted in packets and bytes, and filed in the archive.
 */
import { createHash, type Hash } from 'node:crypto';
import { TelemetryIntake } from '../../ground/index.js';
import { TM_FRAME_BYTES, missionDictionary, type DecodedTelemetry, type KeyRing } from '../../protocol/index.js';
import type { InProcessStack } from '../stack.js';
import type { ArchiveSink } from './archive-sink.js';

export class DownlinkIntake {
  frames = 0;
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
    this.intake = new TelemetryIntake(missionDictionary(), downlinkKeys, { spacecraftId: stack.spacecraftId, frameBytes: TM_FRAME_BYTES });
  }

  /** The packets that reached the ground since the last take, decoded (rejects and duplicates left out, counted). */
  take(): DecodedTelemetry[] {
    const arrived = this.stack.takeDownlinkFrames();
    if (arrived.length === 0) return [];
    if (this.digestHex !== null) throw new Error('downlink: telemetry after the digest was taken');
    const nowS = this.stack.timeS;
    const decoded: DecodedTelemetry[] = [];
    for (const frame of arrived) {
      this.frames++;
      for (const { raw, result } of this.intake.takeFrame(frame)) {
        this.packets++;
        this.bytes += raw.byteLength;
        this.hash.update(raw);
        if (result.kind !== 'packet') continue;
        this.sink.packet(result.packet, raw, nowS);
        decoded.push(result.packet);
      }
    }
    return decoded;
  }

  /** SHA-256 (hex) over every packet received (out of its frame), in arrival order; ends the hash. */
  digest(): string {
    this.digestHex ??= this.hash.digest('hex');
    return this.digestHex;
  }
}
