/**
 * `ground jobs ... --fleet`: jobs for the fleet, no spacecraft named. The
 * ground's broker places each one (GET/POST /api/fleet/jobs); the ground's
 * job id is stable wherever the job runs, and `show` lists its runs with
 * their on-board ids.
 */
import { writeFileSync } from 'node:fs';
import { fromHex, resultDigestHex, toHex } from '../../protocol/index.js';
import type { FleetJobRecord, FleetRunRecord, SubmitFleetJobRequest } from '../api/contract.js';
import type { GroundApi } from '../client/ground-api.js';
import { formatTimeS } from '../client/format-value.js';
import { sleepMs } from '../client/track-command.js';
import { apiError } from './api-option.js';
import { CliError, EXIT, environmentError, usageError } from './exit-codes.js';
import { printJson } from './json.js';
import { positiveInteger } from './numbers.js';
import { table } from './table.js';
import type { ApiResult } from '../client/api-result.js';

export const FLEET_JOBS_HELP = `With --fleet (a ground serving a fleet, or a lone one): jobs for the fleet.
  submit --fleet KIND size=N [priority=P] [deadline=T|+D] [inputSeed=S] [--redundant 2]
                 the ground's broker places it where the energy and contacts
                 are (deadline: mission time T, or D seconds from now);
                 --redundant 2 runs it on two spacecraft, done when their
                 digests agree; the first line names the fleet job id
  list --fleet [--state S]   the fleet's jobs (S: queued, placed, done, failed)
  show ID --fleet            one job: state, reason, every run (spacecraft, on-board id, state)
  cancel ID --fleet          fail it as cancelled; its runs are told (cancel_job)
  result ID --fleet [--out FILE]
                 the accepted result, waiting up to --timeout for it; its
                 SHA-256 checked again here`;

export interface FleetJobsOptions {
  readonly json: boolean;
  readonly timeoutS: number;
  readonly out: string | undefined;
  readonly redundant: string | undefined;
  readonly state: string | undefined;
}

/** A failure answered with its message alone (the server says what to do). */
function need<T>(result: ApiResult<T>): T {
  if (result.ok) return result.value;
  if (result.code === 'not-ready') throw new CliError(result.error, EXIT.environment);
  throw apiError(result);
}

export async function fleetJobsVerb(api: GroundApi, sub: string | undefined, words: readonly string[], options: FleetJobsOptions): Promise<number> {
  const idWord = () => {
    if (words.length !== 1) throw usageError(`jobs ${sub} --fleet needs one fleet job id`);
    return positiveInteger('fleet job id', words[0]);
  };
  switch (sub) {
    case 'submit': {
      const job = need(await api.submitFleetJob(submitRequest(words, options.redundant))).job;
      if (options.json) printJson({ job });
      else process.stdout.write(`${submittedLine(job)}\n`);
      return EXIT.ok;
    }
    case 'list': {
      const listed = need(await api.fleetJobs(options.state !== undefined ? { state: options.state as FleetJobRecord['state'] } : {}));
      if (options.json) printJson(listed);
      else {
        const counts = listed.counts;
        process.stdout.write(
          `${listed.jobs.length === 0 ? 'no fleet jobs' : table(listed.jobs.map(jobRow)).join('\n')}\n` +
            `fleet jobs: ${counts.submitted ?? 0} submitted, ${counts.done ?? 0} done, ${counts.failed ?? 0} failed, ${counts.open ?? 0} open, ${counts.replacements ?? 0} re-placements, lost ${counts.lost ?? 0}; mission time ${formatTimeS(listed.missionTimeS)}\n`,
        );
      }
      return EXIT.ok;
    }
    case 'show': {
      const job = need(await api.fleetJob(idWord()));
      if (options.json) printJson(job);
      else process.stdout.write(`${showJob(job).join('\n')}\n`);
      return EXIT.ok;
    }
    case 'cancel': {
      const job = need(await api.cancelFleetJob(idWord())).job;
      if (options.json) printJson({ job });
      else process.stdout.write(`fleet job ${job.id} ${job.state}: ${job.reason}\n`);
      return EXIT.ok;
    }
    case 'result':
      return resultOf(api, idWord(), options);
    default:
      throw usageError('jobs --fleet needs one of submit, list, show, cancel, result (see: ground jobs --help)');
  }
}

/** The words of `submit --fleet`: the kind (bare, or kind=K) and NAME=VALUE pairs. */
export function submitRequest(words: readonly string[], redundantOption: string | undefined): SubmitFleetJobRequest {
  const request: Record<string, string | number> = {};
  const numberOf = (name: string, text: string) => {
    const value = Number(text);
    if (text === '' || !Number.isFinite(value)) throw usageError(`${name}=${text} is not a number`);
    return value;
  };
  for (const word of words) {
    const match = /^([A-Za-z]+)=(.*)$/.exec(word);
    if (!match) {
      if (request.kind !== undefined) throw usageError(`${word}: the kind is given already (${request.kind}); other words are NAME=VALUE`);
      request.kind = word;
      continue;
    }
    const [, name, text] = match as unknown as [string, string, string];
    if (name !== 'deadline' && name !== 'deadlineS' && name in request) throw usageError(`${name} is given twice`);
    switch (name) {
      case 'kind':
        request.kind = text;
        break;
      case 'size':
      case 'priority':
      case 'inputSeed':
      case 'redundant':
        request[name] = numberOf(name, text);
        break;
      case 'deadline':
      case 'deadlineS':
        if ('deadlineS' in request || 'deadlineInS' in request) throw usageError('the deadline is given twice');
        if (text.startsWith('+')) request.deadlineInS = numberOf(name, text.slice(1));
        else request.deadlineS = numberOf(name, text);
        break;
      default:
        throw usageError(`${name}= is not a fleet job field: kind, size, priority, deadline, inputSeed, redundant`);
    }
  }
  if (redundantOption !== undefined) {
    if ('redundant' in request) throw usageError('redundant is given twice (redundant= and --redundant)');
    request.redundant = numberOf('--redundant', redundantOption);
  }
  if (request.kind === undefined) throw usageError('jobs submit --fleet needs a kind (matmul, inference, training)');
  if (request.size === undefined) throw usageError('jobs submit --fleet needs size=N');
  return request as unknown as SubmitFleetJobRequest;
}

function submittedLine(job: FleetJobRecord): string {
  const where =
    job.runs.length > 0
      ? `placed on ${job.runs.map((run) => `${run.spacecraft} as on-board job ${run.boardJobId} (${run.because})`).join(' and ')}`
      : `${job.state === 'queued' ? 'waiting on the ground for a placement' : job.state}${job.reason ? ` (${job.reason})` : ''}`;
  return `fleet job ${job.id} (${job.kind} size ${job.size}${job.redundant > 1 ? `, redundant ${job.redundant}` : ''}): ${where}; follow it with: ground jobs show ${job.id} --fleet; its result: ground jobs result ${job.id} --fleet`;
}

const runsText = (runs: readonly FleetRunRecord[]) => runs.map((run) => `${run.spacecraft}:${run.state}`).join(' ') || '-';

const jobRow = (job: FleetJobRecord) => ({
  id: job.id,
  kind: job.kind,
  size: job.size,
  prio: job.priority,
  state: job.state,
  runs: runsText(job.runs),
  submitted: formatTimeS(job.submittedS),
  done: job.doneS === null ? '-' : formatTimeS(job.doneS),
  reason: job.reason,
});

function showJob(job: FleetJobRecord): string[] {
  return [
    `fleet job ${job.id} (${job.kind} size ${job.size}, priority ${job.priority}${job.redundant > 1 ? `, redundant ${job.redundant}` : ''}): ${job.state}${job.reason ? `: ${job.reason}` : ''}`,
    `  submitted ${formatTimeS(job.submittedS)} by ${job.submittedBy}; deadline ${job.deadlineS === null ? 'none' : formatTimeS(job.deadlineS)}; input seed ${job.inputSeed}`,
    ...(job.state === 'done'
      ? [`  done ${formatTimeS(job.doneS)}, SHA-256 ${job.digestHex} (agreed by ${job.agreeing.length} run${job.agreeing.length === 1 ? '' : 's'})`]
      : []),
    `  ${job.runs.length} run${job.runs.length === 1 ? '' : 's'}, ${job.replacements} re-placement${job.replacements === 1 ? '' : 's'}${job.resultsDiscarded > 0 ? `, ${job.resultsDiscarded} later results discarded` : ''}`,
    ...job.runs.map(
      (run) =>
        `  - ${run.spacecraft} on-board job ${run.boardJobId}: ${run.state}${run.detail ? ` (${run.detail})` : ''}; placed ${formatTimeS(run.placedS)}: ${run.because}` +
        `${run.homeS !== null ? `; home ${formatTimeS(run.homeS)}${run.homeStation ? ` via ${run.homeStation}` : ''}${run.verification ? `, checked on board by ${run.verification}` : ''}` : ''}${run.digestHex ? `; SHA-256 ${run.digestHex.slice(0, 16)}...` : ''}`,
    ),
  ];
}

async function resultOf(api: GroundApi, id: number, options: FleetJobsOptions): Promise<number> {
  const deadlineMs = Date.now() + options.timeoutS * 1000;
  let lastState = '';
  for (;;) {
    const result = await api.fleetJobResult(id);
    if (result.ok) {
      const data = fromHex(result.value.dataHex);
      if (!data) throw new CliError(`fleet job ${id}: the server sent a result that is not hex`, EXIT.failed);
      const digestHex = resultDigestHex(data);
      if (digestHex !== result.value.digestHex.toLowerCase())
        throw new CliError(`fleet job ${id}: the result's SHA-256 ${digestHex} differs from the accepted ${result.value.digestHex}`, EXIT.failed);
      if (options.out !== undefined) {
        try {
          writeFileSync(options.out, data);
        } catch (error) {
          throw environmentError(`cannot write ${options.out}: ${(error as Error).message}`);
        }
      }
      const from = `${result.value.spacecraft} job ${result.value.boardJobId}`;
      if (options.json) printJson({ ...result.value, bytes: data.length, ...(options.out !== undefined ? { out: options.out, dataHex: undefined } : {}) });
      else {
        process.stdout.write(
          `fleet job ${id} result: ${data.length} bytes, SHA-256 ${digestHex} (from ${from}, agreed by ${result.value.agreeing.map((run) => run.spacecraft).join(' and ')})${options.out !== undefined ? `, written to ${options.out}` : ''}\n`,
        );
        if (options.out === undefined) process.stdout.write(`${toHex(data)}\n`);
      }
      return EXIT.ok;
    }
    if (result.code !== 'conflict') throw apiError(result);
    const job = need(await api.fleetJob(id));
    if (job.state === 'failed') throw new CliError(`fleet job ${id} failed: ${job.reason}`, EXIT.failed);
    const state = `${job.state} ${runsText(job.runs)}`;
    if (state !== lastState && !options.json) process.stderr.write(`fleet job ${id} ${job.state}: ${runsText(job.runs)}\n`);
    lastState = state;
    if (Date.now() >= deadlineMs)
      throw new CliError(`no result after ${options.timeoutS} s: ${result.error}; ask again later with ground jobs result ${id} --fleet`, EXIT.failed);
    await sleepMs(Math.min(1000, Math.max(0, deadlineMs - Date.now())));
  }
}
