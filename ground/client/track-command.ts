/**
 * Follows one command through its verification stages by polling
 * ROUTES.command, reporting each change, until it is final or the
 * caller's patience ends. Time and sleeping are injected (tests run it at once).
 */
import type { CommandRecord, SendCommandRequest } from '../api/contract.js';
import type { ApiResult } from './api-result.js';
import type { GroundApi } from './ground-api.js';

export interface TrackOptions {
  /** Give up waiting (the command goes on in the server) after this long. */
  readonly timeoutMs: number;
  readonly pollMs?: number;
  /** Called with the first record and each one that changed. */
  readonly onUpdate?: (record: CommandRecord, previous: CommandRecord | undefined) => void;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly nowMs?: () => number;
}

export interface Tracked {
  readonly record: CommandRecord;
  /** False when the wait ended before the command was final. */
  readonly final: boolean;
}

export const DEFAULT_POLL_MS = 250;
export const sleepMs = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function sendAndTrack(
  api: Pick<GroundApi, 'sendCommand' | 'command'>,
  request: SendCommandRequest,
  options: TrackOptions,
): Promise<ApiResult<Tracked>> {
  const sent = await api.sendCommand(request);
  if (!sent.ok) return sent;
  return trackCommand(api, sent.value.command, options);
}

export async function trackCommand(api: Pick<GroundApi, 'command'>, first: CommandRecord, options: TrackOptions): Promise<ApiResult<Tracked>> {
  const sleep = options.sleep ?? sleepMs;
  const nowMs = options.nowMs ?? Date.now;
  const deadlineMs = nowMs() + options.timeoutMs;
  options.onUpdate?.(first, undefined);
  let record = first;
  while (!record.final && nowMs() < deadlineMs) {
    await sleep(options.pollMs ?? DEFAULT_POLL_MS);
    const next = await api.command(record.id);
    if (!next.ok) return next;
    if (changed(record, next.value)) options.onUpdate?.(next.value, record);
    record = next.value;
  }
  return { ok: true, value: { record, final: record.final } };
}

const changed = (a: CommandRecord, b: CommandRecord) => a.state !== b.state || a.stages.length !== b.stages.length || a.transmissions !== b.transmissions;

/** Why a final command did not complete, in one line: the failing stage's reason and detail. */
export function failureReason(record: CommandRecord): string {
  const stage = [...record.stages].reverse().find((s) => s.stage === 'failure' || s.stage === 'rejection');
  if (stage) return `${stage.reason}${stage.detail ? ` (${stage.detail})` : ''}`;
  if (record.state === 'timed-out') return `no acceptance after ${record.transmissions} transmission(s): is the spacecraft in contact?`;
  return record.state;
}
