/**
 * The verification reports the ground has seen, per command sequence number:
 * a command is executed at most once (one non-duplicate `accepted`), ends
 * with at most one non-duplicate final report (`completed` or `failed`), and
 * a retransmission's duplicate answer never contradicts the original.
 */
import type { DecodedTelemetry } from '../../protocol/index.js';
import type { Violation } from './violation.js';

const FINAL_STAGES = new Set(['completed', 'failed']);

export interface CommandReports {
  accepted: number;
  finals: number;
  /** The final stage, from the original or a duplicate answer. */
  finalStage: string | null;
  /** The final report's detail (why it failed). */
  detail: string;
}

export class ReportLedger {
  private readonly bySeq = new Map<string, CommandReports>();

  get(seq: bigint): CommandReports | undefined {
    return this.bySeq.get(seq.toString());
  }

  /** Takes one verification packet (one check); returns a violation or null. */
  note(tm: DecodedTelemetry): Violation | null {
    const seq = tm.data.seq as string;
    const stage = tm.data.stage as string;
    const duplicate = tm.data.duplicate === true;
    let reports = this.bySeq.get(seq);
    if (!reports) {
      reports = { accepted: 0, finals: 0, finalStage: null, detail: '' };
      this.bySeq.set(seq, reports);
    }
    const broken = (detail: string): Violation => ({ invariant: 'one-final-report-per-command', timeS: tm.timeS, detail: `command seq ${seq}: ${detail}` });
    if (stage === 'accepted' && !duplicate && ++reports.accepted > 1) return broken('accepted twice (executed twice)');
    if (!FINAL_STAGES.has(stage)) return null;
    if (reports.finalStage !== null && reports.finalStage !== stage)
      return broken(`final ${reports.finalStage} then ${stage}${duplicate ? ' (duplicate)' : ''}`);
    reports.finalStage = stage;
    reports.detail = (tm.data.detail as string | undefined) ?? '';
    if (!duplicate && ++reports.finals > 1) return broken(`${reports.finals} final reports`);
    return null;
  }

  /** Commands accepted on board that the ground has no final report for. */
  withoutFinal(): string[] {
    return [...this.bySeq].filter(([, reports]) => reports.accepted > 0 && reports.finalStage === null).map(([seq]) => seq);
  }
}
