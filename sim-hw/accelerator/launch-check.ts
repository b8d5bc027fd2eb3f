/**
 * What the device checks before it accepts a JobLaunch: a reason to fail the
 * job, or null. Limits keep the proxy kernel small enough to run in the
 * simulator's time budget.
 */

import type { JobLaunch } from '../../fsw/hal/frames.js';
import { JOB_KIND_LIST, blockRows, dimsCount, flopsBeforeStep, inputElementCounts } from './kernel-shapes.js';

export const DIM_MAX = 65_536;
export const EPOCHS_MAX = 1_000_000;

export function checkJobLaunch(launch: JobLaunch, maxJobRealFlop: number): string | null {
  if (!Number.isInteger(launch.jobId) || launch.jobId < 0) return `job id ${launch.jobId} is not a non-negative integer`;
  if (!JOB_KIND_LIST.includes(launch.kind)) return `unknown job kind "${String(launch.kind)}"`;
  const expectedDims = dimsCount(launch.kind);
  if (launch.dims.length !== expectedDims) return `${launch.kind} takes ${expectedDims} dims, got ${launch.dims.length}`;
  for (const dim of launch.dims) {
    if (!Number.isInteger(dim) || dim < 1 || dim > DIM_MAX) return `dim ${dim} is not an integer in 1..${DIM_MAX}`;
  }
  const stepsMax = launch.kind === 'training' ? EPOCHS_MAX : blockRows(launch.kind, launch.dims);
  if (!Number.isInteger(launch.steps) || launch.steps < 1 || launch.steps > stepsMax) {
    return `steps ${launch.steps} is not an integer in 1..${stepsMax}`;
  }
  const counts = inputElementCounts(launch.kind, launch.dims);
  if (launch.inputs.length !== counts.length) return `${launch.kind} takes ${counts.length} inputs, got ${launch.inputs.length}`;
  for (let i = 0; i < counts.length; i++) {
    const expectedBytes = counts[i]! * 4;
    const bytes = launch.inputs[i]!;
    if (!(bytes instanceof Uint8Array)) return `input ${i} is not bytes`;
    if (bytes.byteLength !== expectedBytes) return `input ${i} is ${bytes.byteLength} bytes, expected ${expectedBytes}`;
  }
  if (launch.kind === 'training') {
    const rate = launch.learningRate;
    if (rate === undefined || !Number.isFinite(rate) || rate <= 0 || rate > 10) return `training learningRate ${rate} is not in (0, 10]`;
  }
  const flop = flopsBeforeStep(launch.kind, launch.dims, launch.steps, launch.steps);
  if (flop > maxJobRealFlop) return `job needs ${flop} real FLOP, the proxy kernel allows ${maxJobRealFlop}`;
  if (launch.resume !== null) {
    if (launch.resume.jobId !== launch.jobId) return `checkpoint belongs to job ${launch.resume.jobId}`;
    if (!Number.isInteger(launch.resume.stepsDone) || launch.resume.stepsDone < 0 || launch.resume.stepsDone > launch.steps) {
      return `checkpoint stepsDone ${launch.resume.stepsDone} is not 0..${launch.steps}`;
    }
  }
  return null;
}
