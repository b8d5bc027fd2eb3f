/**
 * Workload files: the jobs the ground operator uplinks, as JSON, validated
 * whole on load. Each job is a submit_job command's arguments, checked
 * against the dictionary's own schema (inline input bytes cannot be given
 * in JSON); job ids are unique. Format in README.md.
 *
 *   { "format": "orbital-node-workload/1",
 *     "description": "mixed matmul, inference and training",
 *     "jobs": [ { "jobId": 1, "kind": "matmul", "size": 48, "priority": 5 } ] }
 */
import { readFileSync } from 'node:fs';
import { accept, describeErrors, fail, missionDictionary, type Outcome } from '../../protocol/index.js';
import type { JobKind } from '../../fsw/hal/frames.js';

export const WORKLOAD_FORMAT = 'orbital-node-workload/1';
/** Jobs one workload may hold. */
export const WORKLOAD_JOBS_MAX = 1000;

export interface WorkloadJob {
  readonly jobId: number;
  readonly kind: JobKind;
  readonly size: number;
  readonly priority?: number;
  readonly deadlineS?: number;
  readonly inputSeed?: number;
}

export interface Workload {
  readonly description: string;
  /** In file order: the order the operator uplinks them. */
  readonly jobs: readonly WorkloadJob[];
}

const submitJob = (() => {
  const dictionary = missionDictionary();
  const entry = dictionary.command('submit_job');
  if (!entry) throw new Error('the dictionary has no submit_job command');
  return dictionary.validator(entry);
})();

/** Checks one job; returns the problem or null. */
function checkJob(value: unknown, where: string): string | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return `${where} must be an object`;
  if ('input' in value) return `${where}.input: inline input bytes cannot be given in a workload file (use inputSeed)`;
  if (!submitJob(value)) return describeErrors(submitJob.errors, where);
  return null;
}

/** The submit_job arguments of a workload job. */
export function submitArgs(job: WorkloadJob): Record<string, unknown> {
  return { ...job };
}

export function parseWorkload(text: string, source = 'workload'): Outcome<Workload> {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    return fail(`${source} is not JSON: ${(error as Error).message}`);
  }
  if (document === null || typeof document !== 'object' || Array.isArray(document)) return fail(`${source} must be a JSON object`);
  const doc = document as { format?: unknown; description?: unknown; jobs?: unknown };
  const unknownKeys = Object.keys(doc).filter((key) => !['format', 'description', 'jobs'].includes(key));
  if (unknownKeys.length > 0) return fail(`${source}: unknown key "${unknownKeys[0]}" (format, description, jobs)`);
  if (doc.format !== WORKLOAD_FORMAT) return fail(`${source}: "format" must be "${WORKLOAD_FORMAT}"`);
  if (doc.description !== undefined && typeof doc.description !== 'string') return fail(`${source}: "description" must be text`);
  if (!Array.isArray(doc.jobs)) return fail(`${source}: "jobs" must be an array`);
  if (doc.jobs.length === 0) return fail(`${source}: "jobs" is empty`);
  if (doc.jobs.length > WORKLOAD_JOBS_MAX) return fail(`${source}: ${doc.jobs.length} jobs, at most ${WORKLOAD_JOBS_MAX}`);
  const problems = doc.jobs.map((job, index) => checkJob(job, `jobs[${index}]`)).filter((problem): problem is string => problem !== null);
  const jobs = doc.jobs as WorkloadJob[];
  const seen = new Map<number, number>();
  jobs.forEach((job, index) => {
    if (typeof job?.jobId !== 'number') return;
    const first = seen.get(job.jobId);
    if (first !== undefined) problems.push(`jobs[${index}].jobId ${job.jobId} repeats jobs[${first}]`);
    else seen.set(job.jobId, index);
  });
  if (problems.length > 0)
    return fail(`${source} is invalid: ${problems.slice(0, 3).join('; ')}${problems.length > 3 ? `; and ${problems.length - 3} more` : ''}`);
  return accept({ description: (doc.description as string | undefined) ?? '', jobs: jobs.map((job) => ({ ...job })) });
}

export function readWorkloadFile(path: string): Outcome<Workload> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    return fail(`workload file ${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  return parseWorkload(text, `workload file ${path}`);
}
