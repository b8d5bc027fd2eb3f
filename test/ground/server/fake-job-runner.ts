/**
 * A fake spacecraft's job runner for ground-server tests: a submit_job that
 * completed queues the job (job_state queued); `run` takes it through
 * running to done with its job_summary (the result's SHA-256); get_result
 * downlinks the summary and the result's job_result chunks; cancel_job
 * fails it as cancelled. Results are bytes drawn from the job's kind, size and input
 * seed, so two spacecraft agree on a job unless one is told to corrupt.
 */
import { createHash } from 'node:crypto';
import type { DecodedTelecommand } from '../../../protocol/index.js';
import type { FakeSpacecraft } from './fake-spacecraft.js';

interface OnBoard {
  readonly jobId: number;
  readonly kind: string;
  readonly size: number;
  readonly inputSeed: number;
  state: string;
}

export class FakeJobRunner {
  readonly jobs = new Map<number, OnBoard>();
  /** Results come out wrong (a corruption its checks missed). */
  corrupt = false;
  /** Run every job as soon as it is queued. */
  runAtOnce = true;

  constructor(private readonly fake: FakeSpacecraft) {
    fake.onExecuted = (tc) => this.execute(tc);
  }

  /** Takes a queued job through running to done. */
  run(jobId: number): void {
    const job = this.jobs.get(jobId);
    if (job?.state !== 'queued') return;
    this.state(job, 'running');
    this.state(job, 'done');
    this.summary(job);
  }

  /** The result bytes of a job as this spacecraft computes them. */
  resultOf(job: Pick<OnBoard, 'kind' | 'size' | 'inputSeed'>): Uint8Array {
    const bytes = createHash('sha256').update(`${job.kind}/${job.size}/${job.inputSeed}`).digest();
    if (this.corrupt) bytes[0] = bytes[0]! ^ 0xff;
    return new Uint8Array(bytes);
  }

  private execute(tc: DecodedTelecommand): void {
    const args = tc.args;
    switch (tc.entry.def.name) {
      case 'submit_job': {
        const job: OnBoard = {
          jobId: args.jobId as number,
          kind: args.kind as string,
          size: args.size as number,
          inputSeed: (args.inputSeed as number | undefined) ?? 0,
          state: 'queued',
        };
        this.jobs.set(job.jobId, job);
        this.state(job, 'queued');
        if (this.runAtOnce) this.run(job.jobId);
        break;
      }
      case 'get_result': {
        const job = this.jobs.get(args.jobId as number);
        if (job?.state !== 'done') return;
        this.summary(job);
        this.fake.downlink('job_result', { jobId: job.jobId, chunk: 0, chunks: 1, data: this.resultOf(job) });
        break;
      }
      case 'cancel_job': {
        const job = this.jobs.get(args.jobId as number);
        if (job && job.state !== 'done') this.state(job, 'failed', 'cancelled by command');
        break;
      }
    }
  }

  private state(job: OnBoard, state: string, detail?: string): void {
    job.state = state;
    this.fake.timeS += 1;
    this.fake.downlink('job_state', { jobId: job.jobId, state, ...(detail !== undefined ? { detail } : {}) });
  }

  private summary(job: OnBoard): void {
    const result = this.resultOf(job);
    this.fake.downlink('job_summary', {
      jobId: job.jobId,
      kind: job.kind,
      state: job.state,
      detail: '',
      resultBytes: result.length,
      chunks: 1,
      digest: new Uint8Array(createHash('sha256').update(result).digest()),
      workFlop: 1000,
      energyJ: 1,
      retries: 0,
      corruptionsDetected: 0,
      corruptionsCorrected: 0,
      verification: 'abft',
      resultStored: 1,
    });
  }
}
