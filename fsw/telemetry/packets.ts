/**
 * Telemetry packets from dictionary names: the packet's APID and id come from
 * the dictionary, its sequence count from a counter per APID, its time from
 * the mission clock; each is signed with the active downlink key.
 */
import { SEQUENCE_COUNT_MODULO, encodeTelemetry, type Dictionary, type SigningKey, type TelemetryClass } from '../../protocol/index.js';

export interface OutgoingPacket {
  readonly bytes: Uint8Array;
  /** Downlink priority class: events travel as reports. */
  readonly cls: TelemetryClass;
  readonly name: string;
}

export class TelemetryWriter {
  private readonly counts = new Map<number, number>();
  /** Packets built since this writer was made. */
  built = 0;

  constructor(
    private readonly dictionary: Dictionary,
    private readonly signing: SigningKey,
  ) {}

  /** Each APID's next sequence count, to persist: [apid, count] pairs. */
  nextCounts(): [number, number][] {
    return [...this.counts];
  }

  /** Continues the numbering of an earlier boot (call before the first packet is built). */
  restoreCounts(entries: readonly (readonly [number, number])[]): void {
    for (const [apid, count] of entries) this.counts.set(apid, count % SEQUENCE_COUNT_MODULO);
  }

  /** Builds the packet named `name` (a telemetry packet or an event). Throws for an unknown name: a programming error. */
  build(name: string, data: Readonly<Record<string, unknown>>, timeS: number): OutgoingPacket {
    const entry = this.dictionary.downlink(name);
    if (!entry) throw new Error(`telemetry: "${name}" is not in the dictionary`);
    const apid = entry.subsystem.apid;
    const count = this.counts.get(apid) ?? 0;
    this.counts.set(apid, (count + 1) % SEQUENCE_COUNT_MODULO);
    this.built++;
    const bytes = encodeTelemetry({ apid, sequenceCount: count, timeS, id: entry.def.id, data }, this.signing);
    return { bytes, cls: entry.kind === 'event' ? 'report' : entry.def.class, name };
  }
}
