/**
 * The uplink's frame layer on board: every datagram the radio received is a
 * TC Transfer Frame, checked (FECF, this spacecraft's id, the command virtual
 * channel, bypass) before the packets in it go to the dispatcher. Refused
 * frames are counted, those naming another spacecraft apart; in bypass mode
 * there is no COP-1: the commands' verification reports and the ground's
 * retransmission are the reliability layer.
 */
import { TcDeframer } from '../../protocol/index.js';

export interface UplinkFrameCounters {
  framesAccepted: number;
  framesRejected: number;
  framesWrongSpacecraft: number;
}

export class UplinkFrames {
  readonly counters: UplinkFrameCounters = { framesAccepted: 0, framesRejected: 0, framesWrongSpacecraft: 0 };
  private readonly deframer: TcDeframer;

  constructor(readonly spacecraftId: number) {
    this.deframer = new TcDeframer(spacecraftId);
  }

  /** Segmented telecommands discarded because a segment was lost. */
  get segmentsDiscarded(): number {
    return this.deframer.counters.segmentsDiscarded;
  }

  /** The telecommand packets the frames carry, in order. */
  packets(frames: readonly Uint8Array[]): Uint8Array[] {
    const packets: Uint8Array[] = [];
    for (const frame of frames) {
      const result = this.deframer.accept(frame);
      if (result.ok) {
        this.counters.framesAccepted++;
        packets.push(...result.value);
      } else if (result.reason === 'wrong-spacecraft') {
        this.counters.framesWrongSpacecraft++;
      } else {
        this.counters.framesRejected++;
      }
    }
    return packets;
  }
}
