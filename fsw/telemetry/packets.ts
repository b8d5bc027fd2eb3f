/**
 * Telemetry packets from dictionary names: the packet's APID and id come from
 * the dictionary, its sequence count from a counter per APID, its time from
 * the mission clock. The TM frame that carries a packet authenticates it
 * (fsw/telemetry/downlink-queue.ts). Texts
 * longer than their field are cut here (text-fit.ts). With `checkPackets`
 * (tests) every packet's data is validated against its schema before it is
 * encoded, and a mismatch is recorded and thrown: the flight software then
 * never sends a packet the ground would refuse.
 */
import {
  type TextLimits,
  textLimits,
  fitTexts,
  SEQUENCE_COUNT_MODULO,
  describeErrors,
  encodeTelemetry,
  type Dictionary,
  type DownlinkEntry,
  type TelemetryClass,
} from '../../protocol/index.js';

export interface OutgoingPacket {
  readonly bytes: Uint8Array;
  /** Downlink priority class: events travel as reports. */
  readonly cls: TelemetryClass;
  readonly name: string;
}

export interface WriterOptions {
  /** Validate every packet against its schema before it is encoded (tests; off in flight). */
  readonly checkPackets?: boolean;
}

export class TelemetryWriter {
  private readonly counts = new Map<number, number>();
  private readonly limits = new Map<DownlinkEntry, TextLimits>();
  private readonly checkPackets: boolean;
  /** Packets built since this writer was made. */
  built = 0;
  /** With checkPackets: every packet that did not match its schema (name and what was wrong). */
  readonly schemaProblems: string[] = [];

  constructor(
    private readonly dictionary: Dictionary,
    options: WriterOptions = {},
  ) {
    this.checkPackets = options.checkPackets === true;
  }

  /** Each APID's next sequence count, to persist: [apid, count] pairs. */
  nextCounts(): [number, number][] {
    return [...this.counts];
  }

  /** Continues the numbering of an earlier boot; throws once a packet has been built (it would have had the wrong count). */
  restoreCounts(entries: readonly (readonly [number, number])[]): void {
    if (this.built !== 0) throw new Error(`telemetry: sequence counts restored after ${this.built} packets were built`);
    for (const [apid, count] of entries) this.counts.set(apid, count % SEQUENCE_COUNT_MODULO);
  }

  /** The data with its texts cut to their fields. Throws for an unknown name: a programming error. */
  fit<T extends Readonly<Record<string, unknown>>>(name: string, data: T): T {
    return fitTexts(data, this.limitsOf(this.entry(name)));
  }

  /** Builds the packet named `name` (a telemetry packet or an event). Throws for an unknown name: a programming error. */
  build(name: string, data: Readonly<Record<string, unknown>>, timeS: number): OutgoingPacket {
    const entry = this.entry(name);
    const fitted = fitTexts(data, this.limitsOf(entry));
    if (this.checkPackets) this.check(entry, fitted);
    const apid = entry.subsystem.apid;
    const count = this.counts.get(apid) ?? 0;
    this.counts.set(apid, (count + 1) % SEQUENCE_COUNT_MODULO);
    this.built++;
    const bytes = encodeTelemetry({ apid, sequenceCount: count, timeS, id: entry.def.id, data: fitted });
    return { bytes, cls: entry.kind === 'event' ? 'report' : entry.def.class, name };
  }

  private entry(name: string): DownlinkEntry {
    const entry = this.dictionary.downlink(name);
    if (!entry) throw new Error(`telemetry: "${name}" is not in the dictionary`);
    return entry;
  }

  private limitsOf(entry: DownlinkEntry): TextLimits {
    let limits = this.limits.get(entry);
    if (limits === undefined) {
      limits = textLimits(entry.schema);
      this.limits.set(entry, limits);
    }
    return limits;
  }

  private check(entry: DownlinkEntry, data: Readonly<Record<string, unknown>>): void {
    const validate = this.dictionary.validator(entry);
    if (validate(data)) return;
    const problem = describeErrors(validate.errors, entry.def.name);
    this.schemaProblems.push(problem);
    throw new Error(`telemetry: ${problem}`);
  }
}
