/**
 * The operator's book of telecommands: each with its transmissions and the
 * verification reports that came down (accepted, started, then completed or
 * failed; or rejected), so that the operator knows which to send again and
 * the summary can count them. Duplicate-flagged reports (answers to a
 * retransmission) complete a record but count nothing twice.
 */
import type { Uplinked } from '../campaign/ground.js';

export type FinalStage = 'completed' | 'failed' | 'rejected';

export interface BookedCommand {
  readonly command: Uplinked;
  readonly firstSentS: number;
  lastSentS: number;
  /** Transmissions the link took (a send out of contact does not count). */
  transmissions: number;
  accepted: boolean;
  final: FinalStage | null;
  /** The failure's or rejection's detail. */
  detail: string;
}

export interface CommandCounts {
  readonly sent: number;
  readonly transmissions: number;
  readonly accepted: number;
  readonly completed: number;
  readonly failed: number;
  readonly rejected: number;
  /** Sent, with no final report by the end. */
  readonly unanswered: number;
}

const FINAL: ReadonlySet<string> = new Set(['completed', 'failed', 'rejected']);

export class CommandBook {
  private readonly bySeq = new Map<string, BookedCommand>();

  /** A command transmitted for the first time (the link took it). */
  add(command: Uplinked, nowS: number): BookedCommand {
    const booked: BookedCommand = { command, firstSentS: nowS, lastSentS: nowS, transmissions: 1, accepted: false, final: null, detail: '' };
    this.bySeq.set(command.seq.toString(), booked);
    return booked;
  }

  get(seq: bigint | string): BookedCommand | undefined {
    return this.bySeq.get(seq.toString());
  }

  /** Takes one verification report; returns the command it answers and whether it just reached its final stage. */
  note(data: Readonly<Record<string, unknown>>): { readonly booked: BookedCommand; readonly finalNow: boolean } | null {
    const booked = this.bySeq.get(String(data.seq));
    if (!booked) return null;
    const stage = String(data.stage);
    if (stage === 'accepted' || stage === 'started' || stage === 'completed' || stage === 'failed') booked.accepted = true;
    if (!FINAL.has(stage) || booked.final !== null) return { booked, finalNow: false };
    booked.final = stage as FinalStage;
    booked.detail = typeof data.detail === 'string' ? data.detail : '';
    return { booked, finalNow: true };
  }

  /**
   * Candidates to send again: commands with no report sent at least ackAfterS ago, and
   * accepted ones with no final report sent at least finalAfterS ago (the spacecraft answers
   * a retransmission with its reports again, running nothing twice).
   */
  due(nowS: number, ackAfterS: number, finalAfterS: number): BookedCommand[] {
    return [...this.bySeq.values()].filter((booked) => booked.final === null && nowS - booked.lastSentS >= (booked.accepted ? finalAfterS : ackAfterS));
  }

  counts(): CommandCounts {
    let accepted = 0;
    let completed = 0;
    let failed = 0;
    let rejected = 0;
    let unanswered = 0;
    let transmissions = 0;
    for (const booked of this.bySeq.values()) {
      transmissions += booked.transmissions;
      if (booked.accepted) accepted++;
      if (booked.final === 'completed') completed++;
      else if (booked.final === 'failed') failed++;
      else if (booked.final === 'rejected') rejected++;
      else unanswered++;
    }
    return { sent: this.bySeq.size, transmissions, accepted, completed, failed, rejected, unanswered };
  }
}
