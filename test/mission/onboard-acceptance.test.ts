/**
 * The closed-loop acceptance of the four onboard modules together, as they
 * fly (ONBOARD_MODULES): ten orbits at 550 km, beta 0, with upsets at a high
 * rate, a solar storm, a SEFI, a latch-up on the accelerator rail, a hung
 * computer reset by the watchdog mid-job, and a few hundred jobs submitted
 * by the ground. Checked against the simulator's ground truth every tick
 * (state of charge, bus, die) and at the end (every accepted job accounted
 * for, every reported result equal to the simulator's golden result).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ONBOARD_MODULES } from '../../fsw/flight.js';
import { spacecraftConfig, DEFAULT_EFFECTS_PARAMS } from '../../sim-hw/config.js';
import { DEFAULT_LINK_PARAMS } from '../../sim-hw/link/channel.js';
import type { TimedFault } from '../../sim-hw/faults/types.js';
import { TEST_LINK_KEYS, TestGround } from '../helpers/ground.js';
import { InProcessStack } from '../../mission/stack.js';
import { goldenDigest, reportedDigest } from '../fsw/jobs/harness.js';

const ORBIT_S = 5739; // 550 km, beta 0: 95.65 min (REFERENCE.md)
const ORBITS = 10;
const SOC_FLOOR_PCT = 60; // power.socFloorPct default
const BROWNOUT_V = 22; // sim-hw bus brown-out
const DIE_RED_C = 105; // thermal_hk acceleratorC red limit
const JOBS_PER_ORBIT = 30;
const HANG_AT_S = 7.4 * ORBIT_S;

const scenario: TimedFault[] = [
  { atS: 1.3 * ORBIT_S, kind: 'latchup', rail: 'accelerator', extraCurrentA: 3 },
  { atS: 3.2 * ORBIT_S, kind: 'solar-storm', multiplier: 30, durationS: 1800 },
  { atS: 4.6 * ORBIT_S, kind: 'upset-burst', region: 'hbm', count: 40, target: 'job', multiBitFraction: 0.5 },
  { atS: 5.5 * ORBIT_S, kind: 'sefi' },
  { atS: HANG_AT_S, kind: 'obc-hang', durationS: 20 },
];

interface Submitted {
  readonly jobId: number;
  readonly kind: 'matmul' | 'inference' | 'training';
  readonly size: number;
  readonly seq: bigint;
}

/** A workload a ground operator might uplink: mostly small matmuls, some inference and training. */
function job(jobId: number): Omit<Submitted, 'seq'> {
  const pick = jobId % 10;
  if (pick < 6) return { jobId, kind: 'matmul', size: 32 + ((jobId * 7) % 41) };
  if (pick < 8) return { jobId, kind: 'inference', size: 2 + (jobId % 6) };
  return { jobId, kind: 'training', size: 2 + (jobId % 5) };
}

interface Run {
  g: TestGround;
  submitted: Submitted[];
  socMinPct: number;
  busMinV: number;
  dieMaxC: number;
  jobRunningAtHang: number | null;
  /** Per done job: the digest it reported and the simulator's golden one, taken when the summary came down. */
  digests: Map<number, { reported: string | undefined; golden: string }>;
}

const run: Run = {
  g: undefined as unknown as TestGround,
  submitted: [],
  socMinPct: 100,
  busMinV: Infinity,
  dieMaxC: -Infinity,
  jobRunningAtHang: null,
  digests: new Map(),
};

beforeAll(() => {
  const config = spacecraftConfig({
    seed: 11,
    link: { ...DEFAULT_LINK_PARAMS, relay: true, lossProbability: 0 },
    // Upsets at a hundred times the REFERENCE rate, multi-bit words ten times as often.
    effects: { ...DEFAULT_EFFECTS_PARAMS, hbmUpsetsPerBitPerDay: 1e-6, multiBitFraction: 1e-2, logicUpsetsPerRad: 2 },
  });
  const g = new TestGround(new InProcessStack({ config, keys: TEST_LINK_KEYS, scenario, modules: ONBOARD_MODULES }));
  run.g = g;
  g.run(1);
  // The ground wants every job_state event and every result; saved so that a reset keeps them.
  g.send('param_set', { name: 'telemetry.eventsPerWindow', value: 1000 });
  g.send('param_set', { name: 'jobs.autoDownlink', value: true });
  g.send('param_save');
  g.send('set_mode', { mode: 'NOMINAL' });
  g.run(2);
  let nextJobId = 1;
  const stack = g.stack;
  while (stack.timeS < ORBITS * ORBIT_S) {
    // Each orbit the operator uplinks a batch, spread over the first half of the orbit.
    const orbitPhaseS = stack.timeS % ORBIT_S;
    if (orbitPhaseS < ORBIT_S / 2 && nextJobId <= Math.ceil(stack.timeS / ORBIT_S + 1e-9) * JOBS_PER_ORBIT && Math.round(stack.timeS * 10) % 600 === 0) {
      const spec = job(nextJobId++);
      run.submitted.push({ ...spec, seq: g.send('submit_job', { jobId: spec.jobId, kind: spec.kind, size: spec.size, inputSeed: spec.jobId }) });
    }
    stack.tick();
    observeTick(g);
  }
  // The ground asks for the list of everything still on board; a job may still finish meanwhile, and is observed as any other.
  g.send('list_jobs');
  const endS = stack.timeS + 10;
  while (stack.timeS < endS - 1e-9) {
    stack.tick();
    observeTick(g);
  }
}, 600_000);

/** After each tick: the results that came down compared with the truth, the extremes of the physics, the job running at the hang. */
function observeTick(g: TestGround): void {
  const stack = g.stack;
  const seen = g.received.length;
  g.collect();
  // The simulator keeps the truth of recent jobs only: compare each result as it comes down.
  for (const tm of g.received.slice(seen)) {
    if (tm.entry.def.name !== 'job_summary' || tm.data.state !== 'done') continue;
    const spec = run.submitted.find((x) => x.jobId === tm.data.jobId)!;
    run.digests.set(spec.jobId, { reported: reportedDigest(tm.data), golden: goldenDigest(g, spec.jobId, spec.kind, spec.size) });
  }
  const truth = stack.spacecraft.truth();
  run.socMinPct = Math.min(run.socMinPct, truth.socFraction * 100);
  run.busMinV = Math.min(run.busMinV, truth.busVoltageV);
  run.dieMaxC = Math.max(run.dieMaxC, truth.temperaturesC.accelerator);
  if (run.jobRunningAtHang === null && stack.timeS >= HANG_AT_S - 0.05)
    run.jobRunningAtHang = stack.current.accelerator.job?.state === 'running' ? stack.current.accelerator.job.jobId : 0;
}

/** Accepted: the submit_job command completed (a full queue refuses with a failure report). */
function accepted(): Submitted[] {
  return run.submitted.filter((s) => run.g.stages(s.seq).includes('completed'));
}

/** The job's last reported state (before `atS`: as a command taken in the tick of `atS` sees it, before the modules step). */
function lastState(jobId: number, beforeS = Infinity): string | undefined {
  return run.g
    .events('job_state')
    .filter((e) => e.data.jobId === jobId && e.timeS < beforeS)
    .at(-1)?.data.state as string | undefined;
}

describe(`onboard modules over ${ORBITS} orbits at 550 km, beta 0, with radiation, a storm, a SEFI, a latch-up and a reset`, () => {
  it('keeps the true state of charge above the floor, the bus above brown-out and the die below red', () => {
    console.log(`acceptance: SoC min ${run.socMinPct.toFixed(2)} %, bus min ${run.busMinV.toFixed(2)} V, die max ${run.dieMaxC.toFixed(1)} C`);
    expect(run.socMinPct).toBeGreaterThan(SOC_FLOOR_PCT);
    expect(run.busMinV).toBeGreaterThan(BROWNOUT_V);
    expect(run.g.stack.spacecraft.truth().counts.brownouts).toBe(0);
    expect(run.dieMaxC).toBeLessThan(DIE_RED_C);
  });

  it('loses no accepted job: each is done, failed with a reason, or still in the queue on board', () => {
    const ok = accepted();
    expect(run.submitted.length).toBe(ORBITS * JOBS_PER_ORBIT);
    expect(ok.length).toBeGreaterThan(100);
    const done = ok.filter((s) => lastState(s.jobId) === 'done');
    const failed = ok.filter((s) => lastState(s.jobId) === 'failed');
    const inWork = ok.filter((s) => ['queued', 'running', 'checkpointed', 'verifying'].includes(lastState(s.jobId) ?? 'none'));
    console.log(
      `acceptance: ${run.submitted.length} submitted, ${ok.length} accepted, ${done.length} done, ${failed.length} failed, ${inWork.length} still queued`,
    );
    // Every accepted job has a state, and those not finished are exactly the runner's queue.
    expect(done.length + failed.length + inWork.length).toBe(ok.length);
    const hk = run.g.last('jobs_hk')!;
    expect(inWork.length).toBe(hk.queueLength as number);
    // The list is compared with the states it saw (commands are taken before the modules step in a tick): a job may finish after it.
    const listPacket = run.g.received.filter((tm) => tm.entry.def.name === 'job_list').at(-1)!;
    const list = listPacket.data as { jobs: { jobId: number; state: string }[] };
    const inWorkAtList = ok.filter((s) => ['queued', 'running', 'checkpointed', 'verifying'].includes(lastState(s.jobId, listPacket.timeS) ?? 'none'));
    const listedInWork = list.jobs.filter((j) => j.state !== 'done' && j.state !== 'failed').map((j) => j.jobId);
    expect(listedInWork.every((id) => inWorkAtList.some((s) => s.jobId === id))).toBe(true);
    expect(listedInWork.length).toBe(Math.min(inWorkAtList.length, list.jobs.length));
    expect(done.length).toBeGreaterThan(ok.length / 2);
    expect(failed.map((s) => s.jobId)).toEqual([]);
  });

  it('reports no corrupted result: every downlinked digest equals the simulator golden result', () => {
    const corruptions = run.g.events('job_corruption');
    const done = accepted().filter((s) => lastState(s.jobId) === 'done');
    for (const s of done) {
      const digests = run.digests.get(s.jobId);
      expect(digests, `job ${s.jobId} has no summary`).toBeDefined();
      expect(digests!.reported, `job ${s.jobId} (${s.kind} ${s.size})`).toBe(digests!.golden);
    }
    const corrected = corruptions.filter((e) => e.data.action === 'corrected').length;
    console.log(`acceptance: ${done.length} results compared; corruptions detected ${corruptions.length}, corrected in place ${corrected}`);
    // Radiation really reached the jobs: the runner detected corruptions and survived them.
    expect(corruptions.length).toBeGreaterThan(0);
  });

  it('recovers from every SEFI and uncorrectable error, and keeps the latch-up cleared', () => {
    const truth = run.g.stack.spacecraft.truth();
    const memory = run.g.last('memory_hk')!;
    expect(truth.counts.sefis).toBeGreaterThanOrEqual(1);
    expect(memory.acceleratorResets as number).toBeGreaterThanOrEqual(1);
    expect(memory.acceleratorFailed).toBeFalsy();
    expect(['ready']).toContain(run.g.stack.current.accelerator.state);
    expect(memory.uncorrectableCount as number).toBeGreaterThan(0);
    expect(memory.retiredPages as number).toBeGreaterThan(0);
    expect(truth.latchups).toEqual([]);
    expect(truth.damage).toEqual([]);
    expect(run.g.last('power_hk')!.latchupCount as number).toBeGreaterThanOrEqual(1);
    expect(run.g.stack.current.power.rails.accelerator.on).toBe(true);
  });

  it('resumes the job that was running when the watchdog reset the computer, and finishes it correctly', () => {
    expect(run.g.stack.starts).toBeGreaterThanOrEqual(2);
    expect(run.g.events('boot').some((e) => e.data.resetCause === 'watchdog')).toBe(true);
    const jobId = run.jobRunningAtHang;
    expect(jobId, 'a job was running when the computer hung').toBeGreaterThan(0);
    expect(lastState(jobId!)).toBe('done');
    const digests = run.digests.get(jobId!);
    expect(digests?.reported).toBe(digests?.golden);
  });
});
