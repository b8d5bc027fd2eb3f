/**
 * The commands accepted lately, with the verification stages each has
 * reached, so that a retransmission (the identical packet: same key id,
 * sequence number and MAC) is answered with its reports again instead of
 * being executed twice. Bounded (the oldest forgotten first) and kept in
 * non-volatile memory, so the answer survives a reset.
 */
import type { VERIFICATION_STAGES } from '../../protocol/index.js';

export type Stage = (typeof VERIFICATION_STAGES)[number];

export interface StageReport {
  readonly stage: Stage;
  readonly code: number;
  readonly detail?: string;
}

export interface RecentCommand {
  readonly keyId: number;
  readonly seq: string;
  readonly macHex: string;
  readonly apid: number;
  readonly opcode: number;
  readonly reports: StageReport[];
}

export const RECENT_COMMANDS_MAX = 64;
const FINAL: ReadonlySet<Stage> = new Set(['rejected', 'completed', 'failed']);

export function isFinal(command: RecentCommand): boolean {
  return command.reports.some((report) => FINAL.has(report.stage));
}

export class RecentCommands {
  private readonly byKey = new Map<string, RecentCommand>();

  get(keyId: number, seq: bigint | string): RecentCommand | undefined {
    return this.byKey.get(`${keyId}:${seq}`);
  }

  add(command: RecentCommand): void {
    const key = `${command.keyId}:${command.seq}`;
    this.byKey.delete(key);
    this.byKey.set(key, command);
    while (this.byKey.size > RECENT_COMMANDS_MAX) this.byKey.delete(this.byKey.keys().next().value as string);
  }

  /** For non-volatile memory: oldest first. */
  toRecord(): RecentCommand[] {
    return [...this.byKey.values()];
  }

  static fromRecord(record: unknown): RecentCommands {
    const recent = new RecentCommands();
    if (!Array.isArray(record)) return recent;
    for (const item of record as RecentCommand[]) {
      if (typeof item?.keyId === 'number' && typeof item.seq === 'string' && Array.isArray(item.reports)) recent.add(item);
    }
    return recent;
  }
}
