/**
 * The run's telemetry into the ground archive (ground/archive, SQLite), as
 * the ground server files it: events (and job_state into the jobs table),
 * telemetry packets with their samples, job reports and result chunks
 * (reassembled and checked against the summary's digest by the archive's
 * job store). The operator's commands, with every verification stage, go
 * in through the ground's commander (commands.ts). Receive times are
 * mission times on the mission epoch, so an archive is the same for the
 * same seed.
 */
import { Archive, filePacket } from '../../ground/index.js';
import { MISSION_EPOCH_ISO, missionDictionary, type DecodedTelemetry } from '../../protocol/index.js';

const EPOCH_MS = Date.parse(MISSION_EPOCH_ISO);

/** A mission time as the archive's receive time (milliseconds on the mission epoch). */
export function missionMs(timeS: number): number {
  return Math.round(EPOCH_MS + timeS * 1000);
}

export class ArchiveSink {
  readonly archive: Archive;

  /** Opens (creating) the archive; ':memory:' keeps it in memory. Throws with the path when it cannot. */
  constructor(path: string) {
    this.archive = Archive.open(path, { dictionary: missionDictionary(), retentionDays: Number.POSITIVE_INFINITY });
  }

  /** One telemetry packet that reached the ground, decoded, at mission time nowS. */
  packet(decoded: DecodedTelemetry, raw: Uint8Array, nowS: number): void {
    filePacket(this.archive, decoded, raw, missionMs(nowS));
  }

  close(): void {
    this.archive.close();
  }
}
