/**
 * Short missions for the runner's tests: a small workload of jobs that
 * finish within seconds, and a latch-up in the first contact. 0.32 orbit
 * (1836 s) covers most of the first contact (1332-1902 s) and the start of
 * the first eclipse (1801 s).
 */
import { flyMission, type MissionRun } from '../../mission/run/fly.js';
import type { Workload } from '../../mission/run/workload.js';
import type { Scenario } from '../../sim-hw/faults/scenario.js';

export const SHORT_ORBITS = 0.32;
export const PERIOD_S = 5739; // 550 km (sim-hw/world/README.md)
export const LATCHUP_AT_S = 1500;

export const SMALL_WORKLOAD: Workload = {
  description: 'four small jobs',
  jobs: [
    { jobId: 1, kind: 'matmul', size: 16 },
    { jobId: 2, kind: 'inference', size: 2 },
    { jobId: 3, kind: 'training', size: 8 },
    { jobId: 4, kind: 'matmul', size: 24, priority: 7 },
  ],
};

export const LATCHUP_SCENARIO: Scenario = {
  description: 'a latch-up in the first contact',
  faults: [{ atS: LATCHUP_AT_S, kind: 'latchup', rail: 'accelerator', extraCurrentA: 3 }],
};

/** Flies a short mission (':memory:' archive unless a path is given); throws on a refused configuration. */
export function flyShort(seed: number, archivePath = ':memory:', orbits = SHORT_ORBITS): MissionRun {
  const run = flyMission({
    orbits,
    altitudeKm: 550,
    betaDeg: 0,
    seed,
    scenario: LATCHUP_SCENARIO,
    scenarioName: 'test',
    workload: SMALL_WORKLOAD,
    workloadName: 'test',
    archivePath,
  });
  if (!run.ok) throw new Error(run.error);
  return run.value;
}
