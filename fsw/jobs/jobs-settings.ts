/**
 * The job runner's settings read every tick, taken from the parameter table
 * in one go (once per table version, through fsw/storage's cachedSettings).
 */
import { JOB_POLICIES } from '../../protocol/index.js';
import type { ParameterTable } from '../storage/parameters.js';

export interface JobsSettings {
  readonly naive: boolean;
  readonly deviceMaxW: number;
  readonly minCapW: number;
  readonly capHysteresisW: number;
  readonly naiveSocFloorPct: number;
  readonly checkpointIntervalS: number;
}

export function readJobsSettings(params: ParameterTable): JobsSettings {
  return {
    naive: params.getChoice('jobs.policy', JOB_POLICIES) === 'naive',
    deviceMaxW: params.getNumber('jobs.deviceMaxW'),
    minCapW: params.getNumber('jobs.minCapW'),
    capHysteresisW: params.getNumber('jobs.capHysteresisW'),
    naiveSocFloorPct: params.getNumber('jobs.naiveSocFloorPct'),
    checkpointIntervalS: params.getNumber('jobs.checkpointIntervalS'),
  };
}
