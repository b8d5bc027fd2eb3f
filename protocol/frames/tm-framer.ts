/**
 * The spacecraft's TM framer: one packer per virtual channel, the master and
 * virtual channel frame counts, and the SDLS sequence number, all of which
 * must go on across a reset (the owner persists `state()` before the frames
 * leave and gives it back with `restore`).
 */
import type { SigningKey } from '../auth.js';
import { checkSpacecraftId, TM_VC } from './link-config.js';
import { encodeTmFrame, FHP_ONLY_IDLE, OID_FILL, tmDataFieldBytes } from './tm-frame.js';
import { TmChannelPacker } from './tm-packer.js';

export interface TmFramerState {
  readonly masterCount: number;
  /** [vcid, next virtual channel frame count] pairs. */
  readonly virtualCounts: readonly (readonly [number, number])[];
  /** The next SDLS sequence number (1 for a new framer). */
  readonly nextSequence: number;
}

export interface TmFramerOptions {
  readonly spacecraftId: number;
  readonly frameBytes: number;
  readonly signing: SigningKey;
}

export interface BuiltFrame {
  readonly bytes: Uint8Array;
  readonly vcid: number;
  readonly packetsStarted: number;
  readonly packetsEnded: number;
}

export class TmFramer {
  private readonly packers = new Map<number, TmChannelPacker>();
  private readonly virtualCounts = new Map<number, number>();
  private masterCount = 0;
  private nextSequence = 1;
  /** Frames built since this framer was made. */
  built = 0;

  constructor(private readonly options: TmFramerOptions) {
    checkSpacecraftId(options.spacecraftId);
  }

  get frameBytes(): number {
    return this.options.frameBytes;
  }

  /** A packet of this channel is half sent (its rest waits for the channel's next frame). */
  midPacket(vcid: number): boolean {
    return this.packers.get(vcid)?.midPacket ?? false;
  }

  /** The next frame of a channel: the rest of a packet begun before, then packets from next(), then idle fill. */
  frame(vcid: number, next: () => Uint8Array | undefined): BuiltFrame {
    const field = this.packer(vcid).fill(next);
    const bytes = this.encode(vcid, field.firstHeaderPointer, field.data);
    return { bytes, vcid, packetsStarted: field.packetsStarted, packetsEnded: field.packetsEnded };
  }

  /** An only-idle-data frame (virtual channel 7, first header pointer 0x7FE). */
  idleFrame(): BuiltFrame {
    const data = new Uint8Array(tmDataFieldBytes(this.options.frameBytes)).fill(OID_FILL);
    return { bytes: this.encode(TM_VC.idle, FHP_ONLY_IDLE, data), vcid: TM_VC.idle, packetsStarted: 0, packetsEnded: 0 };
  }

  state(): TmFramerState {
    return { masterCount: this.masterCount, virtualCounts: [...this.virtualCounts], nextSequence: this.nextSequence };
  }

  /** Continues the counts of an earlier boot; throws once a frame has been built. */
  restore(state: TmFramerState): void {
    if (this.built !== 0) throw new Error(`TM framer: state restored after ${this.built} frames were built`);
    this.masterCount = state.masterCount & 0xff;
    for (const [vcid, count] of state.virtualCounts) this.virtualCounts.set(vcid, count & 0xff);
    this.nextSequence = Math.max(1, state.nextSequence);
  }

  private packer(vcid: number): TmChannelPacker {
    let packer = this.packers.get(vcid);
    if (!packer) {
      packer = new TmChannelPacker(tmDataFieldBytes(this.options.frameBytes));
      this.packers.set(vcid, packer);
    }
    return packer;
  }

  private encode(vcid: number, firstHeaderPointer: number, data: Uint8Array): Uint8Array {
    const virtualCount = this.virtualCounts.get(vcid) ?? 0;
    const bytes = encodeTmFrame(
      { spacecraftId: this.options.spacecraftId, vcid, masterCount: this.masterCount, virtualCount, firstHeaderPointer, sequence: BigInt(this.nextSequence) },
      data,
      this.options.signing,
    );
    this.virtualCounts.set(vcid, (virtualCount + 1) & 0xff);
    this.masterCount = (this.masterCount + 1) & 0xff;
    this.nextSequence++;
    this.built++;
    return bytes;
  }
}
