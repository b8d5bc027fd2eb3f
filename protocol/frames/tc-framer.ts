/**
 * Telecommand packets into TC frames (the ground's side) and back (the flight
 * software's side). A frame carries whole packets, as many as fit its data
 * field, or one segment of a packet too long for one frame (first, continuing,
 * last). N(S) counts the frames of the virtual channel modulo 256; in bypass
 * mode the receiver does not refuse a gap, but a segmented packet that loses
 * a segment (a gap in N(S), or a continuing segment with no first) is
 * discarded and counted.
 */
import { PRIMARY_HEADER_BYTES } from '../space-packet.js';
import { PROTOCOL_LIMITS } from '../limits.js';
import { TC_VC_COMMANDS, checkSpacecraftId } from './link-config.js';
import { decodeTcFrame, encodeTcFrame, TC_FRAME_DATA_MAX, TC_SEGMENT, type TcSegmentFlags } from './tc-frame.js';
import { refuseFrame, type FrameResult } from './frame-result.js';

/** The octets of a space packet whose header starts at data[at], from its length field; 0 when the header is not all there. */
export function packetLengthAt(data: Uint8Array, at: number): number {
  if (data.length - at < PRIMARY_HEADER_BYTES) return 0;
  return ((data[at + 4]! << 8) | data[at + 5]!) + PRIMARY_HEADER_BYTES + 1;
}

/** Whole packets laid end to end, or null when the octets are not exactly that. */
export function splitPackets(data: Uint8Array): Uint8Array[] | null {
  const packets: Uint8Array[] = [];
  for (let at = 0; at < data.length; ) {
    const length = packetLengthAt(data, at);
    if (length === 0 || at + length > data.length) return null;
    packets.push(data.subarray(at, at + length));
    at += length;
  }
  return packets;
}

export interface TcFramerOptions {
  readonly spacecraftId: number;
  readonly vcid?: number;
}

/** The ground's side: packets to frames, numbering N(S). */
export class TcFramer {
  private sequenceNumber = 0;
  readonly spacecraftId: number;
  readonly vcid: number;

  constructor(options: TcFramerOptions) {
    checkSpacecraftId(options.spacecraftId);
    this.spacecraftId = options.spacecraftId;
    this.vcid = options.vcid ?? TC_VC_COMMANDS;
  }

  /** The frames that carry these packets, in order: whole packets blocked while they fit, a longer one in segments. */
  frames(packets: readonly Uint8Array[]): Uint8Array[] {
    const frames: Uint8Array[] = [];
    let block: Uint8Array[] = [];
    let blockBytes = 0;
    const flush = () => {
      if (block.length === 0) return;
      frames.push(this.frame(TC_SEGMENT.whole, concat(block, blockBytes)));
      block = [];
      blockBytes = 0;
    };
    for (const packet of packets) {
      if (packet.length > TC_FRAME_DATA_MAX) {
        flush();
        for (let at = 0; at < packet.length; at += TC_FRAME_DATA_MAX) {
          const end = Math.min(packet.length, at + TC_FRAME_DATA_MAX);
          const flags = at === 0 ? TC_SEGMENT.first : end === packet.length ? TC_SEGMENT.last : TC_SEGMENT.continuing;
          frames.push(this.frame(flags, packet.subarray(at, end)));
        }
        continue;
      }
      if (blockBytes + packet.length > TC_FRAME_DATA_MAX) flush();
      block.push(packet);
      blockBytes += packet.length;
    }
    flush();
    return frames;
  }

  private frame(segmentFlags: TcSegmentFlags, data: Uint8Array): Uint8Array {
    const bytes = encodeTcFrame({ spacecraftId: this.spacecraftId, vcid: this.vcid, sequenceNumber: this.sequenceNumber, segmentFlags, mapId: 0, data });
    this.sequenceNumber = (this.sequenceNumber + 1) & 0xff;
    return bytes;
  }
}

function concat(parts: readonly Uint8Array[], total: number): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

export interface TcDeframerCounters {
  /** Frames accepted. */
  frames: number;
  /** Segmented packets discarded because a segment was lost or out of order. */
  segmentsDiscarded: number;
}

/** The flight software's side: frames checked (spacecraft id, channel, FECF), packets out. */
export class TcDeframer {
  readonly counters: TcDeframerCounters = { frames: 0, segmentsDiscarded: 0 };
  private readonly vcids: readonly number[];
  private segments: Uint8Array[] = [];
  private segmentBytes = 0;
  private lastSequenceNumber = -1;
  private discarding = false;

  constructor(
    readonly spacecraftId: number,
    vcids: readonly number[] = [TC_VC_COMMANDS],
  ) {
    checkSpacecraftId(spacecraftId);
    this.vcids = vcids;
  }

  /** The packets a frame completes (none for a first or continuing segment), or why the frame is refused. */
  accept(bytes: Uint8Array): FrameResult<Uint8Array[]> {
    const decoded = decodeTcFrame(bytes, { spacecraftId: this.spacecraftId, vcids: this.vcids });
    if (!decoded.ok) return decoded;
    const frame = decoded.value;
    if (frame.mapId !== 0) return refuseFrame('bad-header', `MAP id ${frame.mapId}: this link uses MAP 0 only`);
    const inOrder = this.lastSequenceNumber >= 0 && frame.sequenceNumber === ((this.lastSequenceNumber + 1) & 0xff);
    this.lastSequenceNumber = frame.sequenceNumber;
    if (frame.segmentFlags === TC_SEGMENT.whole) {
      const packets = splitPackets(frame.data);
      if (!packets) return refuseFrame('bad-length', 'the frame data is not whole space packets laid end to end');
      this.dropSegments();
      this.discarding = false;
      this.counters.frames++;
      return { ok: true, value: packets };
    }
    if (frame.segmentFlags === TC_SEGMENT.first) {
      this.dropSegments();
      this.discarding = false;
    } else if (this.segments.length === 0 || !inOrder) {
      // The rest of a packet that lost a segment: counted once, at its first orphan segment.
      if (this.segments.length > 0) this.dropSegments();
      else if (!this.discarding) this.counters.segmentsDiscarded++;
      this.discarding = frame.segmentFlags !== TC_SEGMENT.last;
      this.counters.frames++;
      return { ok: true, value: [] };
    }
    if (this.segmentBytes + frame.data.length > PROTOCOL_LIMITS.packetBytesMax) {
      this.dropSegments();
      return refuseFrame('bad-length', `segments of more than ${PROTOCOL_LIMITS.packetBytesMax} octets, the largest packet`);
    }
    this.segments.push(frame.data.slice());
    this.segmentBytes += frame.data.length;
    this.counters.frames++;
    if (frame.segmentFlags !== TC_SEGMENT.last) return { ok: true, value: [] };
    const packet = concat(this.segments, this.segmentBytes);
    this.segments = [];
    this.segmentBytes = 0;
    return { ok: true, value: [packet] };
  }

  private dropSegments(): void {
    if (this.segments.length > 0) this.counters.segmentsDiscarded++;
    this.segments = [];
    this.segmentBytes = 0;
  }
}
