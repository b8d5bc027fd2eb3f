/**
 * The fleet's workload as a stream: jobs arriving at Poisson times (mean
 * gap 1 / rate, seeded from the fleet seed, stream "fleet-jobs"), mostly
 * inference, some training and matmul, every tenth or so at a higher
 * priority, some with a deadline, some to run on two spacecraft. With a
 * workload file the jobs are the file's, in its order, at the stream's
 * arrival times.
 */
import type { FleetJobRequest } from '../../ground/index.js';
import { Random } from '../../sim-hw/index.js';
import type { Workload } from '../run/workload.js';

export interface Arrival {
  readonly atS: number;
  readonly request: FleetJobRequest;
}

export interface StreamOptions {
  readonly seed: number;
  readonly fromS: number;
  readonly toS: number;
  /** Mean arrivals per hour of mission time. */
  readonly perHour: number;
  /** Share of jobs to run on two spacecraft (0 for a fleet of one). */
  readonly redundantShare: number;
  /** The file's jobs in place of drawn ones (at most as many arrivals as it holds). */
  readonly workload?: Workload;
}

/** Arrivals in [fromS, toS), in time order. */
export function jobStream(options: StreamOptions): Arrival[] {
  if (!(options.perHour > 0)) throw new RangeError(`job arrivals ${options.perHour} per hour must be > 0`);
  const random = Random.fromSeed(options.seed).split('fleet-jobs');
  const meanGapS = 3600 / options.perHour;
  const arrivals: Arrival[] = [];
  const given = options.workload?.jobs;
  for (let atS = options.fromS + exponential(random, meanGapS); atS < options.toS; atS += exponential(random, meanGapS)) {
    if (given && arrivals.length >= given.length) break;
    const request = given ? fromFile(given[arrivals.length]!) : drawn(random, atS, options.redundantShare);
    arrivals.push({ atS, request });
  }
  return arrivals;
}

function exponential(random: Random, meanS: number): number {
  return -meanS * Math.log(1 - random.next());
}

function drawn(random: Random, atS: number, redundantShare: number): FleetJobRequest {
  const pick = random.next();
  const kind = pick < 0.7 ? 'inference' : pick < 0.85 ? 'training' : 'matmul';
  const size = kind === 'inference' ? random.int(16, 48) : kind === 'training' ? random.int(64, 160) : random.int(32, 56);
  const priority = random.next() < 0.1 ? 8 : 5;
  const deadlineS = random.next() < 0.2 ? atS + random.int(2, 4) * 3600 : null;
  const redundant = random.next() < redundantShare ? 2 : 1;
  return { kind, size, priority, deadlineS, redundant };
}

function fromFile(job: Workload['jobs'][number]): FleetJobRequest {
  return {
    kind: job.kind,
    size: job.size,
    ...(job.priority !== undefined ? { priority: job.priority } : {}),
    ...(job.deadlineS !== undefined ? { deadlineS: job.deadlineS } : {}),
    ...(job.inputSeed !== undefined ? { inputSeed: job.inputSeed } : {}),
  };
}
