/**
 * A job's verified result from the archive, asking the spacecraft for it
 * (get_result) when the archive has no complete copy, and waiting for a job
 * still running, up to a timeout. The digest is checked here again: the
 * bytes handed to the operator are the bytes the spacecraft verified.
 */
import type { JobRecord } from '../api/contract.js';
import { fromHex, resultDigestHex, type Failure } from '../../protocol/index.js';
import type { ApiFailure } from './api-result.js';
import type { GroundApi } from './ground-api.js';
import { sleepMs } from './track-command.js';

export interface VerifiedResult {
  readonly jobId: number;
  readonly data: Uint8Array;
  readonly digestHex: string;
  /** The spacecraft was asked for it (get_result). */
  readonly asked: boolean;
}

export interface AwaitOptions {
  readonly timeoutMs: number;
  /** Sends get_result for the job and waits for it to complete; throws or fails when it does not. */
  readonly ask: () => Promise<void>;
  /** Called when the job's state is first seen and when it changes. */
  readonly onJob?: (job: JobRecord) => void;
  readonly pollMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly nowMs?: () => number;
}

export type JobResultOutcome = { readonly ok: true; readonly value: VerifiedResult } | ApiFailure | Failure;

/** States after which a job will never have a result. */
const HOPELESS = new Set(['failed']);

export async function awaitJobResult(api: Pick<GroundApi, 'jobResult' | 'job'>, jobId: number, options: AwaitOptions): Promise<JobResultOutcome> {
  const sleep = options.sleep ?? sleepMs;
  const nowMs = options.nowMs ?? Date.now;
  const deadlineMs = nowMs() + options.timeoutMs;
  let asked = false;
  let lastState: string | undefined;
  for (;;) {
    const result = await api.jobResult(jobId);
    if (result.ok) return verify(result.value.jobId, result.value.dataHex, result.value.digestHex, asked);
    if (result.code !== 'conflict' && result.code !== 'not-found') return result;
    const job = await api.job(jobId);
    if (!job.ok && job.code !== 'not-found') return job;
    const known = job.ok ? job.value : undefined;
    if (known && known.state !== lastState) {
      lastState = known.state;
      options.onJob?.(known);
    }
    if (known && HOPELESS.has(known.state)) return { ok: false, error: `job ${jobId} ${known.state}${known.detail ? `: ${known.detail}` : ''}` };
    if (asked && known?.summary?.resultStored === 0)
      return { ok: false, error: `job ${jobId} is done but the spacecraft no longer holds its result bytes (evicted from its store)` };
    if (!asked && (!known || known.state === 'done')) {
      await options.ask();
      asked = true;
    }
    if (nowMs() >= deadlineMs) {
      const why = known
        ? `job ${jobId} is ${known.state}, ${known.chunksReceived}/${known.chunks ?? '?'} result chunks received`
        : `job ${jobId} is unknown to the archive`;
      return {
        ok: false,
        error: `no complete result after ${options.timeoutMs / 1000} s: ${why} (${result.error}); ask again later with ground jobs result ${jobId}`,
      };
    }
    await sleep(options.pollMs ?? 1000);
  }
}

function verify(jobId: number, dataHex: string, digestHex: string, asked: boolean): JobResultOutcome {
  const data = fromHex(dataHex);
  if (!data) return { ok: false, error: `job ${jobId}: the server sent a result that is not hex` };
  const actual = resultDigestHex(data);
  if (actual !== digestHex.toLowerCase())
    return { ok: false, error: `job ${jobId}: the result's SHA-256 ${actual} differs from the job summary's ${digestHex}` };
  return { ok: true, value: { jobId, data, digestHex: actual, asked } };
}
