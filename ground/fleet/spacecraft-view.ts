/**
 * What the ground knows of one spacecraft, from its telemetry only: the
 * newest value of each field the job broker plans with (by time tag, so a
 * packet replayed late does not undo a newer one), its recent boots, and
 * the on-board state of the broker's jobs (ids from FLEET_BOARD_ID_BASE)
 * as job_state, job_list and job_summary report it. `take` folds one
 * decoded packet; `report` hands the view and what changed since the last
 * report (bounded, drops counted) to the broker.
 */
import type { DecodedTelemetry } from '../../protocol/index.js';

/** On-board job ids the fleet service uses start here; lower ids are left to operators submitting by hand. */
export const FLEET_BOARD_ID_BASE = 0x40000000;
/** Boot times remembered (for "resets recently"). */
export const BOOTS_KEPT = 8;
/** Board changes held between two reports. */
export const CHANGES_MAX = 4096;

export interface SpacecraftView {
  readonly name: string;
  /** Mission time of the newest telemetry (its time tag); null before any. */
  readonly lastHeardS: number | null;
  readonly mode: string | null;
  /** Time tag of the change to the current mode (a mode_changed, a boot, or housekeeping showing another mode); null when not seen. */
  readonly modeSinceS: number | null;
  readonly socPct: number | null;
  /** min(power cap, thermal cap) the spacecraft reports. */
  readonly capW: number | null;
  readonly acceleratorC: number | null;
  /** Jobs in the on-board queue (all of them, the broker's and others'). */
  readonly queueLength: number | null;
  readonly holdReason: string | null;
  /** Mission times of the most recent boots (at most BOOTS_KEPT), oldest first. */
  readonly bootTimesS: readonly number[];
  readonly retiredPages: number | null;
  readonly acceleratorResets: number | null;
  readonly acceleratorFailed: boolean;
  /** Bulk packets waiting on board (results wait behind them). */
  readonly bulkQueued: number | null;
}

/** A state the board reported for one of the broker's jobs. `refused`: its submit_job failed on board. */
export interface BoardChange {
  readonly jobId: number;
  readonly state: string;
  readonly timeS: number;
  readonly detail: string;
}

/** A result that reached the ground whole, its digest checked against the job's summary. */
export interface ResultHome {
  readonly jobId: number;
  readonly digestHex: string;
  /** Mission time the ground had it. */
  readonly timeS: number;
  readonly verification: string | null;
  /** Against the simulator's golden result (simulation only; null where there is none). */
  readonly golden: 'match' | 'mismatch' | null;
  /** The station its last chunk came down through (the pass that carried it home): `relay` for a data relay; null where the ground cannot tell. */
  readonly station: string | null;
}

export interface SpacecraftReport {
  readonly view: SpacecraftView;
  readonly changes: readonly BoardChange[];
  readonly results: readonly ResultHome[];
  /** Changes dropped since the last report (over CHANGES_MAX). */
  readonly changesDropped: number;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

export class SpacecraftWatch {
  private readonly view: Mutable<SpacecraftView>;
  private readonly fieldTimeS = new Map<string, number>();
  private changes: BoardChange[] = [];
  private results: ResultHome[] = [];
  private dropped = 0;
  private powerCapW: number | null = null;
  private thermalCapW: number | null = null;

  constructor(name: string) {
    this.view = {
      name,
      lastHeardS: null,
      mode: null,
      modeSinceS: null,
      socPct: null,
      capW: null,
      acceleratorC: null,
      queueLength: null,
      holdReason: null,
      bootTimesS: [],
      retiredPages: null,
      acceleratorResets: null,
      acceleratorFailed: false,
      bulkQueued: null,
    };
  }

  /** One decoded packet of this spacecraft. */
  take(tm: DecodedTelemetry): void {
    const { data, timeS } = tm;
    const view = this.view;
    if (view.lastHeardS === null || timeS > view.lastHeardS) view.lastHeardS = timeS;
    switch (tm.entry.def.name) {
      case 'executive_hk':
      case 'mode_changed':
        if (this.newer('mode', timeS)) this.noteMode(String(tm.entry.def.name === 'mode_changed' ? data.to : data.mode), timeS, false);
        break;
      case 'boot':
        if (this.newer('mode', timeS)) this.noteMode(String(data.mode), timeS, true);
        if (!view.bootTimesS.includes(timeS)) view.bootTimesS = [...view.bootTimesS, timeS].sort((a, b) => a - b).slice(-BOOTS_KEPT);
        break;
      case 'power_hk':
        if (this.newer('power', timeS)) {
          view.socPct = num(data.socPct);
          this.powerCapW = num(data.acceleratorCapW);
          this.updateCap();
        }
        break;
      case 'thermal_hk':
        if (this.newer('thermal', timeS)) {
          view.acceleratorC = num(data.acceleratorC);
          this.thermalCapW = num(data.acceleratorCapW);
          this.updateCap();
        }
        break;
      case 'jobs_hk':
        if (this.newer('jobs', timeS)) {
          view.queueLength = num(data.queueLength);
          view.holdReason = typeof data.holdReason === 'string' ? data.holdReason : null;
        }
        break;
      case 'memory_hk':
        if (this.newer('memory', timeS)) {
          view.retiredPages = num(data.retiredPages);
          view.acceleratorResets = num(data.acceleratorResets);
          view.acceleratorFailed = data.acceleratorFailed === true;
        }
        break;
      case 'telemetry_hk':
        if (this.newer('telemetry', timeS)) view.bulkQueued = num(data.queuedBulk);
        break;
      case 'job_state':
        this.board(data.jobId, data.state, timeS, data.detail);
        break;
      case 'job_summary':
        this.board(data.jobId, data.state, timeS, data.detail);
        break;
      case 'job_list':
        for (const item of Array.isArray(data.jobs) ? (data.jobs as Array<Record<string, unknown>>) : []) this.board(item.jobId, item.state, timeS, '');
        break;
    }
  }

  /** A submit_job of the broker's that the spacecraft refused (its final report `failed`). */
  refused(jobId: number, timeS: number, detail: string): void {
    this.push({ jobId, state: 'refused', timeS, detail });
  }

  /** A result of one of the broker's jobs home and checked; false when not taken (not the broker's, or the report queue is full). */
  resultHome(result: ResultHome): boolean {
    if (result.jobId < FLEET_BOARD_ID_BASE) return false;
    if (this.results.length >= CHANGES_MAX) {
      this.dropped++;
      return false;
    }
    this.results.push(result);
    return true;
  }

  /** The view now, leaving what changed for the next report. */
  current(): SpacecraftView {
    return { ...this.view };
  }

  /** The view now and what changed since the last report. */
  report(): SpacecraftReport {
    const out: SpacecraftReport = { view: { ...this.view }, changes: this.changes, results: this.results, changesDropped: this.dropped };
    this.changes = [];
    this.results = [];
    this.dropped = 0;
    return out;
  }

  private noteMode(mode: string, timeS: number, booted: boolean): void {
    // a mode first heard of began at an unknown time (null): only a change seen, or a boot, dates it
    if ((this.view.mode !== null && mode !== this.view.mode) || booted) this.view.modeSinceS = timeS;
    this.view.mode = mode;
  }

  private updateCap(): void {
    const caps = [this.powerCapW, this.thermalCapW].filter((cap): cap is number => cap !== null);
    this.view.capW = caps.length > 0 ? Math.min(...caps) : null;
  }

  private newer(group: string, timeS: number): boolean {
    if (timeS < (this.fieldTimeS.get(group) ?? Number.NEGATIVE_INFINITY)) return false;
    this.fieldTimeS.set(group, timeS);
    return true;
  }

  private board(jobId: unknown, state: unknown, timeS: number, detail: unknown): void {
    if (typeof jobId !== 'number' || jobId < FLEET_BOARD_ID_BASE || typeof state !== 'string') return;
    this.push({ jobId, state, timeS, detail: typeof detail === 'string' ? detail : '' });
  }

  private push(change: BoardChange): void {
    if (this.changes.length >= CHANGES_MAX) this.dropped++;
    else this.changes.push(change);
  }
}
