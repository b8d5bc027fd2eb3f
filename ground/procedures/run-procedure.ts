/**
 * Runs parsed steps in order against the ground API and stops at the first
 * that fails, naming it (line and text) and what it saw. Time and sleeping
 * are injected: tests run procedures at once against a fake API.
 */
import type { FieldValue, TelemetryPacket } from '../api/contract.js';
import type { ApiFailure } from '../client/api-result.js';
import type { GroundApi } from '../client/ground-api.js';
import { failureReason, sendAndTrack, sleepMs } from '../client/track-command.js';
import { formatValue } from '../client/format-value.js';
import { describeCondition, holds } from './condition.js';
import type { Condition, Step } from './steps.js';

export type ProcedureApi = Pick<GroundApi, 'sendCommand' | 'command' | 'latestTelemetry'>;

export interface RunIo {
  /** One line of progress for the operator. */
  readonly log: (line: string) => void;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly nowMs?: () => number;
  /** How long a send waits for its command to be final (default 120 s). */
  readonly commandTimeoutS?: number;
  /** Telemetry polling period of a wait (default 500 ms). */
  readonly pollMs?: number;
}

export interface StepReport {
  readonly line: number;
  readonly text: string;
  readonly ok: boolean;
  readonly detail: string;
}

export type ProcedureOutcome =
  | { readonly ok: true; readonly reports: readonly StepReport[] }
  | { readonly ok: false; readonly reports: readonly StepReport[]; readonly failed: StepReport; readonly apiFailure?: ApiFailure };

type StepResult = { readonly ok: boolean; readonly detail: string; readonly apiFailure?: ApiFailure };

export async function runProcedure(steps: readonly Step[], api: ProcedureApi, io: RunIo): Promise<ProcedureOutcome> {
  const reports: StepReport[] = [];
  for (const step of steps) {
    io.log(`line ${step.line}: ${step.text}`);
    const result = await runStep(step, api, io);
    const report = { line: step.line, text: step.text, ok: result.ok, detail: result.detail };
    reports.push(report);
    if (!result.ok) return { ok: false, reports, failed: report, ...(result.apiFailure ? { apiFailure: result.apiFailure } : {}) };
    if (result.detail !== '') io.log(`  ${result.detail}`);
  }
  return { ok: true, reports };
}

async function runStep(step: Step, api: ProcedureApi, io: RunIo): Promise<StepResult> {
  const sleep = io.sleep ?? sleepMs;
  switch (step.kind) {
    case 'log':
      return { ok: true, detail: step.message };
    case 'sleep':
      await sleep(step.seconds * 1000);
      return { ok: true, detail: '' };
    case 'send':
      return send(step, api, io);
    case 'check': {
      const seen = await latest(api, step.condition);
      if (!seen.ok) return seen;
      return { ok: holds(step.condition, seen.value?.value), detail: `saw ${describeSeen(step.condition, seen.value)}` };
    }
    case 'wait': {
      const nowMs = io.nowMs ?? Date.now;
      const deadlineMs = nowMs() + step.timeoutS * 1000;
      for (;;) {
        const seen = await latest(api, step.condition);
        if (!seen.ok) return seen;
        if (holds(step.condition, seen.value?.value)) return { ok: true, detail: `saw ${describeSeen(step.condition, seen.value)}` };
        if (nowMs() >= deadlineMs) return { ok: false, detail: `not met within ${step.timeoutS} s: last saw ${describeSeen(step.condition, seen.value)}` };
        await sleep(io.pollMs ?? 500);
      }
    }
  }
}

async function send(step: Extract<Step, { kind: 'send' }>, api: ProcedureApi, io: RunIo): Promise<StepResult> {
  if (!step.wait) {
    const sent = await api.sendCommand(step.request);
    return sent.ok
      ? { ok: true, detail: `#${sent.value.command.id} ${step.request.name} ${sent.value.command.state} (sent by ${sent.value.command.user})` }
      : apiStep(sent);
  }
  const timeoutS = io.commandTimeoutS ?? 120;
  const tracked = await sendAndTrack(api, step.request, {
    timeoutMs: timeoutS * 1000,
    ...(io.sleep ? { sleep: io.sleep } : {}),
    ...(io.nowMs ? { nowMs: io.nowMs } : {}),
  });
  if (!tracked.ok) return apiStep(tracked);
  const { record, final } = tracked.value;
  const title = `#${record.id} ${record.name}`;
  const by = ` (sent by ${record.user})`;
  if (!final) return { ok: false, detail: `${title} still ${record.state} after ${timeoutS} s${by}` };
  if (record.state !== 'completed') return { ok: false, detail: `${title} ${record.state}: ${failureReason(record)}${by}` };
  return { ok: true, detail: `${title} completed${by}` };
}

const apiStep = (failure: ApiFailure) => ({ ok: false as const, detail: failure.error, apiFailure: failure });

type Seen = { ok: true; value: (FieldValue & { packet: TelemetryPacket }) | undefined } | ReturnType<typeof apiStep>;

async function latest(api: ProcedureApi, condition: Condition): Promise<Seen> {
  const answer = await api.latestTelemetry(condition.ref.packet);
  if (!answer.ok) return apiStep(answer);
  const packet = answer.value.packets.find((p) => p.name === condition.ref.packet);
  const field = packet?.fields[condition.ref.field];
  return { ok: true, value: packet && field ? { ...field, packet } : undefined };
}

function describeSeen(condition: Condition, seen: (FieldValue & { packet: TelemetryPacket }) | undefined): string {
  const name = `${condition.ref.packet}.${condition.ref.field}`;
  if (!seen) return `no ${name} received yet (wanted ${describeCondition(condition)})`;
  const value = typeof seen.value === 'string' ? JSON.stringify(seen.value) : formatValue(seen.value, seen.unit);
  return `${name} = ${value} at t=${seen.packet.timeS.toFixed(2)} s${seen.packet.stale ? ' (stale)' : ''}`;
}
