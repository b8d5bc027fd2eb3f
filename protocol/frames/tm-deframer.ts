/**
 * The ground's TM deframer: each frame checked (decodeTmFrame: FECF,
 * spacecraft id, channel, MAC, sequence number), frame losses counted per
 * virtual channel from the gaps in its frame count, and the space packets
 * reassembled across frames. A gap loses the packet that was half received
 * and the rest of a packet whose start was lost: each such fragment is
 * counted as a cut packet (whole packets inside lost frames show as gaps in
 * their APID's sequence count). Idle packets and only-idle frames are dropped.
 * The packets it returns, and the start of a packet it waits to complete,
 * are views into the frames it was given: the caller does not reuse a
 * frame's bytes.
 */
import type { KeyRing } from '../auth.js';
import { PROTOCOL_LIMITS } from '../limits.js';
import { ReplayWindow } from '../replay-window.js';
import { PRIMARY_HEADER_BYTES } from '../space-packet.js';
import { frameRejectionCounts, type FrameRejection, type FrameRejectionCounts } from './frame-result.js';
import { isIdleAt } from './idle-packet.js';
import { packetLengthAt } from './tc-framer.js';
import { decodeTmFrame, FHP_NO_PACKET_START, FHP_ONLY_IDLE, type TmFrame } from './tm-frame.js';

export interface TmDeframerOptions {
  readonly spacecraftId: number;
  readonly frameBytes: number;
  /** The downlink keys; without them frames are not authenticated (inspection only). */
  readonly keys?: KeyRing;
}

export interface ChannelCounters {
  frames: number;
  /** Frames missing by the virtual channel frame count. */
  framesLost: number;
  /** Packet fragments discarded because a frame they touched was lost. */
  packetsCut: number;
  /** Packets delivered (idle ones not counted). */
  packets: number;
}

interface ChannelState {
  lastCount: number;
  /** Octets of a packet whose rest is still to come. */
  pending: Uint8Array | null;
  /** A packet the pending octets completed in this frame. */
  pendingComplete: Uint8Array | null;
  /** Discarding the rest of a packet already counted as cut. */
  skipping: boolean;
  readonly counters: ChannelCounters;
}

export type DeframeResult = { readonly ok: true; readonly frame: TmFrame; readonly packets: Uint8Array[] } | FrameRejection;

export class TmDeframer {
  readonly rejected: FrameRejectionCounts = frameRejectionCounts();
  private readonly channels = new Map<number, ChannelState>();
  private readonly replay = new ReplayWindow();

  constructor(private readonly options: TmDeframerOptions) {}

  /** Counters of one virtual channel (zeros before its first frame). */
  channel(vcid: number): ChannelCounters {
    return this.state(vcid).counters;
  }

  /** Frames refused, every reason together. */
  get refusedTotal(): number {
    return Object.values(this.rejected).reduce((sum, count) => sum + count, 0);
  }

  /** Every channel seen, by vcid. */
  allChannels(): [number, ChannelCounters][] {
    return [...this.channels].map(([vcid, state]) => [vcid, state.counters]);
  }

  /** One received frame: the packets it completes, or why it is refused (counted by reason). `keys` overrides the options' downlink keys. */
  accept(bytes: Uint8Array, keys: KeyRing | undefined = this.options.keys): DeframeResult {
    const decoded = decodeTmFrame(bytes, {
      spacecraftId: this.options.spacecraftId,
      frameBytes: this.options.frameBytes,
      replay: this.replay,
      ...(keys ? { keys } : {}),
    });
    if (!decoded.ok) {
      this.rejected[decoded.reason]++;
      return decoded;
    }
    const frame = decoded.value;
    const channel = this.state(frame.vcid);
    channel.counters.frames++;
    const expected = (channel.lastCount + 1) & 0xff;
    const gap = channel.lastCount < 0 ? 0 : (frame.virtualCount - expected) & 0xff;
    channel.lastCount = frame.virtualCount;
    if (gap > 0) {
      channel.counters.framesLost += gap;
      // A pending packet longer than the lost frames could hold ends in this frame: its rest is not counted again.
      const pending = channel.pending;
      const owed = pending ? packetLengthAt(pending, 0) - pending.length - gap * frame.data.length : 0;
      this.cut(channel);
      channel.skipping = pending !== null && owed > 0;
    }
    const packets: Uint8Array[] = [];
    if (frame.firstHeaderPointer === FHP_ONLY_IDLE) return { ok: true, frame, packets };
    const data = frame.data;
    const noStart = frame.firstHeaderPointer === FHP_NO_PACKET_START;
    const startAt = noStart ? data.length : frame.firstHeaderPointer;
    if (startAt > 0) this.continuePending(channel, data.subarray(0, startAt), noStart);
    else if (channel.pending) this.cut(channel);
    if (!noStart) channel.skipping = false;
    if (channel.pendingComplete) {
      this.deliver(channel, channel.pendingComplete, packets);
      channel.pendingComplete = null;
    }
    if (startAt < data.length) this.parse(channel, data, startAt, packets);
    return { ok: true, frame, packets };
  }

  /** The octets before the first header: the rest of the pending packet (all of it when noStart), else a fragment to discard. */
  private continuePending(channel: ChannelState, head: Uint8Array, noStart: boolean): void {
    if (!channel.pending) {
      // The rest of a packet whose start was lost: counted once, however many frames it spans.
      if (!channel.skipping) channel.counters.packetsCut++;
      channel.skipping = noStart;
      return;
    }
    const joined = new Uint8Array(channel.pending.length + head.length);
    joined.set(channel.pending, 0);
    joined.set(head, channel.pending.length);
    const length = packetLengthAt(joined, 0);
    if (noStart && (length === 0 || length > joined.length)) {
      channel.pending = joined;
      return;
    }
    channel.pending = null;
    if (length === joined.length) {
      channel.pendingComplete = joined;
      return;
    }
    // Its length disagrees with where the next packet starts: damaged on board, discarded.
    if (!isIdleAt(joined, 0)) channel.counters.packetsCut++;
    channel.skipping = noStart;
  }

  /** Packets from data[at] to the end; a last one that does not end here waits as pending. */
  private parse(channel: ChannelState, data: Uint8Array, at: number, packets: Uint8Array[]): void {
    while (at < data.length) {
      const length = packetLengthAt(data, at);
      if (length === 0 || at + length > data.length) {
        if (length > PROTOCOL_LIMITS.packetBytesMax && !isIdleAt(data, at)) {
          channel.counters.packetsCut++;
          channel.skipping = true;
          return;
        }
        channel.pending = data.subarray(at);
        return;
      }
      this.deliver(channel, data.subarray(at, at + length), packets);
      at += length;
    }
  }

  private deliver(channel: ChannelState, packet: Uint8Array, packets: Uint8Array[]): void {
    if (isIdleAt(packet, 0)) return;
    channel.counters.packets++;
    packets.push(packet);
  }

  /** Drops the half-received packet, counting it unless it is known to be idle. */
  private cut(channel: ChannelState): void {
    const pending = channel.pending;
    channel.pending = null;
    if (pending === null) return;
    if (pending.length >= PRIMARY_HEADER_BYTES && isIdleAt(pending, 0)) return;
    channel.counters.packetsCut++;
  }

  private state(vcid: number): ChannelState {
    let state = this.channels.get(vcid);
    if (!state) {
      state = { lastCount: -1, pending: null, pendingComplete: null, skipping: false, counters: { frames: 0, framesLost: 0, packetsCut: 0, packets: 0 } };
      this.channels.set(vcid, state);
    }
    return state;
  }
}
