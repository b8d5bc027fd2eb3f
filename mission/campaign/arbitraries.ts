/**
 * fast-check arbitraries of campaign scenarios: fault schedules (kind, time,
 * duration, magnitude within SURVIVABLE) and the ground's command and job
 * stream, drawn as plain data and shrunk by fast-check towards fewer and
 * simpler faults and commands.
 */
import fc from 'fast-check';
import { HEATER_ZONES, MEMORY_REGIONS, RAILS, THERMAL_ZONES } from '../../protocol/index.js';
import { SENSORS_PER_ZONE, type FaultKind, type TimedFault } from '../../sim-hw/index.js';
import { SURVIVABLE } from './bounds.js';
import type { CampaignCommand, CampaignScenario } from './campaign-scenario.js';

export interface ScenarioProfile {
  readonly durationS: number;
  readonly faultsMax: number;
  readonly commandsMin: number;
  readonly commandsMax: number;
}

/** Breadth: many short flights. */
export const SHORT_PROFILE: ScenarioProfile = { durationS: 600, faultsMax: 4, commandsMin: 0, commandsMax: 12 };
/** Depth: one orbit at 550 km (5739 s), through an eclipse and back. */
export const ORBIT_PROFILE: ScenarioProfile = { durationS: 5739, faultsMax: 8, commandsMin: 10, commandsMax: 40 };

/** The first command of every scenario: the operator takes the spacecraft out of SAFE. */
export const OPENING: CampaignCommand = { atS: 1, name: 'set_mode', args: { mode: 'NOMINAL' } };

const tenths = (minS: number, maxS: number) => fc.integer({ min: Math.round(minS * 10), max: Math.round(maxS * 10) }).map((t) => t / 10);
const sensor = fc.record({ zone: fc.constantFrom(...THERMAL_ZONES), sensor: fc.integer({ min: 0, max: SENSORS_PER_ZONE - 1 }) });
const fraction = (max: number) => fc.integer({ min: 1, max: Math.round(max * 1000) }).map((f) => f / 1000);

function faultArbitrary(durationS: number): fc.Arbitrary<TimedFault> {
  const atS = tenths(0, durationS * 0.9);
  const lasting = fc.option(fc.integer({ min: 10, max: Math.round(durationS / 2) }), { nil: undefined });
  const required = fc.integer({ min: 10, max: Math.round(durationS / 3) });
  const withTime = <T extends { kind: FaultKind }>(body: fc.Arbitrary<T>, durationArb: fc.Arbitrary<number | undefined> | null) =>
    fc
      .tuple(body, atS, durationArb ?? fc.constant(undefined))
      .map(([fault, at, d]) => ({ ...fault, atS: at, ...(d === undefined ? {} : { durationS: d }) }) as TimedFault);
  return fc.oneof(
    withTime(
      sensor.map((s) => ({ kind: 'sensor-stuck' as const, ...s })),
      lasting,
    ),
    withTime(
      fc.tuple(sensor, fc.integer({ min: 1, max: SURVIVABLE.sensorNoiseSigmaCMax })).map(([s, sigmaC]) => ({ kind: 'sensor-noisy' as const, ...s, sigmaC })),
      lasting,
    ),
    withTime(
      sensor.map((s) => ({ kind: 'sensor-dead' as const, ...s })),
      lasting,
    ),
    withTime(
      fc
        .tuple(sensor, fc.integer({ min: -SURVIVABLE.sensorOffsetCAbsMax, max: SURVIVABLE.sensorOffsetCAbsMax }))
        .map(([s, offsetC]) => ({ kind: 'sensor-offset' as const, ...s, offsetC })),
      lasting,
    ),
    withTime(
      fc.record({
        kind: fc.constant('heater-stuck' as const),
        heater: fc.constantFrom(...HEATER_ZONES),
        state: fc.constantFrom('on' as const, 'off' as const),
      }),
      lasting,
    ),
    withTime(fc.record({ kind: fc.constant('battery-capacity-loss' as const), fraction: fraction(SURVIVABLE.batteryCapacityLossTotalMax) }), null),
    withTime(fc.record({ kind: fc.constant('array-degradation' as const), fraction: fraction(SURVIVABLE.arrayDegradationTotalMax) }), null),
    withTime(
      fc.record({ kind: fc.constant('latchup' as const), rail: fc.constantFrom(...RAILS), extraCurrentA: fraction(SURVIVABLE.latchupExtraCurrentAMax) }),
      null,
    ),
    withTime(fc.constant({ kind: 'sefi' as const }), null),
    withTime(
      fc.record({
        kind: fc.constant('upset-burst' as const),
        region: fc.constantFrom(...MEMORY_REGIONS),
        count: fc.integer({ min: 1, max: SURVIVABLE.upsetBurstCountMax }),
        target: fc.constantFrom('any' as const, 'job' as const),
        multiBitFraction: fc.integer({ min: 0, max: 100 }).map((p) => p / 100),
      }),
      null,
    ),
    withTime(fc.constant({ kind: 'logic-upset' as const }), null),
    withTime(fc.record({ kind: fc.constant('solar-storm' as const), multiplier: fc.integer({ min: 1, max: SURVIVABLE.solarStormMultiplierMax }) }), required),
    withTime(fc.constant({ kind: 'link-outage' as const }), required),
    withTime(fc.constant({ kind: 'obc-hang' as const }), fc.integer({ min: 1, max: SURVIVABLE.obcHangSMax })),
  );
}

/** Within the design: one faulty sensor per zone, capacity and array losses scaled to their totals. */
export function withinDesign(faults: readonly TimedFault[]): TimedFault[] {
  const faultySensor = new Map<string, number>();
  const total = (kind: FaultKind) => faults.reduce((sum, fault) => sum + (fault.kind === kind && 'fraction' in fault ? fault.fraction : 0), 0);
  const scale = (kind: FaultKind, max: number) => Math.min(1, max / Math.max(total(kind), 1e-9));
  const batteryScale = scale('battery-capacity-loss', SURVIVABLE.batteryCapacityLossTotalMax);
  const arrayScale = scale('array-degradation', SURVIVABLE.arrayDegradationTotalMax);
  const sorted = [...faults].sort((a, b) => a.atS - b.atS);
  return sorted.map((fault) => {
    switch (fault.kind) {
      case 'sensor-stuck':
      case 'sensor-noisy':
      case 'sensor-dead':
      case 'sensor-offset': {
        const chosen = faultySensor.get(fault.zone) ?? fault.sensor;
        faultySensor.set(fault.zone, chosen);
        return { ...fault, sensor: chosen };
      }
      case 'battery-capacity-loss':
        return { ...fault, fraction: Math.round(fault.fraction * batteryScale * 1000) / 1000 || 0.001 };
      case 'array-degradation':
        return { ...fault, fraction: Math.round(fault.fraction * arrayScale * 1000) / 1000 || 0.001 };
      default:
        return fault;
    }
  });
}

type Op =
  | { readonly op: 'submit'; readonly kind: 'matmul' | 'inference' | 'training'; readonly size: number; readonly priority: number }
  | { readonly op: 'cancel_job' | 'get_result' | 'retransmit'; readonly ref: number }
  | { readonly op: 'set_mode'; readonly mode: 'SAFE' | 'NOMINAL' }
  | { readonly op: 'noop' | 'ping' | 'pause_queue' | 'resume_queue' | 'list_jobs' };

const submit = fc.oneof(
  fc.record({
    op: fc.constant('submit' as const),
    kind: fc.constant('matmul' as const),
    size: fc.integer({ min: 8, max: 96 }),
    priority: fc.integer({ min: 0, max: 9 }),
  }),
  fc.record({
    op: fc.constant('submit' as const),
    kind: fc.constant('inference' as const),
    size: fc.integer({ min: 1, max: 128 }),
    priority: fc.integer({ min: 0, max: 9 }),
  }),
  fc.record({
    op: fc.constant('submit' as const),
    kind: fc.constant('training' as const),
    size: fc.integer({ min: 1, max: 64 }),
    priority: fc.integer({ min: 0, max: 9 }),
  }),
);

const opArbitrary: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: submit, weight: 6 },
  { arbitrary: fc.record({ op: fc.constantFrom('cancel_job' as const, 'get_result' as const, 'retransmit' as const), ref: fc.nat(1000) }), weight: 3 },
  { arbitrary: fc.record({ op: fc.constant('set_mode' as const), mode: fc.constantFrom('SAFE' as const, 'NOMINAL' as const) }), weight: 1 },
  {
    arbitrary: fc.record({ op: fc.constantFrom('noop' as const, 'ping' as const, 'pause_queue' as const, 'resume_queue' as const, 'list_jobs' as const) }),
    weight: 2,
  },
);

/** Concrete commands from timed ops: job ids in submission order, references resolved to earlier jobs and commands. */
export function concreteCommands(timed: readonly { readonly atS: number; readonly op: Op }[]): CampaignCommand[] {
  const commands: CampaignCommand[] = [OPENING];
  let jobs = 0;
  for (const { atS, op } of [...timed].sort((a, b) => a.atS - b.atS)) {
    switch (op.op) {
      case 'submit':
        jobs++;
        commands.push({ atS, name: 'submit_job', args: { jobId: jobs, kind: op.kind, size: op.size, priority: op.priority, inputSeed: jobs } });
        break;
      case 'cancel_job':
      case 'get_result':
        commands.push({ atS, name: op.op, args: { jobId: (op.ref % Math.max(jobs, 1)) + 1 } });
        break;
      case 'retransmit':
        commands.push({ atS, retransmit: op.ref % commands.length });
        break;
      case 'set_mode':
        commands.push({ atS, name: 'set_mode', args: { mode: op.mode } });
        break;
      case 'ping':
        commands.push({ atS, name: 'ping', args: { token: commands.length } });
        break;
      default:
        commands.push({ atS, name: op.op, args: {} });
    }
  }
  return commands;
}

export function scenarioArbitrary(profile: ScenarioProfile): fc.Arbitrary<CampaignScenario> {
  const { durationS } = profile;
  return fc
    .record({
      simSeed: fc.integer({ min: 1, max: 0x7fffffff }),
      lossProbability: fc.constantFrom(0, 0, 0.001, 0.01),
      faults: fc.array(faultArbitrary(durationS), { maxLength: profile.faultsMax, size: 'max' }),
      ops: fc.array(fc.record({ atS: tenths(2, durationS * 0.9), op: opArbitrary }), {
        minLength: profile.commandsMin,
        maxLength: profile.commandsMax,
        size: 'max',
      }),
    })
    .map(({ simSeed, lossProbability, faults, ops }) => ({
      simSeed,
      durationS,
      lossProbability,
      faults: withinDesign(faults),
      commands: concreteCommands(ops),
    }));
}
