/**
 * The run's telemetry into the ground archive (ground/archive, SQLite), as
 * the ground server files it: events (and job_state into the jobs table),
 * telemetry packets with their samples, job reports and result chunks
 * (reassembled and checked against the summary's digest by the archive's
 * job store), and the operator's commands with every verification stage.
 * Receive times are mission times on the mission epoch, so an archive is
 * the same for the same seed.
 */
import { MISSION_EPOCH_ISO, verificationReason, type DecodedTelemetry } from '../../protocol/index.js';
import type { CommandStage, CommandState } from '../../ground/api/contract.js';
import { Archive } from '../../ground/archive/archive.js';
import { filePacket } from '../../ground/server/file-packet.js';
import { missionDictionary } from '../../protocol/index.js';
import type { BookedCommand } from './commands.js';
import { MISSION_KEY_ID } from './uplink.js';

const EPOCH_MS = Date.parse(MISSION_EPOCH_ISO);

/** A mission time as the archive's receive time (milliseconds on the mission epoch). */
export function missionMs(timeS: number): number {
  return Math.round(EPOCH_MS + timeS * 1000);
}

const STAGE_OF: Readonly<Record<string, CommandStage>> = {
  accepted: 'acceptance',
  started: 'start',
  completed: 'completion',
  failed: 'failure',
  rejected: 'rejection',
};
const STATE_OF: Readonly<Record<string, CommandState>> = {
  accepted: 'accepted',
  started: 'started',
  completed: 'completed',
  failed: 'failed',
  rejected: 'rejected',
};

/** The user the scripted operator's commands are archived under. */
export const MISSION_OPERATOR = 'mission-operator';

export class ArchiveSink {
  readonly archive: Archive;
  private readonly commandIds = new Map<string, number>();

  /** Opens (creating) the archive; ':memory:' keeps it in memory. Throws with the path when it cannot. */
  constructor(path: string) {
    this.archive = Archive.open(path, { dictionary: missionDictionary(), retentionDays: Number.POSITIVE_INFINITY });
  }

  /** One telemetry packet that reached the ground, decoded, at mission time nowS. */
  packet(decoded: DecodedTelemetry, raw: Uint8Array, nowS: number): void {
    filePacket(this.archive, decoded, raw, missionMs(nowS));
  }

  /** A command the link took for the first time (sent by the scripted operator). */
  commandSent(booked: BookedCommand, nowS: number): void {
    const { command } = booked;
    const id = this.archive.commands.insert({
      name: command.name,
      args: command.args,
      keyId: MISSION_KEY_ID,
      seq: command.seq.toString(),
      wrapperSeq: null,
      createdAtMs: missionMs(nowS),
      createdTimeS: nowS,
      atS: null,
      armId: null,
      packet: command.packet,
      user: MISSION_OPERATOR,
    });
    this.commandIds.set(command.seq.toString(), id);
    this.commandChanged(booked, 'sent');
  }

  /** The command's state or transmissions changed. */
  commandChanged(booked: BookedCommand, state: CommandState): void {
    const id = this.commandIds.get(booked.command.seq.toString());
    if (id === undefined) return;
    this.archive.commands.update(id, { state, final: booked.final !== null, sentAtMs: missionMs(booked.lastSentS), transmissions: booked.transmissions });
  }

  /** One verification report of a booked command. */
  commandReport(booked: BookedCommand, data: Readonly<Record<string, unknown>>, timeS: number, nowS: number): void {
    const id = this.commandIds.get(booked.command.seq.toString());
    const stage = STAGE_OF[String(data.stage)];
    if (id === undefined || stage === undefined) return;
    const code = Number(data.code);
    this.archive.commands.addStage(id, {
      stage,
      code,
      reason: code === 0 ? 'ok' : (verificationReason(code) ?? `code ${code}`),
      ...(typeof data.detail === 'string' ? { detail: data.detail } : {}),
      timeS,
      receivedAtMs: missionMs(nowS),
      ...(data.duplicate === true ? { duplicate: true } : {}),
    });
    const state = booked.final !== null ? STATE_OF[booked.final]! : STATE_OF[String(data.stage)];
    if (state) this.commandChanged(booked, state);
  }

  close(): void {
    this.archive.close();
  }
}
