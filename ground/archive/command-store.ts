/**
 * Telecommands in the archive, each with every verification stage, and the
 * last anti-replay sequence number used. Written at once (not batched):
 * commands are few, and a sequence number must be on disk before the packet
 * that carries it leaves.
 */
import type { CommandRecord, CommandStageRecord, CommandState } from '../api/contract.js';
import type { Db } from './database.js';

const LAST_SEQ_KEY = 'lastCommandSeq';

interface CommandRow {
  id: number;
  name: string;
  args_json: string;
  key_id: number;
  seq: string;
  wrapper_seq: string | null;
  state: CommandState;
  final: number;
  created_at_ms: number;
  created_time_s: number;
  sent_at_ms: number | null;
  transmissions: number;
  at_s: number | null;
  arm_id: number | null;
  packet: Buffer | null;
  user_name: string;
}

interface StageRow {
  command_id: number;
  stage: CommandStageRecord['stage'];
  code: number;
  reason: string;
  detail: string | null;
  time_s: number;
  received_at_ms: number;
  duplicate: number;
}

/** What the ground keeps to carry on with a command after a restart. */
export interface StoredCommand {
  readonly record: CommandRecord;
  readonly wrapperSeq: string | null;
  readonly packet: Uint8Array | null;
}

export interface NewCommand {
  readonly name: string;
  readonly args: Readonly<Record<string, unknown>>;
  readonly keyId: number;
  readonly seq: string;
  /** The schedule_insert that carries a time-tagged command. */
  readonly wrapperSeq: string | null;
  readonly createdAtMs: number;
  /** Mission time (best known) when the command was made: the archive's time axis for commands. */
  readonly createdTimeS: number;
  readonly atS: number | null;
  readonly armId: number | null;
  /** The bytes that go on the link (the wrapper for a time-tagged command). */
  readonly packet: Uint8Array;
  /** Who sent it (the ground user). */
  readonly user: string;
}

export class CommandStore {
  constructor(private readonly db: Db) {}

  insert(command: NewCommand): number {
    const result = this.db
      .prepare(
        `INSERT INTO commands (name, args_json, key_id, seq, wrapper_seq, state, final, created_at_ms, created_time_s, sent_at_ms, transmissions, at_s, arm_id, packet, user_name)
         VALUES (?, ?, ?, ?, ?, 'queued', 0, ?, ?, NULL, 0, ?, ?, ?, ?)`,
      )
      .run(
        command.name,
        JSON.stringify(command.args),
        command.keyId,
        command.seq,
        command.wrapperSeq,
        command.createdAtMs,
        command.createdTimeS,
        command.atS,
        command.armId,
        command.packet,
        command.user,
      );
    return Number(result.lastInsertRowid);
  }

  update(
    id: number,
    change: { readonly state: CommandState; readonly final: boolean; readonly sentAtMs: number | null; readonly transmissions: number },
  ): void {
    this.db
      .prepare('UPDATE commands SET state = ?, final = ?, sent_at_ms = ?, transmissions = ? WHERE id = ?')
      .run(change.state, change.final ? 1 : 0, change.sentAtMs, change.transmissions, id);
  }

  addStage(commandId: number, stage: CommandStageRecord): void {
    this.db
      .prepare('INSERT INTO command_stages (command_id, stage, code, reason, detail, time_s, received_at_ms, duplicate) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(commandId, stage.stage, stage.code, stage.reason, stage.detail ?? null, stage.timeS, stage.receivedAtMs, stage.duplicate ? 1 : 0);
  }

  get(id: number): CommandRecord | undefined {
    return this.records(this.db.prepare('SELECT * FROM commands WHERE id = ?').all(id) as CommandRow[])[0];
  }

  /** Commands after an id, oldest first (newest: the newest `limit` of them, newest first); only those not final when pending. */
  after(afterId: number, limit: number, pending = false, newest = false): CommandRecord[] {
    const rows = this.db
      .prepare(`SELECT * FROM commands WHERE id > ? ${pending ? 'AND final = 0' : ''} ORDER BY id ${newest ? 'DESC' : ''} LIMIT ?`)
      .all(afterId, limit) as CommandRow[];
    return this.records(rows);
  }

  /** Commands made in a mission-time range. */
  range(fromS: number, toS: number, limit: number): CommandRecord[] {
    return this.records(
      this.db.prepare('SELECT * FROM commands WHERE created_time_s BETWEEN ? AND ? ORDER BY id LIMIT ?').all(fromS, toS, limit) as CommandRow[],
    );
  }

  /** Every command not yet final, with what is needed to go on tracking it. */
  pending(): StoredCommand[] {
    const rows = this.db.prepare('SELECT * FROM commands WHERE final = 0 ORDER BY id').all() as CommandRow[];
    const records = this.records(rows);
    return rows.map((row, index) => ({ record: records[index]!, wrapperSeq: row.wrapper_seq, packet: row.packet ? new Uint8Array(row.packet) : null }));
  }

  count(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM commands').get() as { n: number }).n;
  }

  lastSeq(): bigint {
    const row = this.db.prepare('SELECT value FROM meta WHERE key = ?').get(LAST_SEQ_KEY) as { value: string } | undefined;
    return row ? BigInt(row.value) : 0n;
  }

  setLastSeq(seq: bigint): void {
    this.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(LAST_SEQ_KEY, seq.toString(10));
  }

  private records(rows: readonly CommandRow[]): CommandRecord[] {
    if (rows.length === 0) return [];
    const stages = this.db
      .prepare(`SELECT * FROM command_stages WHERE command_id IN (${rows.map(() => '?').join(',')}) ORDER BY id`)
      .all(...rows.map((row) => row.id)) as StageRow[];
    const byCommand = new Map<number, CommandStageRecord[]>();
    for (const stage of stages) {
      const list = byCommand.get(stage.command_id) ?? [];
      list.push({
        stage: stage.stage,
        code: stage.code,
        reason: stage.reason,
        ...(stage.detail !== null ? { detail: stage.detail } : {}),
        timeS: stage.time_s,
        receivedAtMs: stage.received_at_ms,
        ...(stage.duplicate ? { duplicate: true } : {}),
      });
      byCommand.set(stage.command_id, list);
    }
    return rows.map((row) => ({
      id: row.id,
      name: row.name,
      args: JSON.parse(row.args_json) as Record<string, unknown>,
      user: row.user_name,
      keyId: row.key_id,
      seq: row.seq,
      state: row.state,
      final: row.final !== 0,
      createdAtMs: row.created_at_ms,
      sentAtMs: row.sent_at_ms,
      transmissions: row.transmissions,
      stages: byCommand.get(row.id) ?? [],
      ...(row.at_s !== null ? { atS: row.at_s } : {}),
      ...(row.arm_id !== null ? { armId: row.arm_id } : {}),
    }));
  }
}
