import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { toHex } from '../../protocol/index.js';
import type { CommandRecord, JobRecord } from '../api/contract.js';
import { awaitJobResult } from '../client/await-job-result.js';
import { checkCommand } from '../client/command-request.js';
import type { GroundApi } from '../client/ground-api.js';
import { SERVER_HELP, SERVER_OPTIONS, apiError, connect, unwrap } from './api-option.js';
import { table } from './table.js';
import { DEFAULT_WAIT_S, runCommand } from './command-run.js';
import { CliError, EXIT, environmentError, usageError } from './exit-codes.js';
import { formatTimeS } from '../client/format-value.js';
import { FLEET_JOBS_HELP, fleetJobsVerb } from './fleet-jobs.js';
import { printJson } from './json.js';
import { positiveInteger, positiveSeconds } from './numbers.js';

export const JOBS_HELP = `Usage: ground jobs <submit|list|show|cancel|result> [arguments] [options]

  submit kind=K size=N [jobId=N] [priority=P] [deadlineS=T] [inputSeed=S] [input=HEX]
                 queue a job on the spacecraft (submit_job); without jobId the
                 next id after the archive's highest is used; the first line
                 names the job id (--json: {"jobId", "command"})
  list [--refresh]  the jobs the archive knows (--refresh asks the spacecraft first: list_jobs)
  show <jobId>      one job: state, summary, result chunks received
  cancel <jobId>    cancel a queued or running job (cancel_job)
  result <jobId> [--out FILE]
                 the verified result: from the archive, else asks the
                 spacecraft (get_result) and waits for the chunks; waits for a
                 job still running; the SHA-256 is checked against the job
                 summary; without --out the bytes print as hex

${FLEET_JOBS_HELP}

Options:
  --fleet        the fleet's jobs (above) instead of one spacecraft's
  --timeout S    how long submit/cancel/result wait (default ${DEFAULT_WAIT_S})
  --no-wait      submit/cancel: return once queued
  --out FILE     result: write the bytes to FILE
${SERVER_HELP}

Exit codes: 0 ok; 1 the command failed, the job failed, no complete result
in time; 2 bad usage, unknown job; 3 no server.

Examples:
  ground jobs submit kind=matmul size=64 priority=5
  ground jobs result 1 --out result.bin
  ground jobs submit --fleet inference size=64 deadline=+7200 --redundant 2
  ground jobs result 1 --fleet --out result.bin`;

export async function jobsVerb(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      ...SERVER_OPTIONS,
      timeout: { type: 'string' },
      'no-wait': { type: 'boolean' },
      out: { type: 'string' },
      refresh: { type: 'boolean' },
      fleet: { type: 'boolean' },
      redundant: { type: 'string' },
      state: { type: 'string' },
    },
  });
  if (values.help) {
    process.stdout.write(`${JOBS_HELP}\n`);
    return EXIT.ok;
  }
  const [sub, ...words] = positionals;
  const timeoutS = positiveSeconds('--timeout', values.timeout, DEFAULT_WAIT_S);
  const json = values.json === true;
  if (values.fleet) {
    if (values.sc !== undefined) throw usageError('--fleet and --sc: a fleet job names no spacecraft (the broker places it)');
    for (const option of ['refresh', 'no-wait'] as const) if (values[option]) throw usageError(`--${option} is for one spacecraft's jobs, not --fleet`);
    return fleetJobsVerb(connect(values), sub, words, { json, timeoutS, out: values.out, redundant: values.redundant, state: values.state });
  }
  for (const option of ['redundant', 'state'] as const) if (values[option] !== undefined) throw usageError(`--${option} is for the fleet's jobs (--fleet)`);
  const api = connect(values);
  const send = async (
    name: string,
    argWords: readonly string[],
    progressTo: NodeJS.WritableStream = process.stdout,
    jsonOf?: (record: CommandRecord) => unknown,
  ) => {
    const checked = checkCommand(name, argWords);
    if (!checked.ok) throw usageError(checked.error);
    return runCommand(api, checked.value.request, { wait: !values['no-wait'], json, timeoutS, progressTo, ...(jsonOf ? { jsonOf } : {}) });
  };
  const jobIdWord = () => {
    if (words.length !== 1) throw usageError(`jobs ${sub} needs one job id`);
    return positiveInteger('job id', words[0]);
  };
  switch (sub) {
    case 'submit': {
      const given = words.find((word) => word.startsWith('jobId='));
      const jobId = given !== undefined ? positiveInteger('jobId', given.slice('jobId='.length)) : await nextJobId(api);
      if (!json) process.stdout.write(`job ${jobId} (follow it with: ground jobs show ${jobId}; its result: ground jobs result ${jobId})\n`);
      await send('submit_job', given !== undefined ? words : [...words, `jobId=${jobId}`], process.stdout, (command) => ({ jobId, command }));
      return EXIT.ok;
    }
    case 'cancel':
      await send('cancel_job', [`jobId=${jobIdWord()}`]);
      return EXIT.ok;
    case 'list': {
      if (values.refresh) await send('list_jobs', []);
      const jobs = unwrap(await api.jobs()).jobs;
      if (json) printJson({ jobs });
      else process.stdout.write(jobs.length === 0 ? 'no jobs known to the archive (try --refresh)\n' : `${table(jobs.map(jobRow)).join('\n')}\n`);
      return EXIT.ok;
    }
    case 'show': {
      const job = unwrap(await api.job(jobIdWord()));
      if (json) printJson(job);
      else process.stdout.write(`${showJob(job).join('\n')}\n`);
      return EXIT.ok;
    }
    case 'result':
      return resultOf(api, jobIdWord(), { out: values.out, json, timeoutS, ask: (jobId) => send('get_result', [`jobId=${jobId}`], process.stderr) });
    default:
      throw usageError(`jobs needs one of submit, list, show, cancel, result (see: ground jobs --help)`);
  }
}

async function nextJobId(api: GroundApi): Promise<number> {
  const jobs = unwrap(await api.jobs()).jobs;
  return Math.max(0, ...jobs.map((job) => job.jobId)) + 1;
}

const jobRow = (job: JobRecord) => ({
  jobId: job.jobId,
  kind: job.kind ?? '?',
  state: job.state,
  chunks: `${job.chunksReceived}/${job.chunks ?? '?'}`,
  result: job.resultComplete ? 'complete' : '-',
  updated: formatTimeS(job.updatedTimeS),
  detail: job.detail ?? '',
});

function showJob(job: JobRecord): string[] {
  return [
    `job ${job.jobId}${job.kind ? ` (${job.kind})` : ''}: ${job.state}${job.detail ? `: ${job.detail}` : ''}, updated ${formatTimeS(job.updatedTimeS)}`,
    `result chunks ${job.chunksReceived}/${job.chunks ?? '?'}${job.resultComplete ? ', complete and verified' : ''}`,
    ...Object.entries(job.summary ?? {}).map(
      ([name, value]) => `  ${name}: ${typeof value === 'string' || typeof value === 'number' ? value : JSON.stringify(value)}`,
    ),
  ];
}

interface ResultOptions {
  readonly out: string | undefined;
  readonly json: boolean;
  readonly timeoutS: number;
  readonly ask: (jobId: number) => Promise<unknown>;
}

async function resultOf(api: GroundApi, jobId: number, options: ResultOptions): Promise<number> {
  const say = (line: string) => !options.json && process.stderr.write(`${line}\n`);
  const outcome = await awaitJobResult(api, jobId, {
    timeoutMs: options.timeoutS * 1000,
    ask: async () => {
      say(`asking the spacecraft for job ${jobId}'s result (get_result)`);
      await options.ask(jobId);
    },
    onJob: (job) => say(`job ${jobId} ${job.state}${job.detail ? `: ${job.detail}` : ''}`),
  });
  if (!outcome.ok) throw 'code' in outcome ? apiError(outcome) : new CliError(outcome.error, EXIT.failed);
  const { data, digestHex } = outcome.value;
  if (options.out !== undefined) {
    try {
      writeFileSync(options.out, data);
    } catch (error) {
      throw environmentError(`cannot write ${options.out}: ${(error as Error).message}`);
    }
  }
  if (options.json) {
    printJson({ jobId, bytes: data.length, digestHex, ...(options.out !== undefined ? { out: options.out } : { dataHex: toHex(data) }) });
    return EXIT.ok;
  }
  process.stdout.write(
    `job ${jobId} result: ${data.length} bytes, SHA-256 ${digestHex} (matches the job summary)${options.out !== undefined ? `, written to ${options.out}` : ''}\n`,
  );
  if (options.out === undefined) process.stdout.write(`${toHex(data)}\n`);
  return EXIT.ok;
}
