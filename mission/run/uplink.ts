/**
 * The scripted operator's transmitter, as the ground's commander sees it:
 * how its telecommands are numbered (a counting anti-replay number from 1,
 * the packet count the same number modulo 16384: with the campaign's fixed
 * key, runs replay bit for bit) and an uplink that takes a packet only
 * during the operator's turn, at most its budget of transmissions a second
 * (a try the space link refuses, out of contact or with its backlog full,
 * spends one too), and says what the space link did with each.
 */
import { SEQUENCE_COUNT_MODULO, type LinkKeys } from '../../protocol/index.js';
import type { TelecommandNumbering } from '../../ground/index.js';
import type { InProcessStack } from '../stack.js';

export type LinkOutcome = ReturnType<InProcessStack['uplink']>;

export class MissionUplink {
  private nextSeq = 1n;
  /** Transmissions left in the operator's current turn (0 between turns). */
  private budget = 0;
  transmissions = 0;
  /** Transmissions the link took (in flight or lost on the way: the ground cannot tell). */
  taken = 0;

  constructor(private readonly stack: InProcessStack) {}

  /** The spacecraft's link keys (the commander signs with them). */
  get keys(): LinkKeys {
    return this.stack.keys;
  }

  /** The station the space link is through now, or null out of contact (what carried a result home). */
  station(): string | null {
    return this.stack.spacecraft.linkStation();
  }

  /** Mission time, seconds. */
  get timeS(): number {
    return this.stack.timeS;
  }

  readonly numbering: TelecommandNumbering = {
    next: () => {
      const seq = this.nextSeq++;
      return { seq, sequenceCount: Number(seq % BigInt(SEQUENCE_COUNT_MODULO)) };
    },
  };

  /** The operator's turn begins: up to `transmissions` tries. */
  open(transmissions: number): void {
    this.budget = transmissions;
  }

  /** The turn ends: nothing more goes until the next. */
  close(): void {
    this.budget = 0;
  }

  /** Tries left in this turn. */
  get remaining(): number {
    return this.budget;
  }

  /** The commander's uplink: true when the space link took the packet (in flight, lost on the way, or over its in-flight bound). */
  send(packet: Uint8Array): boolean {
    if (this.budget <= 0) return false;
    this.budget--;
    this.transmissions++;
    const outcome = this.stack.uplink(packet);
    if (outcome === 'in-flight' || outcome === 'lost') this.taken++;
    return outcome !== 'no-contact' && outcome !== 'backlog-full';
  }
}
