/**
 * A fake spacecraft for ground-server tests: a UDP socket that takes TC
 * frames, takes the telecommands out of them and checks those as the flight
 * software does (CRC, key, MAC, anti-replay), and answers with verification
 * packets built with protocol/ encoders, each sent in its own TM frame. Retransmissions are answered with duplicate-flagged reports and
 * not executed twice; hazardous commands need an arm; schedule_insert holds
 * its inner command until the test releases it. The test can drop datagrams
 * and report stages selectively.
 */
import { createSocket, type Socket } from 'node:dgram';
import {
  DEFAULT_SPACECRAFT_ID,
  MAC_BYTES,
  TM_FRAME_BYTES,
  TcDeframer,
  TmFramer,
  ReplayWindow,
  VERIFICATION_CODES,
  decodeTelecommand,
  encodeTelemetry,
  missionDictionary,
  toHex,
  signingKeyOf,
  type DecodedTelecommand,
  type KeyRing,
  type LinkKeys,
  type SigningKey,
} from '../../../protocol/index.js';

const dictionary = missionDictionary();

/** A valid executive_hk packet's fields, for tests that downlink housekeeping. */
export const HK = {
  mode: 'SAFE',
  bootCount: 1,
  resetCause: 'power-on',
  uptimeS: 1,
  tickOverruns: 0,
  tickCostMaxMs: 1,
  modulesAlive: 4,
  modulesDead: 0,
  monitorsTripped: 0,
  watchdogStroking: true,
};

type Stage = 'accepted' | 'started' | 'completed' | 'failed' | 'rejected';

interface Remembered {
  readonly macHex: string;
  readonly reports: Array<{ stage: Stage; code: number; detail?: string }>;
}

export class FakeSpacecraft {
  /** Every telecommand that arrived (out of its TC frame), dropped or not. */
  readonly arrived: Uint8Array[] = [];
  /** Commands executed, by name, in order (a retransmission is not executed again). */
  readonly executed: string[] = [];
  /** Datagrams to drop: return true to lose this one. */
  drop: (bytes: Uint8Array, index: number) => boolean = () => false;
  /** Reports to leave out (lost on the downlink): return true to lose it. */
  loseReport: (stage: Stage, seq: string, duplicate: boolean) => boolean = () => false;
  timeS = 1000;
  groundPort = 0;
  /** Fails a command after it started (a refusal on board, say): the detail, or null to complete it. */
  failCommand: (tc: DecodedTelecommand) => string | null = () => null;
  /** Called once a command completed (a test's model of what it does on board). */
  onExecuted: (tc: DecodedTelecommand) => void = () => {};
  private readonly replay = new ReplayWindow();
  private readonly recent = new Map<string, Remembered>();
  private armed: string | null = null;
  private readonly scheduled: DecodedTelecommand[] = [];
  private tmCount = 0;

  private readonly keys: KeyRing;
  private readonly deframer: TcDeframer;
  private framer: TmFramer;
  private framedWith: SigningKey;
  /** The key the TM frames are signed with (a test may swap it to forge). */
  signing: SigningKey;

  private constructor(
    private readonly socket: Socket,
    linkKeys: LinkKeys,
    /** The CCSDS spacecraft id of its frames, both ways. */
    readonly spacecraftId: number,
  ) {
    this.deframer = new TcDeframer(spacecraftId);
    this.keys = linkKeys.uplink.keys;
    this.signing = signingKeyOf(linkKeys.downlink);
    this.framedWith = this.signing;
    this.framer = new TmFramer({ spacecraftId: this.spacecraftId, frameBytes: TM_FRAME_BYTES, signing: this.signing });
    socket.on('message', (message: Buffer) => {
      const packets = this.deframer.accept(new Uint8Array(message));
      if (packets.ok) for (const packet of packets.value) this.receive(packet);
    });
  }

  static async start(keys: LinkKeys, spacecraftId = DEFAULT_SPACECRAFT_ID): Promise<FakeSpacecraft> {
    const socket = createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    return new FakeSpacecraft(socket, keys, spacecraftId);
  }

  get port(): number {
    return this.socket.address().port;
  }

  /** Sends a telemetry packet or event to the ground. */
  downlink(name: string, data: Record<string, unknown>, overrides: { sequenceCount?: number; timeS?: number } = {}): Uint8Array {
    const entry = dictionary.downlink(name)!;
    const bytes = encodeTelemetry({
      apid: entry.subsystem.apid,
      sequenceCount: overrides.sequenceCount ?? this.tmCount++ % 16384,
      timeS: overrides.timeS ?? this.timeS,
      id: entry.def.id,
      data,
    });
    this.sendRaw(bytes);
    return bytes;
  }

  /** Sends one packet in TM frames of its own (signed with `signing`). */
  sendRaw(bytes: Uint8Array): void {
    for (const frame of this.framesOf(bytes)) this.sendFrame(frame);
  }

  /** The TM frames that carry one packet (the counts and sequence numbers go on). */
  framesOf(packet: Uint8Array): Uint8Array[] {
    if (this.signing !== this.framedWith) {
      const state = this.framer.state();
      this.framer = new TmFramer({ spacecraftId: this.spacecraftId, frameBytes: TM_FRAME_BYTES, signing: this.signing });
      this.framer.restore(state);
      this.framedWith = this.signing;
    }
    const queue = [packet];
    const frames = [this.framer.frame(0, () => queue.shift()).bytes];
    while (this.framer.midPacket(0)) frames.push(this.framer.frame(0, () => undefined).bytes);
    return frames;
  }

  /** Sends one datagram as it is. */
  sendFrame(bytes: Uint8Array): void {
    this.socket.send(bytes, this.groundPort, '127.0.0.1');
  }

  /** Runs every scheduled command (time-tagged release). */
  release(): void {
    for (const tc of this.scheduled.splice(0)) {
      const record = this.recent.get(`${tc.keyId}:${tc.seq}`)!;
      this.report(record, tc, 'started');
      this.executed.push(tc.entry.def.name);
      this.report(record, tc, 'completed');
    }
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.socket.close(() => resolve()));
  }

  private receive(bytes: Uint8Array): void {
    const index = this.arrived.push(bytes) - 1;
    if (this.drop(bytes, index)) return;
    const result = decodeTelecommand(bytes, { dictionary, keys: this.keys, replay: this.replay });
    if (!result.ok) {
      const remembered = result.seq !== undefined ? this.recent.get(`${result.keyId}:${result.seq}`) : undefined;
      if (result.reason === 'replay' && remembered && remembered.macHex === macOf(bytes)) {
        for (const report of remembered.reports)
          this.verification(report.stage, result.keyId!, result.seq!.toString(), result.header!.apid, result.messageId!, report.code, report.detail, true);
        return;
      }
      this.verification(
        'rejected',
        result.keyId ?? 0,
        (result.seq ?? 0n).toString(),
        result.header?.apid ?? 0,
        result.messageId ?? 0,
        VERIFICATION_CODES[result.reason],
        result.detail.slice(0, 200),
        false,
      );
      return;
    }
    const tc = result.value;
    this.replay.accept(tc.keyId, tc.seq);
    const record: Remembered = { macHex: macOf(bytes), reports: [] };
    this.recent.set(`${tc.keyId}:${tc.seq}`, record);
    const name = tc.entry.def.name;
    if (tc.entry.def.hazardous && this.armed !== name) return this.report(record, tc, 'rejected', 'not-armed', `${name} is hazardous`);
    if (tc.entry.def.hazardous) this.armed = null;
    this.report(record, tc, 'accepted');
    this.report(record, tc, 'started');
    this.executed.push(name);
    if (name === 'arm') this.armed = tc.args.command as string;
    if (name === 'schedule_insert') {
      const inner = decodeTelecommand(tc.args.packet as Uint8Array, { dictionary, keys: this.keys, replay: this.replay });
      if (!inner.ok) return this.report(record, tc, 'failed', 'invalid-value', `the queued telecommand is refused: ${inner.reason}`);
      this.replay.accept(inner.value.keyId, inner.value.seq);
      const innerRecord: Remembered = { macHex: macOf(tc.args.packet as Uint8Array), reports: [] };
      this.recent.set(`${inner.value.keyId}:${inner.value.seq}`, innerRecord);
      this.report(innerRecord, inner.value, 'accepted');
      this.scheduled.push(inner.value);
    }
    const failure = this.failCommand(tc);
    if (failure !== null) return this.report(record, tc, 'failed', 'invalid-value', failure);
    this.report(record, tc, 'completed');
    this.onExecuted(tc);
  }

  private report(record: Remembered, tc: DecodedTelecommand, stage: Stage, reason?: keyof typeof VERIFICATION_CODES, detail?: string): void {
    const code = reason ? VERIFICATION_CODES[reason] : 0;
    record.reports.push({ stage, code, ...(detail !== undefined ? { detail } : {}) });
    this.verification(stage, tc.keyId, tc.seq.toString(), tc.header.apid, tc.opcode, code, detail, false);
  }

  private verification(
    stage: Stage,
    keyId: number,
    seq: string,
    apid: number,
    opcode: number,
    code: number,
    detail: string | undefined,
    duplicate: boolean,
  ): void {
    if (this.loseReport(stage, seq, duplicate)) return;
    this.downlink('verification', {
      stage,
      apid,
      opcode,
      keyId,
      seq,
      code,
      ...(detail !== undefined ? { detail } : {}),
      ...(duplicate ? { duplicate: true } : {}),
    });
  }
}

function macOf(bytes: Uint8Array): string {
  const macAt = bytes.length - 2 - MAC_BYTES;
  return toHex(bytes.subarray(macAt, macAt + MAC_BYTES));
}
