/**
 * What the run records for its report, kept small per tick:
 *
 *   every tick   the contact flag (a band tracker), the job on the device
 *                (its runs, and its golden result when a run completes),
 *                whether the flight software restarted;
 *   every sample (samplePeriodS of mission time) simulator truth (state of
 *                charge, bus, temperatures; powers as energy-ledger averages
 *                over the period), published values (SoC estimate, caps,
 *                jobs), the mode, the on-board events raised since the last
 *                sample, and every UPSET_BIN_S the upsets and ECC
 *                corrections of the bin.
 *
 * Throttling, every tick the accelerator computes a job: what the job asked
 * for is the device's power at its requested clock (the clock it reports
 * when no cap holds it: while idle, or computing below the cap); a cap held
 * the draw below that when the applied cap is under the power at the
 * requested clock and the clock was lowered. The lower published cap
 * (power or thermal) is the one that held it.
 *
 * Counts: each event carries what it adds to its kind's count (record.ts
 * MissionEvent.count), so the report counts each thing once: the bins'
 * upsets and corrections, the simulator's latch-ups, hangs and brown-outs
 * (a brown-out adds nothing: the restart it causes is counted at its
 * boot), boots after a restart (the boot the run started with is no
 * restart), and on-board events as event-kinds.ts says.
 *
 * Events and samples are bounded; what does not fit is counted.
 */
import { DOWNLINK_CLASSES } from '../../fsw/telemetry/downlink-queue.js';
import { acceleratorPowerW, type SpacecraftCounts } from '../../sim-hw/index.js';
import type { EventRecord } from '../../fsw/telemetry/events.js';
import type { Band, MissionEvent, MissionEventKind, MissionSample } from '../report/record.js';
import type { InProcessStack } from '../stack.js';
import { BandTracker } from './bands.js';
import { EventTap } from './event-tap.js';
import { classifyEvent } from './event-kinds.js';
import { goldenDigests, type GoldenDigests } from '../golden.js';

/** Upsets and ECC corrections are summed over bins of this length (one event per bin). */
export const UPSET_BIN_S = 60;
export const RECORD_EVENTS_MAX = 50_000;
export const RECORD_SAMPLES_MAX = 200_000;
/** Runs kept per job. */
export const RUNS_PER_JOB_MAX = 256;

const RUN_STATES: ReadonlySet<string> = new Set(['loading', 'running', 'checkpointing']);

/** Accelerator time and energy over the run: jobs computing, and a cap holding their draw below what they asked for. */
export interface ThrottleTotals {
  /** Time the accelerator computed a job (utilisation-weighted). */
  computingS: number;
  /** Of that time, the time the power cap (energy budget) or the thermal cap held the draw below the job's ask. */
  heldByPowerCapS: number;
  heldByThermalCapS: number;
  /** Energy the running jobs asked for beyond what the caps let them draw. */
  heldBackJ: number;
}

/** A job's last state on board, from its job_state events. */
export interface BoardJob {
  state: string;
  timeS: number;
  detail: string;
}

type Ledger = { arrayAvailableJ: number; arrayDeliveredJ: number; loadJ: number; acceleratorJ: number };
type Counts = Pick<SpacecraftCounts, 'hbmUpsets' | 'ramUpsets' | 'logicUpsets' | 'sefis' | 'latchups' | 'brownouts'> & {
  hbmCorrected: number;
  ramCorrected: number;
};

export class MissionRecorder {
  readonly samples: MissionSample[] = [];
  readonly events: MissionEvent[] = [];
  samplesDropped = 0;
  eventsDropped = 0;
  readonly contacts = new BandTracker();
  /** Device runs per job id. */
  readonly runs = new Map<number, Band[]>();
  readonly board = new Map<number, BoardJob>();
  readonly goldens = new Map<number, GoldenDigests>();
  socMinTruePct = Number.POSITIVE_INFINITY;
  socMinEstimatePct = Number.POSITIVE_INFINITY;
  readonly peakTemperaturesC: Record<string, number> = {};
  /** On-board queue drops of software starts that have ended, by class. */
  private readonly retiredDrops: Record<string, number> = Object.fromEntries(DOWNLINK_CLASSES.map((cls) => [cls, 0]));
  /** Packets resets took from the downlink queue, as the boots reported them. */
  lostAtResets = 0;
  readonly throttle: ThrottleTotals = { computingS: 0, heldByPowerCapS: 0, heldByThermalCapS: 0, heldBackJ: 0 };
  private readonly tap: EventTap;
  private run: { readonly jobId: number; readonly startS: number } | null = null;
  private nextSampleS: number;
  private lastSampleS: number;
  private lastLedger: Ledger;
  private nextBinS: number;
  private lastBinS: number;
  private lastBin: Counts;
  /** Boot events read so far (the first is the start the run began with, no restart). */
  private boots = 0;
  /** The clock the device runs jobs at when no cap holds it. */
  private requestedClockMHz: number;
  /** Since the last sample: energy held back, and time held by each cap. */
  private period = { heldBackJ: 0, heldByPowerCapS: 0, heldByThermalCapS: 0 };

  constructor(
    private readonly stack: InProcessStack,
    readonly samplePeriodS: number,
    /** Kind and size of a job the ground submitted (for its golden result). */
    private readonly specOf: (jobId: number) => { readonly kind: string; readonly size: number } | undefined,
  ) {
    this.tap = new EventTap(stack.fsw.executive);
    this.lastSampleS = stack.timeS;
    this.nextSampleS = stack.timeS + samplePeriodS;
    this.nextBinS = stack.timeS + UPSET_BIN_S;
    this.lastBinS = stack.timeS;
    this.requestedClockMHz = stack.spacecraft.config.accelerator.clockMHzMax;
    this.lastLedger = this.ledger();
    this.lastBin = this.counts();
    this.contacts.note(stack.timeS, stack.spacecraft.link.inContact);
  }

  /** After every tick of the stack. Returns true when a sample was taken. */
  tick(): boolean {
    const stack = this.stack;
    const timeS = stack.timeS;
    this.contacts.note(timeS, stack.spacecraft.link.inContact);
    this.noteThrottle();
    const job = stack.current.accelerator.job;
    const onDevice = job !== null && RUN_STATES.has(job.state) ? job.jobId : 0;
    if (onDevice !== (this.run?.jobId ?? 0)) {
      this.closeRun(timeS);
      if (onDevice !== 0) this.run = { jobId: onDevice, startS: timeS };
    }
    if (job !== null && job.state === 'done' && job.result !== null && !this.goldens.has(job.jobId)) {
      const spec = this.specOf(job.jobId);
      const golden = spec ? goldenDigests(stack.spacecraft, job.jobId, spec.kind, spec.size) : null;
      if (golden) this.goldens.set(job.jobId, golden);
    }
    const executive = stack.fsw.executive;
    if (executive !== this.tap.current) {
      const old = this.tap.current;
      for (const cls of DOWNLINK_CLASSES) this.retiredDrops[cls]! += old.downlink.dropped(cls);
      this.takeEvents(this.tap.restarted(executive, timeS));
      this.takeEvents(this.tap.take());
    }
    if (timeS < this.nextSampleS - 1e-9) return false;
    this.sample(timeS);
    return true;
  }

  /** At the end of the run: the last events and the last (partial) bin of upsets, open runs and bands closed. */
  finish(): void {
    const timeS = this.stack.timeS;
    this.takeEvents(this.tap.take());
    if (timeS > this.lastBinS + 1e-9) this.bin(timeS);
    this.closeRun(timeS);
    this.contacts.finish(timeS);
  }

  /** On-board downlink queue drops by class over every software start. */
  onBoardDrops(): Record<string, number> {
    const current = this.stack.fsw.executive;
    return Object.fromEntries(DOWNLINK_CLASSES.map((cls) => [cls, this.retiredDrops[cls]! + current.downlink.dropped(cls)]));
  }

  get eventsLostOnBoard(): number {
    return this.tap.lost;
  }

  // ---------------------------------------------------------------- internals

  /** This tick's accelerator: computing a job, held below its ask by a cap, and which cap. */
  private noteThrottle(): void {
    const stack = this.stack;
    const device = stack.current.accelerator;
    const params = stack.spacecraft.config.accelerator;
    const dtS = stack.spacecraft.dtS;
    const utilisation = Math.min(1, Math.max(0, device.utilisationPct / 100));
    const clockKnown = Number.isFinite(device.clockMHz) && device.clockMHz > 0;
    if (!(utilisation > 0)) {
      // Idle and on, the device reports the clock it was asked for.
      if (device.state !== 'off' && clockKnown) this.requestedClockMHz = device.clockMHz;
      return;
    }
    this.throttle.computingS += utilisation * dtS;
    const held =
      acceleratorPowerW(params, 1, this.requestedClockMHz) > device.powerCapW + 1e-9 && clockKnown && device.clockMHz < this.requestedClockMHz - 1e-9;
    if (!held) {
      if (clockKnown) this.requestedClockMHz = device.clockMHz;
      return;
    }
    const heldBackJ = Math.max(0, acceleratorPowerW(params, utilisation, this.requestedClockMHz) - device.powerW) * dtS;
    const published = stack.fsw.executive.published;
    const thermal = published.get('thermal.acceleratorCapW', Number.POSITIVE_INFINITY) < published.get('power.acceleratorCapW', Number.POSITIVE_INFINITY);
    this.period.heldBackJ += heldBackJ;
    this.throttle.heldBackJ += heldBackJ;
    const heldS = utilisation * dtS;
    if (thermal) {
      this.period.heldByThermalCapS += heldS;
      this.throttle.heldByThermalCapS += heldS;
    } else {
      this.period.heldByPowerCapS += heldS;
      this.throttle.heldByPowerCapS += heldS;
    }
  }

  private ledger(): Ledger {
    const ledger = this.stack.spacecraft.truth().ledger;
    return {
      arrayAvailableJ: ledger.arrayAvailableJ,
      arrayDeliveredJ: ledger.arrayDeliveredJ,
      loadJ: ledger.loadJ,
      acceleratorJ: ledger.railLoadJ.accelerator,
    };
  }

  private counts(): Counts {
    const { counts } = this.stack.spacecraft.truth();
    const memory = this.stack.current.memory;
    return {
      hbmUpsets: counts.hbmUpsets,
      ramUpsets: counts.ramUpsets,
      logicUpsets: counts.logicUpsets,
      sefis: counts.sefis,
      latchups: counts.latchups,
      brownouts: counts.brownouts,
      hbmCorrected: memory.hbm.correctedCount,
      ramCorrected: memory.ram.correctedCount,
    };
  }

  private sample(timeS: number): void {
    const stack = this.stack;
    const truth = stack.spacecraft.truth();
    const executive = stack.fsw.executive;
    const published = executive.published;
    const ledger = this.ledger();
    const dtS = Math.max(timeS - this.lastSampleS, 1e-9);
    const arrayPowerW = (ledger.arrayDeliveredJ - this.lastLedger.arrayDeliveredJ) / dtS;
    const loadPowerW = (ledger.loadJ - this.lastLedger.loadJ) / dtS;
    const socPctTrue = truth.socFraction * 100;
    const socPctEstimate = published.get('power.socPct', Number.NaN);
    const drawW = (ledger.acceleratorJ - this.lastLedger.acceleratorJ) / dtS;
    const { heldBackJ, heldByPowerCapS, heldByThermalCapS } = this.period;
    this.period = { heldBackJ: 0, heldByPowerCapS: 0, heldByThermalCapS: 0 };
    const sample: MissionSample = {
      timeS,
      orbitNumber: truth.orbitNumber,
      socPctTrue,
      socPctEstimate,
      busVoltageV: truth.busVoltageV,
      arrayPowerW,
      arrayAvailableW: (ledger.arrayAvailableJ - this.lastLedger.arrayAvailableJ) / dtS,
      loadPowerW,
      batteryPowerW: arrayPowerW - loadPowerW,
      powerCapW: published.get('power.acceleratorCapW', 0),
      thermalCapW: published.get('thermal.acceleratorCapW', 0),
      acceleratorPowerW: drawW,
      acceleratorAskedW: drawW + heldBackJ / dtS,
      capHeldFraction: Math.min(1, (heldByPowerCapS + heldByThermalCapS) / dtS),
      capHeldBy: heldByPowerCapS + heldByThermalCapS > 0 ? (heldByThermalCapS > heldByPowerCapS ? 'thermal' : 'power') : null,
      temperaturesC: truth.temperaturesC,
      mode: executive.mode,
      jobsQueued: published.get('jobs.queueLength', 0),
      jobsDone: published.get('jobs.done', 0),
    };
    if (this.samples.length < RECORD_SAMPLES_MAX) this.samples.push(sample);
    else this.samplesDropped++;
    this.socMinTruePct = Math.min(this.socMinTruePct, socPctTrue);
    if (Number.isFinite(socPctEstimate)) this.socMinEstimatePct = Math.min(this.socMinEstimatePct, socPctEstimate);
    for (const [zone, temperatureC] of Object.entries(truth.temperaturesC))
      this.peakTemperaturesC[zone] = Math.max(this.peakTemperaturesC[zone] ?? Number.NEGATIVE_INFINITY, temperatureC);
    this.lastLedger = ledger;
    this.lastSampleS = timeS;
    this.nextSampleS += this.samplePeriodS;
    this.takeEvents(this.tap.take());
    if (timeS >= this.nextBinS - 1e-9) this.bin(timeS);
  }

  /** One bin's upsets and corrections (simulator truth and the memory controllers' counters); each event counts what it reports. */
  private bin(timeS: number): void {
    const now = this.counts();
    const last = this.lastBin;
    const binS = Math.round(timeS - this.lastBinS);
    const hbm = now.hbmUpsets - last.hbmUpsets;
    const ram = now.ramUpsets - last.ramUpsets;
    if (hbm + ram > 0)
      this.add(timeS, 'upset', `${hbm + ram} memory upset${hbm + ram > 1 ? 's' : ''} in ${binS} s (HBM ${hbm}, RAM ${ram}; simulator)`, hbm + ram);
    const logic = now.logicUpsets - last.logicUpsets;
    if (logic > 0) this.add(timeS, 'upset', `${logic} logic upset${logic > 1 ? 's' : ''}: silent corruption of accelerator state (simulator)`, logic);
    const hbmCorrected = now.hbmCorrected - last.hbmCorrected;
    const ramCorrected = now.ramCorrected - last.ramCorrected;
    const corrected = hbmCorrected + ramCorrected;
    if (corrected > 0)
      this.add(
        timeS,
        'correction',
        `ECC corrected ${corrected} word${corrected > 1 ? 's' : ''} in ${binS} s (HBM ${hbmCorrected}, RAM ${ramCorrected})`,
        corrected,
      );
    const sefis = now.sefis - last.sefis;
    if (sefis > 0) this.add(timeS, 'sefi', `accelerator hang (SEFI) x${sefis} (simulator)`, sefis);
    const latchups = now.latchups - last.latchups;
    if (latchups > 0)
      this.add(timeS, 'latchup', `latch-up x${latchups} on ${this.stack.spacecraft.truth().latchups.join(', ') || 'a rail'} (simulator)`, latchups);
    // The restart a brown-out causes is counted at its boot.
    if (now.brownouts > last.brownouts) this.add(timeS, 'reset', `brown-out x${now.brownouts - last.brownouts} (simulator)`, 0);
    this.lastBin = now;
    this.lastBinS = timeS;
    this.nextBinS += UPSET_BIN_S;
  }

  private takeEvents(records: readonly EventRecord[]): void {
    for (const record of records) {
      if (record.name === 'job_state') {
        this.board.set(record.args.jobId as number, { state: String(record.args.state), timeS: record.timeS, detail: String(record.args.detail ?? '') });
        continue;
      }
      if (record.name === 'job_refused' && !this.board.has(record.args.jobId as number)) {
        this.board.set(record.args.jobId as number, { state: 'refused', timeS: record.timeS, detail: String(record.args.reason ?? '') });
      }
      if (record.name === 'boot' && typeof record.args.downlinkLost === 'number') this.lostAtResets += record.args.downlinkLost;
      const shown = classifyEvent(record.name, record.args);
      // The boot the run started with is no restart.
      const count = record.name === 'boot' && this.boots++ === 0 ? 0 : shown?.count;
      if (shown) this.add(record.timeS, shown.kind, shown.text, count);
    }
  }

  private add(timeS: number, kind: MissionEventKind, text: string, count = 1): void {
    if (this.events.length < RECORD_EVENTS_MAX) this.events.push({ timeS, kind, text, ...(count !== 1 ? { count } : {}) });
    else this.eventsDropped++;
  }

  private closeRun(timeS: number): void {
    if (this.run === null) return;
    let runs = this.runs.get(this.run.jobId);
    if (!runs) {
      runs = [];
      this.runs.set(this.run.jobId, runs);
    }
    if (runs.length < RUNS_PER_JOB_MAX) runs.push({ startS: this.run.startS, endS: timeS });
    this.run = null;
  }
}
