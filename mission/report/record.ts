/**
 * What a mission run records for its report: time series sampled at a fixed
 * period, the bands (eclipse, contact, SAA), the job timeline and the notable
 * events. The mission runner (mission/run/) fills it; the report
 * (mission/report/) renders it. Plain data, JSON-serialisable.
 */

/** One sample of the time series, every `MissionRecord.samplePeriodS` of mission time. */
export interface MissionSample {
  readonly timeS: number;
  readonly orbitNumber: number;
  /** Simulator truth. */
  readonly socPctTrue: number;
  /** The flight software's estimate (power.socPct). */
  readonly socPctEstimate: number;
  readonly busVoltageV: number;
  /** Array power delivered into the bus and the total load drawn from it. */
  readonly arrayPowerW: number;
  /** What the array could have given (delivered plus shunted): the achievable optimum's input. */
  readonly arrayAvailableW: number;
  readonly loadPowerW: number;
  /** Positive when charging. */
  readonly batteryPowerW: number;
  /** Published caps (power, thermal) and what the accelerator draws. */
  readonly powerCapW: number;
  readonly thermalCapW: number;
  readonly acceleratorPowerW: number;
  /**
   * What the running job asked for: the draw plus what a cap held back (the
   * device's power at its requested clock while it computes, mean over the
   * period). Equal to the draw when no cap held it, or no job computed.
   */
  readonly acceleratorAskedW: number;
  /** Fraction of the period in which a cap held the running job's draw below what it asked for (0..1). */
  readonly capHeldFraction: number;
  /** The cap that held it for most of that time (the lower published cap), or null when none did. */
  readonly capHeldBy: 'power' | 'thermal' | null;
  /** Simulator truth temperatures by thermal zone (die, board, battery, radiator, ...). */
  readonly temperaturesC: Readonly<Record<string, number>>;
  /** Flight software mode: BOOT, SAFE or NOMINAL. */
  readonly mode: string;
  readonly jobsQueued: number;
  readonly jobsDone: number;
}

/** An interval of mission time: [startS, endS). */
export interface Band {
  readonly startS: number;
  readonly endS: number;
}

export interface JobSpan {
  readonly jobId: number;
  readonly kind: string;
  /** Time the job ran on the device, one span per run (pre-emption and resume give several). */
  readonly runs: readonly Band[];
  readonly submittedS: number;
  /** Time the job reached its final state, or null if it had not at the end. */
  readonly finishedS: number | null;
  readonly outcome: 'done' | 'failed' | 'cancelled' | 'pending';
  /** The job's result digest matched the simulator's golden result (null: not checked or no result). */
  readonly verified: boolean | null;
  readonly retries: number;
}

export type MissionEventKind = 'upset' | 'correction' | 'uncorrectable' | 'latchup' | 'sefi' | 'reset' | 'mode' | 'shed' | 'limit' | 'other';

export interface MissionEvent {
  readonly timeS: number;
  readonly kind: MissionEventKind;
  /** Short text: the event name and its key arguments. */
  readonly text: string;
  /**
   * What this event adds to its kind's count in the report (default 1): the
   * upsets or corrections of a bin, the latch-ups of a simulator record; 0
   * for an event about something counted already (the flight software's
   * latch-up trip after the simulator's latch-up) or that the kind does not
   * count (the power-on boot is no restart).
   */
  readonly count?: number;
}

/** A limit drawn on a temperature plot. */
export interface TemperatureLimit {
  readonly zone: string;
  readonly yellowHighC: number;
  readonly redHighC: number;
}

export interface MissionRecord {
  readonly title: string;
  /** The run's parameters, shown in the report's header (orbits, altitude, beta, seed, scenario, workload). */
  readonly parameters: Readonly<Record<string, string | number>>;
  readonly samplePeriodS: number;
  readonly startS: number;
  readonly endS: number;
  readonly orbitPeriodS: number;
  readonly samples: readonly MissionSample[];
  readonly eclipses: readonly Band[];
  readonly contacts: readonly Band[];
  readonly saaPasses: readonly Band[];
  readonly jobs: readonly JobSpan[];
  readonly events: readonly MissionEvent[];
  readonly limits: readonly TemperatureLimit[];
  /** The summary table's rows: label and value, as printed at the end of the run. */
  readonly summary: readonly (readonly [string, string])[];
  /** Hash of all telemetry that reached the ground (hex), as --digest prints. */
  readonly digest: string;
}
