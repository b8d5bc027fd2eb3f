/**
 * The hardware contract. Once per control tick the hardware delivers a
 * SensorFrame and the software answers with an ActuatorFrame, as an avionics
 * bus frame does. Operations that take time (a job step, a scrub pass, a
 * power cycle, a checkpoint) are requested in one ActuatorFrame and complete
 * in a later SensorFrame.
 *
 * Frames are plain data (numbers, strings, booleans, arrays, maps and
 * Uint8Arrays) so that they cross a socket as CBOR unchanged. Every name
 * carries its unit, last.
 */

import type { HEATER_ZONES, JOB_KINDS, MEMORY_REGIONS, RAILS, RESET_CAUSES, THERMAL_ZONES } from '../../protocol/index.js';

export type RailName = (typeof RAILS)[number];
export type ZoneName = (typeof THERMAL_ZONES)[number];
export type HeaterName = (typeof HEATER_ZONES)[number];
export type RegionName = (typeof MEMORY_REGIONS)[number];
export type ResetCause = (typeof RESET_CAUSES)[number];
export type JobKind = (typeof JOB_KINDS)[number];

// ---------------------------------------------------------------- sensors

export interface SensorFrame {
  /** Frames delivered since the hardware started; consecutive. */
  readonly frame: number;
  /** Spacecraft clock: mission time, seconds since the mission epoch. */
  readonly timeS: number;
  readonly obc: ObcSensors;
  readonly power: PowerSensors;
  readonly thermal: ThermalSensors;
  readonly accelerator: AcceleratorSensors;
  readonly memory: Readonly<Record<RegionName, MemorySensors>>;
  readonly watchdog: WatchdogSensors;
  readonly link: LinkSensors;
}

/** The flight computer itself, as its boot ROM reports it. */
export interface ObcSensors {
  /** Boots of the flight computer since the hardware started (1 on the first). */
  readonly bootCount: number;
  readonly resetCause: ResetCause;
  /** Time since the flight computer last booted. */
  readonly uptimeS: number;
}

export interface RailSensors {
  readonly on: boolean;
  /** Sensed current on the rail. */
  readonly currentA: number;
}

export interface PowerSensors {
  /** Battery-direct main bus. */
  readonly busVoltageV: number;
  readonly batteryVoltageV: number;
  /** Positive when charging. */
  readonly batteryCurrentA: number;
  readonly batteryTemperatureC: number;
  /** Current from the array regulator into the bus (after any shunting). */
  readonly arrayCurrentA: number;
  /** Current the array could give now (the regulator's maximum power point), for the budget. */
  readonly arrayAvailableA: number;
  /** The charge regulator's present charge-current limit. */
  readonly chargeCurrentLimitA: number;
  readonly rails: Readonly<Record<RailName, RailSensors>>;
}

export interface HeaterSensors {
  readonly on: boolean;
  /** Duty the heater switch is applying over the tick. */
  readonly dutyPct: number;
}

export interface ThermalSensors {
  /** Redundant sensors per zone (three each), in sensor order. A dead sensor reads -273.15. */
  readonly sensorsC: Readonly<Record<ZoneName, readonly number[]>>;
  readonly heaters: Readonly<Record<HeaterName, HeaterSensors>>;
}

export type AcceleratorState = 'off' | 'booting' | 'ready' | 'hung' | 'failed';
export type JobRunState = 'loading' | 'running' | 'checkpointing' | 'done' | 'failed';

export interface Checkpoint {
  readonly jobId: number;
  /** Steps completed when the checkpoint was taken. */
  readonly stepsDone: number;
  /** Kernel state, opaque to the software, given back on resume. */
  readonly state: Uint8Array;
}

export interface JobSensors {
  readonly jobId: number;
  readonly kind: JobKind;
  readonly state: JobRunState;
  readonly stepsDone: number;
  readonly stepsTotal: number;
  /** Simulated work done on this job so far (steps completed, not partial progress). */
  readonly workDoneFlop: number;
  /** Present in the one frame in which a requested checkpoint completes. */
  readonly checkpoint: Checkpoint | null;
  /** Present in the one frame in which the job completes: the raw output bytes. */
  readonly result: Uint8Array | null;
  /** Why the device failed the job (state "failed"). */
  readonly failure: string | null;
}

export interface AcceleratorSensors {
  readonly state: AcceleratorState;
  readonly powerCapW: number;
  readonly clockMHz: number;
  readonly utilisationPct: number;
  /** On-die temperature sensor. */
  readonly temperatureC: number;
  readonly powerW: number;
  /** Increments every frame while the device firmware runs; stops when it hangs. */
  readonly heartbeat: number;
  /** Work rate at the present clock and utilisation. */
  readonly throughputFlopS: number;
  readonly job: JobSensors | null;
}

export interface MemoryErrorRecord {
  readonly timeS: number;
  readonly page: number;
  readonly word: number;
  readonly kind: 'corrected' | 'uncorrectable';
  /** Found by a patrol scrub or by a read of job data. */
  readonly during: 'scrub' | 'read';
  /** The job whose buffer holds the word, if any. */
  readonly jobId: number | null;
}

export interface MemorySensors {
  readonly sizeBytes: number;
  readonly pageBytes: number;
  /** Counters since the hardware started; they only grow. */
  readonly correctedCount: number;
  readonly uncorrectableCount: number;
  /** Errors logged since the previous frame, oldest first, at most errorLogMax. */
  readonly errorLog: readonly MemoryErrorRecord[];
  /** Log records lost since the previous frame because the log was full. */
  readonly errorLogDropped: number;
  readonly scrub: ScrubSensors;
  readonly retiredPages: number;
}

export interface ScrubSensors {
  readonly active: boolean;
  /** Next page the scrubber will read. */
  readonly nextPage: number;
  /** Pages left in the requested ranges. */
  readonly pagesQueued: number;
  /** Pages scrubbed since the hardware started. */
  readonly pagesDone: number;
}

export interface WatchdogSensors {
  readonly timeoutS: number;
  readonly sinceStrokeS: number;
  /** Resets of the flight computer the watchdog has caused. */
  readonly resets: number;
}

export interface LinkSensors {
  /** A ground station sees the spacecraft and the link is up. */
  readonly inContact: boolean;
  readonly uplinkBps: number;
  readonly downlinkBps: number;
}

// ---------------------------------------------------------------- actuators

/** What the software asks of the hardware this tick. An absent field leaves the hardware as it is. */
export interface ActuatorFrame {
  /** Switch rails on (true) or off (false). */
  readonly rails?: Readonly<Partial<Record<RailName, boolean>>>;
  /** Heater duty, 0..100 %, held until changed. */
  readonly heaterDutyPct?: Readonly<Partial<Record<HeaterName, number>>>;
  /** Charge regulator limit, 0 stops charging. */
  readonly chargeCurrentLimitA?: number;
  readonly accelerator?: AcceleratorActuators;
  /** Page ranges for the memory controller to patrol-scrub, queued in order. */
  readonly scrub?: readonly ScrubRequest[];
  /** Pages the memory controller must never hand out again. */
  readonly retirePages?: readonly PageRef[];
  /** True strokes the hardware watchdog. */
  readonly watchdogStroke: boolean;
}

export interface AcceleratorActuators {
  readonly powerCapW?: number;
  readonly clockMHz?: number;
  readonly command?: AcceleratorCommand;
}

export type AcceleratorCommand =
  | { readonly op: 'start'; readonly job: JobLaunch }
  | { readonly op: 'checkpoint' }
  | { readonly op: 'stop' }
  | { readonly op: 'reset' };

/**
 * A job for the device. Inputs are raw little-endian float32 arrays; their
 * shapes follow from the kind and dims:
 *   matmul    dims [m, k, p]     inputs A (m x k), B (k x p)            -> C (m x p)
 *   inference dims [b, d, h, o]  inputs X (b x d), W1 (d x h), b1 (h), W2 (h x o), b2 (o)
 *                                -> Y = relu(X W1 + b1) W2 + b2 (b x o)
 *   training  dims [n, d]        inputs X (n x d), y (n), w (d)
 *                                -> w after `steps` epochs of gradient descent on mean squared error
 * The work is split into `steps` equal steps (row blocks, batch blocks or epochs).
 */
export interface JobLaunch {
  readonly jobId: number;
  readonly kind: JobKind;
  readonly dims: readonly number[];
  readonly steps: number;
  readonly inputs: readonly Uint8Array[];
  /** Gradient step size (training only). */
  readonly learningRate?: number;
  /** Continue from this checkpoint instead of step 0. */
  readonly resume: Checkpoint | null;
}

export interface ScrubRequest {
  readonly region: RegionName;
  readonly firstPage: number;
  readonly pages: number;
}

export interface PageRef {
  readonly region: RegionName;
  readonly page: number;
}

/** What a flight computer sends when it has nothing to ask: hold everything, do not stroke. */
export const IDLE_ACTUATORS: ActuatorFrame = Object.freeze({ watchdogStroke: false });
