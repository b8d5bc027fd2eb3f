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
 * Events and samples are bounded; what does not fit is counted.
 */
import { DOWNLINK_CLASSES } from '../../fsw/telemetry/downlink-queue.js';
import type { EventRecord } from '../../fsw/telemetry/events.js';
import type { SpacecraftCounts } from '../../sim-hw/spacecraft.js';
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

/** A job's last state on board, from its job_state events. */
export interface BoardJob {
  state: string;
  timeS: number;
  detail: string;
}

type Ledger = { arrayDeliveredJ: number; loadJ: number; acceleratorJ: number };
type Counts = Pick<SpacecraftCounts, 'hbmUpsets' | 'ramUpsets' | 'logicUpsets' | 'sefis' | 'latchups' | 'brownouts'> & { hbmCorrected: number; ramCorrected: number };

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
  private readonly tap: EventTap;
  private run: { readonly jobId: number; readonly startS: number } | null = null;
  private nextSampleS: number;
  private lastSampleS: number;
  private lastLedger: Ledger;
  private nextBinS: number;
  private lastBin: Counts;

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
    this.lastLedger = this.ledger();
    this.lastBin = this.counts();
    this.contacts.note(stack.timeS, stack.spacecraft.link.inContact);
  }

  /** After every tick of the stack. Returns true when a sample was taken. */
  tick(): boolean {
    const stack = this.stack;
    const timeS = stack.timeS;
    this.contacts.note(timeS, stack.spacecraft.link.inContact);
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

  /** At the end of the run: the last events, open runs and bands closed. */
  finish(): void {
    const timeS = this.stack.timeS;
    this.takeEvents(this.tap.take());
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

  private ledger(): Ledger {
    const ledger = this.stack.spacecraft.truth().ledger;
    return { arrayDeliveredJ: ledger.arrayDeliveredJ, loadJ: ledger.loadJ, acceleratorJ: ledger.railLoadJ.accelerator };
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
    const sample: MissionSample = {
      timeS,
      orbitNumber: truth.orbitNumber,
      socPctTrue,
      socPctEstimate,
      busVoltageV: truth.busVoltageV,
      arrayPowerW,
      loadPowerW,
      batteryPowerW: arrayPowerW - loadPowerW,
      powerCapW: published.get('power.acceleratorCapW', 0),
      thermalCapW: published.get('thermal.acceleratorCapW', 0),
      acceleratorPowerW: (ledger.acceleratorJ - this.lastLedger.acceleratorJ) / dtS,
      temperaturesC: truth.temperaturesC,
      mode: executive.mode,
      jobsQueued: published.get('jobs.queueLength', 0),
      jobsDone: published.get('jobs.done', 0),
    };
    if (this.samples.length < RECORD_SAMPLES_MAX) this.samples.push(sample);
    else this.samplesDropped++;
    this.socMinTruePct = Math.min(this.socMinTruePct, socPctTrue);
    if (Number.isFinite(socPctEstimate)) this.socMinEstimatePct = Math.min(this.socMinEstimatePct, socPctEstimate);
    for (const [zone, temperatureC] of Object.entries(truth.temperaturesC)) this.peakTemperaturesC[zone] = Math.max(this.peakTemperaturesC[zone] ?? Number.NEGATIVE_INFINITY, temperatureC);
    this.lastLedger = ledger;
    this.lastSampleS = timeS;
    this.nextSampleS += this.samplePeriodS;
    this.takeEvents(this.tap.take());
    if (timeS >= this.nextBinS - 1e-9) this.bin(timeS);
  }

  /** One bin's upsets and corrections (simulator truth and the memory controllers' counters). */
  private bin(timeS: number): void {
    const now = this.counts();
    const last = this.lastBin;
    const hbm = now.hbmUpsets - last.hbmUpsets;
    const ram = now.ramUpsets - last.ramUpsets;
    if (hbm + ram > 0) this.add(timeS, 'upset', `${hbm + ram} memory upsets in ${UPSET_BIN_S} s (HBM ${hbm}, RAM ${ram}; simulator)`);
    const logic = now.logicUpsets - last.logicUpsets;
    if (logic > 0) this.add(timeS, 'upset', `${logic} logic upset${logic > 1 ? 's' : ''}: silent corruption of accelerator state (simulator)`);
    const hbmCorrected = now.hbmCorrected - last.hbmCorrected;
    const ramCorrected = now.ramCorrected - last.ramCorrected;
    if (hbmCorrected + ramCorrected > 0) this.add(timeS, 'correction', `ECC corrected ${hbmCorrected + ramCorrected} words in ${UPSET_BIN_S} s (HBM ${hbmCorrected}, RAM ${ramCorrected})`);
    if (now.sefis > last.sefis) this.add(timeS, 'sefi', `accelerator hang (SEFI) x${now.sefis - last.sefis} (simulator)`);
    if (now.latchups > last.latchups) this.add(timeS, 'latchup', `latch-up x${now.latchups - last.latchups} on ${this.stack.spacecraft.truth().latchups.join(', ') || 'a rail'} (simulator)`);
    if (now.brownouts > last.brownouts) this.add(timeS, 'reset', `brown-out x${now.brownouts - last.brownouts} (simulator)`);
    this.lastBin = now;
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
      if (shown) this.add(record.timeS, shown.kind, shown.text);
    }
  }

  private add(timeS: number, kind: MissionEventKind, text: string): void {
    if (this.events.length < RECORD_EVENTS_MAX) this.events.push({ timeS, kind, text });
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
