/**
 * A ground server in memory for unit tests of the client, the CLI's logic
 * and procedures: commands advance one verification stage per poll along a
 * scripted path, telemetry comes from functions of fake time, and sleeping
 * advances that time at once.
 */
import type { CommandRecord, CommandStage, CommandState, FieldValue, SendCommandRequest, TelemetryPacket } from '../../../ground/api/contract.js';
import { apiFailure, type ApiFailure, type ApiResult } from '../../../ground/client/api-result.js';
import type { ProcedureApi } from '../../../ground/procedures/run-procedure.js';

/** How a command ends: the stages it goes through after being sent. */
export type Script = readonly { readonly stage: CommandStage; readonly state: CommandState; readonly reason?: string; readonly detail?: string }[];

export const COMPLETES: Script = [
  { stage: 'acceptance', state: 'accepted' },
  { stage: 'start', state: 'started' },
  { stage: 'completion', state: 'completed' },
];

export const failsWith = (reason: string, detail: string): Script => [
  { stage: 'acceptance', state: 'accepted' },
  { stage: 'failure', state: 'failed', reason, detail },
];

const FINAL: ReadonlySet<CommandState> = new Set(['completed', 'failed', 'rejected', 'timed-out', 'cancelled']);

export class FakeGround implements ProcedureApi {
  nowMs = 0;
  readonly sent: SendCommandRequest[] = [];
  /** Scripts by command name; unscripted commands complete. */
  readonly scripts = new Map<string, Script>();
  /** Field values by packet, as functions of fake time in seconds. */
  readonly telemetry = new Map<string, (timeS: number) => Record<string, unknown>>();
  /** When set, every call fails with it (server gone). */
  failure: ApiFailure | undefined;
  private readonly records: { record: CommandRecord; script: Script; step: number }[] = [];

  readonly sleep = async (ms: number) => {
    this.nowMs += ms;
  };

  async sendCommand(request: SendCommandRequest): Promise<ApiResult<{ command: CommandRecord }>> {
    if (this.failure) return this.failure;
    this.sent.push(request);
    const id = this.records.length + 1;
    const record: CommandRecord = {
      id,
      name: request.name,
      args: request.args ?? {},
      user: 'tester',
      keyId: 1,
      seq: String(1000 + id),
      state: 'sent',
      final: false,
      createdAtMs: this.nowMs,
      sentAtMs: this.nowMs,
      transmissions: 1,
      stages: [],
    };
    this.records.push({ record, script: this.scripts.get(request.name) ?? COMPLETES, step: 0 });
    return { ok: true, value: { command: record } };
  }

  async command(id: number): Promise<ApiResult<CommandRecord>> {
    if (this.failure) return this.failure;
    const entry = this.records[id - 1];
    if (!entry) return apiFailure('not-found', 404, `no command ${id}`);
    const next = entry.script[entry.step];
    if (next && !entry.record.final) {
      entry.step++;
      const stage = {
        stage: next.stage,
        code: next.reason ? 22 : 0,
        reason: next.reason ?? 'ok',
        ...(next.detail ? { detail: next.detail } : {}),
        timeS: this.nowMs / 1000,
        receivedAtMs: this.nowMs,
      };
      entry.record = { ...entry.record, state: next.state, final: FINAL.has(next.state), stages: [...entry.record.stages, stage] };
    }
    return { ok: true, value: entry.record };
  }

  async latestTelemetry(packet?: string): Promise<ApiResult<{ packets: TelemetryPacket[] }>> {
    if (this.failure) return this.failure;
    const packets = [...this.telemetry.entries()]
      .filter(([name]) => packet === undefined || name === packet)
      .map(([name, values], index): TelemetryPacket => {
        const fields = Object.fromEntries(
          Object.entries(values(this.nowMs / 1000)).map(([field, value]): [string, FieldValue] => [field, { value, level: 'none' }]),
        );
        return { id: index + 1, name, apid: 0x10, timeS: this.nowMs / 1000, receivedAtMs: this.nowMs, fields, stale: false };
      });
    return { ok: true, value: { packets } };
  }
}
