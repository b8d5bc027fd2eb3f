/**
 * The operator's book of telecommands, kept by the ground's own commander
 * (ground/server/commander.ts) on mission time: it signs and numbers each
 * command (uplink.ts), archives it with every verification report, and
 * sends again, the same bytes, what no report answered in time. Set up as
 * the scripted operator always worked: a command goes again retransmitAfterS
 * after its last transmission while no report came, finalAfterS once
 * accepted but not final, at most transmissionsMax times in all; and only
 * in the operator's turn (once a second in contact, within its budget).
 * A duplicate-flagged report (the answer to a retransmission) completes a
 * record but counts nothing twice. The book tells the operator when a
 * command gets its final report (the first one: completed, failed or
 * rejected) and counts them for the summary.
 */
import { Commander, NOT_TAKEN, type AuthUser, type CommandRecord, type CommandStageRecord, type CommandStore } from '../../ground/index.js';
import { missionDictionary } from '../../protocol/index.js';
import { missionMs } from './archive-sink.js';
import { MissionScheduler } from './mission-scheduler.js';
import type { MissionUplink } from './uplink.js';

/** The user the scripted operator's commands are archived under (it sends parameter saves: a flight director). */
export const MISSION_OPERATOR: AuthUser = { name: 'mission-operator', role: 'flight-director' };

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

export interface RetransmissionRule {
  /** Wait after a transmission for the first report. */
  readonly retransmitAfterS: number;
  /** Wait after a transmission, once accepted, for the final report. */
  readonly finalAfterS: number;
  /** Transmissions of one command, the first included. */
  readonly transmissionsMax: number;
}

/** A command the link took, and when. */
export interface SentCommand {
  readonly record: CommandRecord;
  readonly sentS: number;
}

const ANSWERS: ReadonlySet<string> = new Set(['completed', 'failed', 'rejected']);
const STAGE_OF_ANSWER: Readonly<Record<string, CommandStageRecord['stage']>> = { completed: 'completion', failed: 'failure', rejected: 'rejection' };

export class CommandBook {
  private readonly commander: Commander;
  private readonly clock: MissionScheduler;
  /** The latest record of each command sent. */
  private readonly records = new Map<number, CommandRecord>();
  private readonly answered = new Set<number>();

  /** onAnswer: a command's first final report, with that report. */
  constructor(
    private readonly uplink: MissionUplink,
    store: CommandStore,
    rule: RetransmissionRule,
    onAnswer: (record: CommandRecord, report: CommandStageRecord) => void,
  ) {
    this.clock = new MissionScheduler(uplink.timeS);
    this.commander = new Commander({
      dictionary: missionDictionary(),
      store,
      numbering: uplink.numbering,
      send: (packet) => uplink.send(packet),
      keys: () => ({ ok: true, value: uplink.keys }),
      retransmitAfterMs: rule.retransmitAfterS * 1000,
      finalAfterMs: rule.finalAfterS * 1000,
      retransmitMax: rule.transmissionsMax - 1,
      scheduler: this.clock,
      nowMs: () => missionMs(uplink.timeS),
      missionTimeS: () => uplink.timeS,
    });
    this.commander.updates.subscribe((record) => {
      this.records.set(record.id, record);
      if (!ANSWERS.has(record.state) || this.answered.has(record.id)) return;
      this.answered.add(record.id);
      const stage = STAGE_OF_ANSWER[record.state];
      onAnswer(record, record.stages.findLast((report) => report.stage === stage)!);
    });
  }

  /** Mission time moves on to nowS: the waits that ran out make their commands due (they go in the operator's turn). */
  at(nowS: number): void {
    this.clock.advanceTo(nowS);
  }

  /** Signs and sends a new command; null when the link did not take it (then it is no command: nothing archived). */
  send(name: string, args: Readonly<Record<string, unknown>>): SentCommand | null {
    const submitted = this.commander.submit({ name, args }, MISSION_OPERATOR);
    if (submitted === NOT_TAKEN) return null;
    // The operator's commands come from the workload (validated on load) and the script: one that is refused is a bug.
    if (!submitted.ok) throw new Error(`operator command ${name} ${JSON.stringify(args)} refused: ${submitted.error.error}`);
    return { record: submitted.record, sentS: this.uplink.timeS };
  }

  /** Sends again, oldest first, what is due, as far as the operator's turn allows. */
  retransmitDue(): void {
    this.commander.retransmitDue();
  }

  /** One verification report that came down at mission time nowS. */
  report(data: Readonly<Record<string, unknown>>, timeS: number, nowS: number): void {
    this.commander.onVerification(data, timeS, missionMs(nowS));
  }

  counts(): CommandCounts {
    let accepted = 0;
    let completed = 0;
    let failed = 0;
    let rejected = 0;
    let unanswered = 0;
    let transmissions = 0;
    for (const record of this.records.values()) {
      transmissions += record.transmissions;
      if (record.stages.some((report) => report.stage !== 'rejection')) accepted++;
      if (record.state === 'completed') completed++;
      else if (record.state === 'failed') failed++;
      else if (record.state === 'rejected') rejected++;
      else unanswered++;
    }
    return { sent: this.records.size, transmissions, accepted, completed, failed, rejected, unanswered };
  }
}
