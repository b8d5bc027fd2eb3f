/** The job runner's parameters (validated ranges, persisted with the parameter table). */
import { JOB_POLICIES } from '../../protocol/index.js';
import type { ParamDef } from '../storage/parameters.js';

export const JOBS_PARAMS: readonly ParamDef[] = [
  {
    name: 'jobs.policy',
    type: 'string',
    enum: [...JOB_POLICIES],
    default: 'budgeted',
    description: 'budgeted: obey the accelerator cap; naive: run flat out until the state-of-charge floor (benchmark comparison)',
  },
  {
    name: 'jobs.minCapW',
    type: 'number',
    min: 42,
    max: 5000,
    default: 50,
    unit: 'W',
    description: 'Cap below which no job runs (the device cannot compute usefully under it: idle 40 W)',
  },
  {
    name: 'jobs.capHysteresisW',
    type: 'number',
    min: 0,
    max: 100,
    default: 5,
    unit: 'W',
    description: 'Jobs resume once the cap is this far above jobs.minCapW',
  },
  {
    name: 'jobs.deviceMaxW',
    type: 'number',
    min: 1,
    max: 5000,
    default: 200,
    unit: 'W',
    description: 'Device power at full clock (datasheet); the cap when no module publishes one',
  },
  {
    name: 'jobs.naiveSocFloorPct',
    type: 'number',
    min: 5,
    max: 95,
    default: 30,
    unit: '%',
    description: 'naive policy: stop below this state of charge (resume 10 % above)',
  },
  { name: 'jobs.checkpointIntervalS', type: 'number', min: 5, max: 86400, default: 60, unit: 's', description: 'Running time between periodic checkpoints' },
  { name: 'jobs.runsMax', type: 'integer', min: 2, max: 8, default: 4, description: 'Redundant execution: runs before a job with no two agreeing runs fails' },
  {
    name: 'jobs.retriesMax',
    type: 'integer',
    min: 1,
    max: 10000,
    default: 100,
    description: 'Restarts of a job (corruption, lost run, refused start) before it fails',
  },
  { name: 'jobs.autoDownlink', type: 'boolean', default: false, description: 'Downlink job_summary and the result chunks as soon as a job is done' },
];
