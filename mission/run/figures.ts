/**
 * The run's figures at its end, as plain data: energy from the simulator's
 * ledger and the energy bound (sim-hw/accelerator/device-power.ts minJoulesPerFlop: (array energy available -
 * housekeeping loads) / the device's best J/FLOP) and the achievable
 * optimum (mission/optimum/: the most device work any schedule gets from the
 * recorded array and housekeeping profile, the device's power curve, the
 * rail's on/off choice and the battery, from its start to at least its end
 * state of charge, above the flight rules' floor), the job runner's
 * persisted counters (read from its non-volatile record, which survives
 * resets), the ground's view (commands, results checked against the golden
 * results), simulator truth (upsets, latch-ups, SEFIs) and the telemetry
 * volume and drops on board, on the link and at the ground.
 *
 * The energy balance closes on the simulator's ledger (sim-hw/power/ledger.ts):
 *   delivered to the bus = loads + stored in the battery + battery losses (+ residual)
 * where stored is the chemical energy the charge and discharge currents moved
 * (the change of the battery's content less what a change of usable capacity
 * with temperature added), the losses are the charge the battery did not
 * store (its charge efficiency, the coulombic loss) and its resistance
 * (I^2 R), and the residual is the explicit integration of the cell voltage
 * over a tick (about 1e-6 of the array energy). The power system models no
 * other conversion loss: what the array delivers reaches the bus.
 */
import { minJoulesPerFlop } from '../../sim-hw/index.js';
import { achievableOptimum, coarsenProfile, type ProfileSegment } from '../optimum/achievable-optimum.js';
import { storageModel } from '../optimum/spacecraft-storage.js';
import type { MissionSample } from '../report/record.js';
import { JOB_RECORDS } from '../../fsw/jobs/jobs-record.js';
import type { InProcessStack } from '../stack.js';
import type { CommandCounts } from './commands.js';
import type { DownlinkIntake } from './downlink.js';
import type { GroundOperator, OperatorCounts } from './operator.js';
import type { MissionRecorder, ThrottleTotals } from './recorder.js';

/** The job runner's counters (jobs.queue record, stats). */
export interface RunnerCounts {
  readonly done: number;
  readonly failed: number;
  readonly refused: number;
  readonly retries: number;
  readonly corruptionsDetected: number;
  readonly corruptionsCorrected: number;
  readonly verifiedWorkFlop: number;
  readonly energyUsedJ: number;
  readonly resultsEvicted: number;
}

export interface MissionFigures {
  readonly simulatedS: number;
  readonly orbits: number;
  readonly orbitPeriodS: number;
  readonly energy: {
    readonly arrayAvailableJ: number;
    readonly arrayDeliveredJ: number;
    readonly loadJ: number;
    readonly acceleratorJ: number;
    readonly housekeepingJ: number;
    /** Array energy not taken (the bus needed less, the battery was full). */
    readonly shuntedJ: number;
    /** Change of the battery's chemical content, start to end. */
    readonly batteryStoredChangeJ: number;
    /** Of that change, what a change of usable capacity (temperature, fade) added at a fixed state of charge. */
    readonly batteryCapacityChangeJ: number;
    /** Stored through the bus: batteryStoredChangeJ - batteryCapacityChangeJ (negative when the battery gave more than it took). */
    readonly batteryChargedJ: number;
    /** Charge the battery did not store (its charge efficiency). */
    readonly batteryChargeLossJ: number;
    /** Heat in the battery's resistance (I^2 R). */
    readonly batteryResistiveLossJ: number;
    /** arrayDeliveredJ - (loadJ + batteryChargedJ + the two losses): the ledger's integration residual. */
    readonly residualJ: number;
  };
  readonly work: {
    /** Verified on board (ABFT or the vote of redundant runs), from the runner's counters. */
    readonly verifiedFlop: number;
    /** Of the jobs whose result the ground reassembled and found equal to the golden result. */
    readonly groundVerifiedFlop: number;
    /** (array energy available - housekeeping loads) / min J/FLOP. */
    readonly boundFlop: number;
    readonly minJoulesPerFlop: number;
    /** The achievable optimum in device FLOP, as the bound (NaN when samples were dropped or no schedule carries the loads). */
    readonly optimumFlop: number;
    /** Simulated FLOPs the accelerator counts per FLOP its proxy kernel really computes (its workScale). */
    readonly workScale: number;
  };
  readonly jobs: {
    readonly workload: number;
    readonly runner: RunnerCounts;
    readonly ground: OperatorCounts;
    /** Submitted jobs still waiting or in work on board at the end. */
    readonly pendingOnBoard: number;
  };
  readonly truth: {
    readonly hbmUpsets: number;
    readonly ramUpsets: number;
    readonly logicUpsets: number;
    readonly sefis: number;
    readonly latchups: number;
    readonly brownouts: number;
    readonly watchdogResets: number;
    readonly damage: readonly string[];
  };
  readonly memory: { readonly eccCorrected: number; readonly eccUncorrectable: number };
  readonly socMinTruePct: number;
  readonly socMinEstimatePct: number;
  readonly socEndTruePct: number;
  readonly peakTemperaturesC: Readonly<Record<string, number>>;
  /** The accelerator computing jobs, and the caps holding their draw below what they asked for. */
  readonly throttle: Readonly<ThrottleTotals>;
  /** Flight software starts, the first included. */
  readonly softwareStarts: number;
  readonly commands: CommandCounts;
  readonly telemetry: { readonly packets: number; readonly bytes: number; readonly contactS: number; readonly contacts: number };
  readonly drops: {
    readonly onBoard: Readonly<Record<string, number>>;
    readonly lostAtResets: number;
    readonly downlink: { readonly lost: number; readonly noContact: number; readonly backlog: number; readonly inFlight: number };
    readonly uplink: { readonly lost: number; readonly noContact: number; readonly backlog: number; readonly inFlight: number };
    /** Packets the ground's decode boundary refused. */
    readonly rejectedAtGround: number;
    /** Sequence counts the ground never received (its gap count): every one a counted drop above, or still queued on board. */
    readonly missingAtGround: number;
    /** Record bookkeeping: events and samples beyond the record's bounds, events lost from the on-board log before being read. */
    readonly recordEvents: number;
  };
}

const ZERO_RUNNER: RunnerCounts = {
  done: 0,
  failed: 0,
  refused: 0,
  retries: 0,
  corruptionsDetected: 0,
  corruptionsCorrected: 0,
  verifiedWorkFlop: 0,
  energyUsedJ: 0,
  resultsEvicted: 0,
};

/** The runner's persisted counters (read without side effects; zero when never written). */
export function runnerCounts(stack: InProcessStack): RunnerCounts {
  const read = stack.fsw.executive.store.readValue(JOB_RECORDS.queue.id);
  const stats = read.ok ? (read.value?.stats as Record<string, unknown> | undefined) : undefined;
  if (!stats) return ZERO_RUNNER;
  const number = (key: keyof RunnerCounts) => (typeof stats[key] === 'number' && Number.isFinite(stats[key]) ? (stats[key] as number) : 0);
  return {
    done: number('done'),
    failed: number('failed'),
    refused: number('refused'),
    retries: number('retries'),
    corruptionsDetected: number('corruptionsDetected'),
    corruptionsCorrected: number('corruptionsCorrected'),
    verifiedWorkFlop: number('verifiedWorkFlop'),
    energyUsedJ: number('energyUsedJ'),
    resultsEvicted: number('resultsEvicted'),
  };
}

/** Retries of each job the runner still knows (its queue and its newest finished jobs), from the same record. */
export function runnerRetries(stack: InProcessStack): Map<number, number> {
  const read = stack.fsw.executive.store.readValue(JOB_RECORDS.queue.id);
  const retries = new Map<number, number>();
  if (!read.ok || read.value === null) return retries;
  for (const list of [read.value.queue, read.value.finished]) {
    for (const entry of Array.isArray(list) ? (list as Array<Record<string, unknown>>) : []) {
      if (typeof entry?.jobId === 'number' && typeof entry.retries === 'number') retries.set(entry.jobId, entry.retries);
    }
  }
  return retries;
}

/** The optimum's profile segments and charge grid: coarser than the bench's, so that it takes well under a second per orbit. */
const OPTIMUM_SEGMENT_S = 60;
const OPTIMUM_LEVELS = 500;

/** Array available and housekeeping (every load but the accelerator) over each sample period. */
export function samplesProfile(samples: readonly MissionSample[], startS: number): ProfileSegment[] {
  const profile: ProfileSegment[] = [];
  let fromS = startS;
  for (const sample of samples) {
    const durationS = sample.timeS - fromS;
    fromS = sample.timeS;
    if (durationS > 0)
      profile.push({ durationS, arrayAvailableW: sample.arrayAvailableW, housekeepingW: Math.max(0, sample.loadPowerW - sample.acceleratorPowerW) });
  }
  return profile;
}

function missionOptimumFlop(stack: InProcessStack, recorder: MissionRecorder): number {
  if (recorder.samplesDropped > 0 || recorder.samples.length === 0) return Number.NaN;
  const config = stack.spacecraft.config;
  const floorPct = stack.fsw.executive.params.getNumber('power.socFloorPct');
  const last = recorder.samples[recorder.samples.length - 1]!;
  const optimum = achievableOptimum(
    coarsenProfile(samplesProfile(recorder.samples, 0), OPTIMUM_SEGMENT_S),
    config.accelerator,
    storageModel(config.power, floorPct),
    { periodic: false, startFraction: config.power.battery.initialSocFraction, endMinFraction: last.socPctTrue / 100 },
    { levels: OPTIMUM_LEVELS },
  );
  return optimum.ok ? optimum.value.deviceFlop : Number.NaN; // loads no schedule carries: no optimum to give
}

export interface FigureSources {
  readonly stack: InProcessStack;
  readonly startS: number;
  readonly orbitPeriodS: number;
  readonly workloadJobs: number;
  readonly recorder: MissionRecorder;
  readonly operator: GroundOperator;
  readonly downlink: DownlinkIntake;
  /** Compute the achievable optimum (a dynamic programme over the flight's samples); false: NaN (a fleet's many flights). */
  readonly withOptimum?: boolean;
}

export function collectFigures(sources: FigureSources): MissionFigures {
  const { stack, recorder, operator, downlink } = sources;
  const truth = stack.spacecraft.truth();
  const ledger = truth.ledger;
  const housekeepingJ = ledger.loadJ - ledger.railLoadJ.accelerator;
  const jPerFlop = minJoulesPerFlop(stack.spacecraft.config.accelerator);
  const frame = stack.current;
  const link = stack.spacecraft.link;
  const channel = (direction: 'uplink' | 'downlink') => {
    const c = link[direction].counters;
    return { lost: c.lost, noContact: c.droppedNoContact, backlog: c.droppedBacklog, inFlight: c.droppedInFlight };
  };
  let groundVerifiedFlop = 0;
  let pendingOnBoard = 0;
  for (const job of operator.jobs.values()) {
    if (job.golden === 'match' && typeof job.summary?.workFlop === 'number') groundVerifiedFlop += job.summary.workFlop;
    const board = recorder.board.get(job.spec.jobId)?.state;
    if (job.ground === 'submitted' && board !== 'done' && board !== 'failed' && board !== 'refused') pendingOnBoard++;
  }
  const simulatedS = stack.timeS - sources.startS;
  const runner = runnerCounts(stack);
  const batteryStoredChangeJ = ledger.storedChemicalJ - ledger.initialStoredChemicalJ;
  const batteryChargedJ = batteryStoredChangeJ - ledger.capacityChangeJ;
  return {
    simulatedS,
    orbits: simulatedS / sources.orbitPeriodS,
    orbitPeriodS: sources.orbitPeriodS,
    energy: {
      arrayAvailableJ: ledger.arrayAvailableJ,
      arrayDeliveredJ: ledger.arrayDeliveredJ,
      loadJ: ledger.loadJ,
      acceleratorJ: ledger.railLoadJ.accelerator,
      housekeepingJ,
      shuntedJ: ledger.shuntedJ,
      batteryStoredChangeJ,
      batteryCapacityChangeJ: ledger.capacityChangeJ,
      batteryChargedJ,
      batteryChargeLossJ: ledger.coulombicLossJ,
      batteryResistiveLossJ: ledger.batteryResistiveLossJ,
      residualJ: ledger.arrayDeliveredJ - (ledger.loadJ + batteryChargedJ + ledger.coulombicLossJ + ledger.batteryResistiveLossJ),
    },
    work: {
      verifiedFlop: runner.verifiedWorkFlop,
      groundVerifiedFlop,
      boundFlop: Math.max(0, ledger.arrayAvailableJ - housekeepingJ) / jPerFlop,
      minJoulesPerFlop: jPerFlop,
      optimumFlop: sources.withOptimum === false ? Number.NaN : missionOptimumFlop(stack, recorder),
      workScale: stack.spacecraft.config.accelerator.workScale,
    },
    jobs: { workload: sources.workloadJobs, runner, ground: operator.counts(), pendingOnBoard },
    truth: {
      hbmUpsets: truth.counts.hbmUpsets,
      ramUpsets: truth.counts.ramUpsets,
      logicUpsets: truth.counts.logicUpsets,
      sefis: truth.counts.sefis,
      latchups: truth.counts.latchups,
      brownouts: truth.counts.brownouts,
      watchdogResets: truth.counts.watchdogResets,
      damage: truth.damage,
    },
    memory: {
      eccCorrected: frame.memory.hbm.correctedCount + frame.memory.ram.correctedCount,
      eccUncorrectable: frame.memory.hbm.uncorrectableCount + frame.memory.ram.uncorrectableCount,
    },
    socMinTruePct: recorder.socMinTruePct,
    socMinEstimatePct: recorder.socMinEstimatePct,
    socEndTruePct: truth.socFraction * 100,
    peakTemperaturesC: { ...recorder.peakTemperaturesC },
    throttle: { ...recorder.throttle },
    softwareStarts: stack.starts,
    commands: operator.book.counts(),
    telemetry: { packets: downlink.packets, bytes: downlink.bytes, contactS: recorder.contacts.totalS(), contacts: recorder.contacts.bands.length },
    drops: {
      onBoard: recorder.onBoardDrops(),
      lostAtResets: recorder.lostAtResets,
      downlink: channel('downlink'),
      uplink: channel('uplink'),
      rejectedAtGround: Object.values(downlink.intake.counters.rejected).reduce((total, count) => total + count, 0),
      missingAtGround: downlink.intake.counters.missing,
      recordEvents: recorder.eventsDropped + recorder.samplesDropped + recorder.eventsLostOnBoard,
    },
  };
}
