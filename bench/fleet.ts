/**
 * (9) The fleet flown in parallel (mission/fleet/fleet-run.ts): FLEET_SIZE
 * spacecraft of a Suncatcher-like cluster (`cluster:81`), each with its own
 * simulator, flight software and scripted operator with the default
 * workload, in lock step, with 1 worker and with one per core. Timed from
 * the barrier at WARMUP_S of mission time (workers started, code compiled)
 * to the end: the fleet's speed (x real time), spacecraft-seconds per wall
 * second, and the scaling efficiency speed(n) / (n x speed(1)); the heap a
 * spacecraft holds (the workers' heaps in use at the end over the fleet).
 */
import { availableParallelism, loadavg } from 'node:os';
import { flyFleet } from '../mission/fleet/fleet-run.js';
import { DEFAULT_WORKLOAD_FILE, shippedFile } from '../mission/run/config.js';
import { readWorkloadFile } from '../mission/run/workload.js';
import { loadFleet, orbitPeriodS } from '../sim-hw/index.js';
import type { SummaryRow } from './summary.js';

export const FLEET_SIZE = 81;
const WARMUP_S = 30;
const FLOWN_S = 150;

export interface FleetSpeed {
  readonly workers: number;
  /** Simulated seconds per wall second, for the whole fleet, after the warm-up. */
  readonly speed: number;
  readonly heapPerSpacecraftB: number;
}

export interface FleetBench {
  readonly spacecraft: number;
  readonly one: FleetSpeed;
  readonly all: FleetSpeed;
  readonly efficiency: number;
  readonly load: string;
}

async function timedRun(workers: number): Promise<FleetSpeed> {
  const fleet = loadFleet(`cluster:${FLEET_SIZE}`);
  if (!fleet.ok) throw new Error(fleet.problems.join('; '));
  const workload = readWorkloadFile(shippedFile(DEFAULT_WORKLOAD_FILE));
  if (!workload.ok) throw new Error(workload.error);
  const orbits = FLOWN_S / orbitPeriodS(fleet.fleet[0]!.config.orbit);
  let fromS = Number.NaN;
  let fromMs = Number.NaN;
  let lastS = Number.NaN;
  let lastMs = Number.NaN;
  const run = await flyFleet(fleet.fleet, {
    orbits,
    seed: 1,
    workers,
    faults: [],
    workload: workload.value,
    onBarrier: (timeS) => {
      const nowMs = performance.now();
      if (Number.isNaN(fromS) && timeS >= WARMUP_S) {
        fromS = timeS;
        fromMs = nowMs;
      }
      lastS = timeS;
      lastMs = nowMs;
    },
  });
  return { workers: run.workers, speed: (lastS - fromS) / ((lastMs - fromMs) / 1000), heapPerSpacecraftB: run.heapPerSpacecraftB };
}

export async function benchFleet(): Promise<FleetBench> {
  const one = await timedRun(1);
  const cores = availableParallelism();
  const all = cores === 1 ? one : await timedRun(cores);
  return {
    spacecraft: FLEET_SIZE,
    one,
    all,
    efficiency: all.speed / (all.workers * one.speed),
    load: loadavg()
      .map((value) => value.toFixed(2))
      .join(' '),
  };
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export function printFleetBench(figures: FleetBench): void {
  console.log(
    `\nfleet in parallel: ${figures.spacecraft} spacecraft (cluster:${figures.spacecraft}, default workload), ${FLOWN_S} s of mission time timed after ${WARMUP_S} s (load average ${figures.load})`,
  );
  for (const row of [figures.one, figures.all]) {
    console.log(
      `  ${row.workers} worker${row.workers === 1 ? ': ' : 's:'} ${row.speed.toFixed(1)} x real time for the fleet (${(row.speed * figures.spacecraft).toFixed(0)} spacecraft-seconds a second), heap ${mb(row.heapPerSpacecraftB)} a spacecraft`,
    );
  }
  console.log(`  scaling efficiency ${(figures.efficiency * 100).toFixed(1)} % (speed(${figures.all.workers}) / (${figures.all.workers} x speed(1)))`);
}

export function fleetSummary(figures: FleetBench): SummaryRow[] {
  const n = figures.spacecraft;
  return [
    { item: '9', figure: `fleet of ${n}, x real time, 1 worker`, measured: figures.one.speed.toFixed(1), target: '', verdict: '-' },
    { item: '9', figure: `fleet of ${n}, x real time, ${figures.all.workers} workers`, measured: figures.all.speed.toFixed(1), target: '', verdict: '-' },
    {
      item: '9',
      figure: `fleet scaling efficiency, ${figures.all.workers} workers`,
      measured: `${(figures.efficiency * 100).toFixed(1)} %`,
      target: '',
      verdict: '-',
    },
    { item: '9', figure: 'fleet heap a spacecraft', measured: mb(figures.all.heapPerSpacecraftB), target: '', verdict: '-' },
  ];
}
