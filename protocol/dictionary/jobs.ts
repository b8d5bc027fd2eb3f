import { bytes, choice, integer, number, text } from './fields.js';
import type { SubsystemDef } from './types.js';

export const JOB_KINDS = ['matmul', 'inference', 'training'] as const;
export const JOB_STATES = ['queued', 'running', 'checkpointed', 'verifying', 'done', 'failed'] as const;

const jobId = integer('Job id chosen by the ground', { min: 1, max: 0xffffffff });

export const jobs: SubsystemDef = {
  name: 'jobs',
  apid: 0x050,
  description: 'Accelerator job runner: queue, scheduling under the power and thermal cap, verified results',
  commands: [
    {
      name: 'submit_job',
      opcode: 0x0500,
      description: 'Queue a job for the accelerator (NOMINAL mode only: SAFE sheds the payload).',
      hazardous: false,
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
    { name: 'cancel_job', opcode: 0x0501, description: 'Cancel a queued or running job.', hazardous: false, args: { jobId } },
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
  ],
  events: [
    {
      name: 'job_state',
      id: 0x0580,
      severity: 'info',
      message: 'job {jobId} {state}',
      args: { jobId, state: choice(JOB_STATES, 'New state'), detail: text('Details', { maxLength: 120, optional: true }) },
    },
  ],
};
