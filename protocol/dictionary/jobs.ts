import { bytes, choice, integer, list, number, struct, text } from './fields.js';
import type { SubsystemDef } from './types.js';

export const JOB_KINDS = ['matmul', 'inference', 'training'] as const;
export const JOB_STATES = ['queued', 'running', 'checkpointed', 'verifying', 'done', 'failed'] as const;
export const JOB_POLICIES = ['budgeted', 'naive'] as const;
export const JOB_VERIFICATIONS = ['abft', 'redundant'] as const;

/** Entries of one job_list report (the queue first, then the newest finished jobs). */
export const JOB_LIST_MAX = 48;

const jobId = integer('Job id chosen by the ground', { min: 1, max: 0xffffffff });

export const jobs = {
  name: 'jobs',
  apid: 0x050,
  description: 'Accelerator job runner: queue, scheduling under the power and thermal cap, verified results',
  commands: [
    {
      name: 'submit_job',
      opcode: 0x0500,
      description: 'Queue a job for the accelerator (NOMINAL mode only: SAFE sheds the payload).',
      hazardous: false,
      role: 'operator',
      modes: ['NOMINAL'],
      args: {
        jobId,
        kind: choice(JOB_KINDS, 'Workload'),
        size: integer('Problem size (matrix order, batch or steps)', { min: 1, max: 4096 }),
        priority: integer('Higher runs first', { min: 0, max: 9, optional: true }),
        deadlineS: number('Mission time by which the result is wanted', { min: 0, unit: 's', optional: true }),
        inputSeed: integer('Seed of the generated inputs', { min: 0, max: 0xffffffff, optional: true }),
        input: bytes('Inline input data', { maxBytes: 2048, optional: true }),
      },
    },
    { name: 'cancel_job', opcode: 0x0501, description: 'Cancel a queued or running job.', hazardous: false, role: 'operator', args: { jobId } },
    {
      name: 'pause_queue',
      opcode: 0x0502,
      description: 'Checkpoint the running job and start no job until resume_queue (kept across resets).',
      hazardous: false,
      role: 'operator',
      args: {},
    },
    { name: 'resume_queue', opcode: 0x0503, description: 'Let the runner start jobs again.', hazardous: false, role: 'operator', args: {} },
    { name: 'list_jobs', opcode: 0x0504, description: 'Downlink a job_list report.', hazardous: false, role: 'operator', args: {} },
    {
      name: 'get_result',
      opcode: 0x0505,
      description: 'Downlink a job_summary report and, for a done job whose result is stored, its job_result chunks.',
      hazardous: false,
      role: 'operator',
      args: { jobId },
    },
  ],
  telemetry: [
    {
      name: 'jobs_hk',
      id: 0x0500,
      class: 'housekeeping',
      description: 'Job runner housekeeping.',
      fields: {
        queued: integer('Jobs waiting', { min: 0 }),
        running: integer('Job running, 0 when idle', { min: 0 }),
        done: integer('Jobs done and verified', { min: 0 }),
        failed: integer('Jobs failed', { min: 0 }),
        corruptionsDetected: integer('Corrupt results detected', { min: 0 }),
        corruptionsCorrected: integer('Corrupt results corrected in place', { min: 0 }),
        queueLength: integer('Jobs in the queue (queued, running, checkpointed, verifying)', { min: 0 }),
        progressPct: number('Progress of the running job', { min: 0, max: 100, unit: '%' }),
        energyUsedJ: number('Accelerator energy spent on jobs since the counters started', { min: 0, unit: 'J' }),
        verifiedWorkFlop: number('Work of the jobs done and verified', { min: 0, unit: 'FLOP' }),
        retries: integer('Runs restarted from a checkpoint (corruption, uncorrectable error, hang, lost job)', { min: 0 }),
        refused: integer('Submissions refused', { min: 0 }),
        capW: number('Accelerator cap the runner obeys now', { min: 0, unit: 'W' }),
        paused: integer('1 when the queue is paused by command', { min: 0, max: 1 }),
        holdReason: text('Why no job runs now (empty when one may)', { maxLength: 40 }),
        resultsStored: integer('Done results held for get_result', { min: 0 }),
        resultsEvicted: integer('Done results evicted from the store (summary kept)', { min: 0 }),
        checkpointsDropped: integer('Checkpoints dropped for lack of room (the job restarts from step 0)', { min: 0 }),
      },
    },
    {
      name: 'job_result',
      id: 0x0501,
      class: 'bulk',
      description: 'One chunk of a verified job result.',
      fields: {
        jobId,
        chunk: integer('Chunk index', { min: 0 }),
        chunks: integer('Number of chunks', { min: 1 }),
        data: bytes('Result bytes', { maxBytes: 3072 }),
      },
    },
    {
      name: 'job_summary',
      id: 0x0502,
      class: 'report',
      description: 'A job: state, result size and digest, work, energy and integrity counts.',
      fields: {
        jobId,
        kind: choice(JOB_KINDS, 'Workload'),
        state: choice(JOB_STATES, 'State'),
        detail: text('Details (failure reason, correction made)', { maxLength: 120 }),
        resultBytes: integer('Bytes of the result (little-endian float32)', { min: 0 }),
        chunks: integer('job_result chunks of the result', { min: 0 }),
        digest: bytes('SHA-256 of the result bytes (absent until done)', { minBytes: 32, maxBytes: 32, optional: true }),
        workFlop: number('Useful work of the job (checksums and repeated runs not counted)', { min: 0, unit: 'FLOP' }),
        energyJ: number('Accelerator energy spent on the job, every run included', { min: 0, unit: 'J' }),
        retries: integer('Runs restarted from a checkpoint', { min: 0 }),
        corruptionsDetected: integer('Corruptions detected in this job', { min: 0 }),
        corruptionsCorrected: integer('Corruptions corrected in place', { min: 0 }),
        verification: choice(JOB_VERIFICATIONS, 'How the result is verified', { optional: true }),
        resultStored: integer('1 when the result bytes are held for get_result', { min: 0, max: 1, optional: true }),
      },
    },
    {
      name: 'job_list',
      id: 0x0503,
      class: 'report',
      description: `The queue, then the newest finished jobs, at most ${JOB_LIST_MAX} entries.`,
      fields: {
        jobs: list(
          struct(
            {
              jobId,
              state: choice(JOB_STATES, 'State'),
              priority: integer('Priority', { min: 0, max: 9 }),
              progressPct: number('Progress', { min: 0, max: 100, unit: '%' }),
            },
            'Job',
          ),
          'Jobs',
          { maxItems: JOB_LIST_MAX },
        ),
        total: integer('Jobs known (queue and finished), listed or not', { min: 0 }),
      },
    },
  ],
  events: [
    {
      name: 'job_state',
      id: 0x0580,
      severity: 'info',
      message: 'job {jobId} {state}',
      args: { jobId, state: choice(JOB_STATES, 'New state'), detail: text('Details', { maxLength: 120, optional: true }) },
    },
    {
      name: 'job_refused',
      id: 0x0581,
      severity: 'warning',
      message: 'job {jobId} refused: {reason}',
      args: { jobId, reason: text('Why', { maxLength: 120 }) },
    },
    {
      name: 'job_corruption',
      id: 0x0582,
      severity: 'warning',
      message: 'job {jobId}: corruption {action}: {detail}',
      args: { jobId, action: choice(['corrected', 'rerun', 'checkpoint-rejected'], 'What the runner did'), detail: text('Details', { maxLength: 120 }) },
    },
  ],
} as const satisfies SubsystemDef;
