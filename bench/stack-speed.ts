/**
 * Simulation speed of the whole in-process stack (mission/stack.ts: the
 * simulated spacecraft, the flight software with the onboard modules, the
 * space link and a scripted ground), in simulated seconds per wall second,
 * two ways:
 *   busy: NOMINAL, the ground keeping 24 matmul jobs queued (the link through
 *         the relay, so commands get through at any time);
 *   idle: the default configuration left alone: it boots into SAFE and stays.
 * Each row flies WARMUP_S first (boot, JIT), then one orbit is timed (sunlight
 * and eclipse both), the ground's own bookkeeping included.
 * Target: 10,000 times real time.
 */
import { InProcessStack } from '../mission/stack.js';
import { DEFAULT_SPACECRAFT_CONFIG, spacecraftConfig } from '../sim-hw/config.js';
import { DEFAULT_ORBIT_PARAMS, orbitPeriodS } from '../astro/orbit.js';
import { BENCH_KEYS, BENCH_SEED, BUSY_WORKLOAD, BenchGround, benchStack } from './ground.js';
import { judge, type SummaryRow } from './summary.js';

const WARMUP_S = 600;

export interface SpeedRow {
  readonly name: string;
  readonly mode: string;
  readonly simulatedS: number;
  readonly wallS: number;
  readonly speed: number;
  readonly jobsDone: number;
}

export interface StackSpeedFigures {
  readonly busy: SpeedRow;
  readonly idle: SpeedRow;
}

function timed(name: string, g: BenchGround, fly: (untilS: number) => void): SpeedRow {
  fly(WARMUP_S);
  const fromS = g.stack.timeS;
  const doneBefore = g.published('jobs.done');
  const startMs = performance.now();
  fly(fromS + orbitPeriodS(DEFAULT_ORBIT_PARAMS));
  const wallS = (performance.now() - startMs) / 1000;
  const simulatedS = g.stack.timeS - fromS;
  return { name, mode: g.stack.fsw.executive.mode, simulatedS, wallS, speed: simulatedS / wallS, jobsDone: g.published('jobs.done') - doneBefore };
}

export function benchStackSpeed(): StackSpeedFigures {
  const busyGround = new BenchGround(benchStack());
  busyGround.goNominal();
  const busy = timed('busy: NOMINAL, jobs running', busyGround, (untilS) => busyGround.fly(untilS, BUSY_WORKLOAD));
  const idleGround = new BenchGround(new InProcessStack({ keys: BENCH_KEYS, config: spacecraftConfig({ seed: BENCH_SEED }) }));
  const idle = timed('idle: SAFE, default config', idleGround, (untilS) => idleGround.fly(untilS, null));
  return { busy, idle };
}

export function printStackSpeedBench(figures: StackSpeedFigures): void {
  console.log(
    `\nsimulation speed of the in-process stack (sim-hw + fsw with the onboard modules + link + scripted ground; seed ${BENCH_SEED}; one orbit after ${WARMUP_S} s)`,
  );
  for (const row of [figures.busy, figures.idle]) {
    console.log(
      `  ${row.name.padEnd(28)} ${row.speed.toFixed(0).padStart(7)} x real time  (${row.simulatedS.toFixed(0)} s in ${row.wallS.toFixed(2)} s wall, ` +
        `${(row.simulatedS / DEFAULT_SPACECRAFT_CONFIG.dtS / row.wallS / 1000).toFixed(1)} k ticks/s, mode ${row.mode}, jobs done ${row.jobsDone})`,
    );
  }
}

/** Issue 17's targets on one core: busy (NOMINAL with jobs) and idle (SAFE). */
export const SPEED_TARGET = { busy: 10_000, idle: 20_000 } as const;

export function stackSpeedSummary(figures: StackSpeedFigures): SummaryRow[] {
  const row = (figure: string, speed: number, target: number): SummaryRow => ({
    item: '1',
    figure,
    measured: `${speed.toFixed(0)}x`,
    target: `>= ${target.toLocaleString('en')}x`,
    verdict: judge(speed >= target),
  });
  return [row('stack speed, NOMINAL with jobs', figures.busy.speed, SPEED_TARGET.busy), row('stack speed, idle SAFE', figures.idle.speed, SPEED_TARGET.idle)];
}
