/**
 * A minimal ground for tests of the in-process stack: builds and signs
 * telecommands with a counting sequence number, and decodes every telemetry
 * packet that comes down.
 */
import { buildTelecommand, decodeTelemetry, missionDictionary, type DecodedTelemetry, type LinkKeys } from '../../protocol/index.js';
import { spacecraftConfig } from '../../sim-hw/config.js';
import { DEFAULT_LINK_PARAMS } from '../../sim-hw/link/channel.js';
import { InProcessStack, type StackOptions } from '../../mission/stack.js';
import { TEST_LINK_KEYS } from './packets.js';
import { withStandIns } from './stand-ins.js';

export const dictionary = missionDictionary();
export { TEST_LINK_KEYS };

/**
 * A stack with a lossless relay link (always in contact) unless told
 * otherwise; every packet the flight software builds is checked against its
 * schema (TestGround.run fails on the first that is not). A stack given its
 * own modules flies quiet stand-ins for the writers of published values it
 * leaves out (stand-ins.ts).
 */
export function testStack(options: Partial<StackOptions> = {}): InProcessStack {
  const { modules, ...rest } = options;
  return new InProcessStack({
    config: spacecraftConfig({ link: { ...DEFAULT_LINK_PARAMS, relay: true, lossProbability: 0 } }),
    keys: TEST_LINK_KEYS,
    checkPackets: true,
    ...rest,
    ...(modules ? { modules: withStandIns(modules) } : {}),
  });
}

export interface Report {
  readonly stage: string;
  readonly code: number;
  readonly detail?: string;
  readonly duplicate?: boolean;
  readonly timeS: number;
}

export class TestGround {
  seq = 1n;
  readonly received: DecodedTelemetry[] = [];
  readonly undecodable: string[] = [];

  /** `keys`: the ground's (the test keys unless told): it signs with the active uplink key (the stack's deframer verifies the TM frames with its own). */
  constructor(
    readonly stack: InProcessStack,
    readonly keys: LinkKeys = TEST_LINK_KEYS,
  ) {}

  /** A signed telecommand with the next sequence number (or the one given). */
  build(name: string, args: Record<string, unknown> = {}, seq: bigint = this.seq++): Uint8Array {
    const built = buildTelecommand(dictionary, {
      name,
      args,
      keyId: this.keys.uplink.activeKeyId,
      key: this.keys.uplink.keys.get(this.keys.uplink.activeKeyId)!,
      seq,
      sequenceCount: Number(seq % 16384n),
      timeS: this.stack.timeS,
    });
    if (!built.ok) throw new Error(built.error);
    return built.value;
  }

  /** Builds and uplinks; returns the sequence number used. */
  send(name: string, args: Record<string, unknown> = {}): bigint {
    const seq = this.seq;
    this.stack.uplink(this.build(name, args));
    return seq;
  }

  /** Runs the stack for durationS, decoding what comes down; throws once the flight software has built a packet its schema refuses. */
  run(durationS: number): void {
    const until = this.stack.timeS + durationS;
    while (this.stack.timeS < until - 1e-9) {
      this.stack.tick();
      this.collect();
      const problems = this.stack.fsw.executive.writer.schemaProblems;
      if (problems.length > 0) throw new Error(`the flight software built packets its schemas refuse: ${problems.join('; ')}`);
    }
  }

  collect(): void {
    const refusedBefore = this.stack.groundDeframer.refusedTotal;
    for (const packet of this.stack.takeDownlink()) {
      const decoded = decodeTelemetry(packet, { dictionary });
      if (decoded.ok) this.received.push(decoded.value);
      else this.undecodable.push(`${decoded.reason}: ${decoded.detail}`);
    }
    if (this.stack.groundDeframer.refusedTotal > refusedBefore)
      this.undecodable.push(`TM frames refused: ${JSON.stringify(this.stack.groundDeframer.rejected)}`);
  }

  reports(seq: bigint): Report[] {
    return this.received
      .filter((tm) => tm.entry.def.name === 'verification' && tm.data.seq === seq.toString())
      .map((tm) => ({
        stage: tm.data.stage as string,
        code: tm.data.code as number,
        timeS: tm.timeS,
        ...(tm.data.detail !== undefined ? { detail: tm.data.detail as string } : {}),
        ...(tm.data.duplicate ? { duplicate: true } : {}),
      }));
  }

  stages(seq: bigint): string[] {
    return this.reports(seq).map((report) => report.stage + (report.duplicate ? '*' : ''));
  }

  events(name: string): DecodedTelemetry[] {
    return this.received.filter((tm) => tm.entry.kind === 'event' && tm.entry.def.name === name);
  }

  packets(name: string): DecodedTelemetry[] {
    return this.received.filter((tm) => tm.entry.def.name === name);
  }

  last(name: string): Record<string, unknown> | undefined {
    return this.packets(name).at(-1)?.data;
  }
}
