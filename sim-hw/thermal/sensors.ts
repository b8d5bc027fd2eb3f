/**
 * Temperature sensors: three redundant ones per zone (frames.ts
 * ThermalSensors.sensorsC), each reading its zone's node temperature plus
 * Gaussian noise, quantised to resolutionC. Faults, set and cleared by the
 * assembly, combine per sensor: dead reads -273.15 (wins over everything),
 * stuck holds the reading it gave when it failed, noisy adds an extra sigma
 * (the deviates add in quadrature), offset adds a bias. Every sensor takes
 * exactly one normal deviate per tick whatever its faults, so a fault on one
 * sensor never shifts another's noise. The deviates come in Box-Muller pairs
 * (both halves used) from two 32-bit draws of the Random passed in: half the
 * cost of Random.normal(), which discards one half and draws 53-bit uniforms.
 */

import { THERMAL_ZONES } from '../../protocol/index.js';
import type { HeaterName, HeaterSensors, ThermalSensors, ZoneName } from '../../fsw/hal/frames.js';
import type { Random } from '../random.js';

export const DEAD_SENSOR_READING_C = -273.15;

export interface TemperatureSensorParams {
  readonly sensorsPerZone: number;
  /** Standard deviation of a healthy sensor's noise. */
  readonly noiseSigmaC: number;
  /** Quantum of a reading; 1 / resolutionC must be an integer. */
  readonly resolutionC: number;
}

/** Three per zone (frames.ts), 0.1 C noise and 0.01 C steps (brief; grade U). */
export const DEFAULT_TEMPERATURE_SENSOR_PARAMS: TemperatureSensorParams = { sensorsPerZone: 3, noiseSigmaC: 0.1, resolutionC: 0.01 };

export function checkTemperatureSensorParams(params: TemperatureSensorParams): string[] {
  const problems: string[] = [];
  if (!(Number.isInteger(params.sensorsPerZone) && params.sensorsPerZone >= 1 && params.sensorsPerZone <= 8))
    problems.push(`sensors per zone ${params.sensorsPerZone} is not an integer 1..8`);
  if (!(params.noiseSigmaC >= 0 && params.noiseSigmaC <= 10)) problems.push(`sensor noiseSigmaC ${params.noiseSigmaC} is not 0..10`);
  const steps = 1 / params.resolutionC;
  if (!(params.resolutionC >= 0.001 && params.resolutionC <= 1) || Math.abs(steps - Math.round(steps)) > 1e-9 * steps) {
    problems.push(`sensor resolutionC ${params.resolutionC} is not 0.001..1 with an integer 1/resolution`);
  }
  return problems;
}

export interface SensorChannelState {
  /** The last reading given (NaN before the first). */
  lastReadingC: number;
  dead: boolean;
  stuck: boolean;
  /** The reading a stuck sensor holds (NaN until it has one). */
  stuckReadingC: number;
  extraSigmaC: number;
  offsetC: number;
}

export type TemperatureSensorState = Record<ZoneName, SensorChannelState[]>;

export function createTemperatureSensorState(params: TemperatureSensorParams): TemperatureSensorState {
  const channels = (): SensorChannelState[] =>
    Array.from({ length: params.sensorsPerZone }, () => ({ lastReadingC: NaN, dead: false, stuck: false, stuckReadingC: NaN, extraSigmaC: 0, offsetC: 0 }));
  return { accelerator: channels(), board: channels(), battery: channels(), radiator: channels(), structure: channels() };
}

export type SensorFault =
  | { readonly kind: 'stuck' }
  | { readonly kind: 'noisy'; readonly sigmaC: number }
  | { readonly kind: 'dead' }
  | { readonly kind: 'offset'; readonly offsetC: number };

function channel(state: TemperatureSensorState, zone: ZoneName, sensor: number): SensorChannelState {
  const c = state[zone][sensor];
  if (c === undefined) throw new Error(`no temperature sensor ${sensor} in zone ${zone}`);
  return c;
}

/** Starts a fault on one sensor. Stuck holds the reading the sensor gave last (or its next one, before any). */
export function setSensorFault(state: TemperatureSensorState, zone: ZoneName, sensor: number, fault: SensorFault): void {
  const c = channel(state, zone, sensor);
  switch (fault.kind) {
    case 'stuck':
      c.stuck = true;
      c.stuckReadingC = c.lastReadingC;
      return;
    case 'noisy':
      if (!(fault.sigmaC >= 0)) throw new Error(`sensor noise sigma ${fault.sigmaC} is negative`);
      c.extraSigmaC = fault.sigmaC;
      return;
    case 'dead':
      c.dead = true;
      return;
    case 'offset':
      c.offsetC = fault.offsetC;
      return;
  }
}

/** Ends one kind of fault on a sensor. */
export function clearSensorFault(state: TemperatureSensorState, zone: ZoneName, sensor: number, kind: SensorFault['kind']): void {
  const c = channel(state, zone, sensor);
  if (kind === 'stuck') {
    c.stuck = false;
    c.stuckReadingC = NaN;
  } else if (kind === 'noisy') c.extraSigmaC = 0;
  else if (kind === 'dead') c.dead = false;
  else c.offsetC = 0;
}

export type SensorReadings = Record<ZoneName, number[]>;

export function createSensorReadings(params: TemperatureSensorParams): SensorReadings {
  const zeros = (): number[] => new Array<number>(params.sensorsPerZone).fill(0);
  return { accelerator: zeros(), board: zeros(), battery: zeros(), radiator: zeros(), structure: zeros() };
}

/** Reads every sensor once from the zones' true temperatures; writes into `out` (allocated if absent). */
export function stepTemperatureSensors(
  state: TemperatureSensorState,
  temperaturesC: Readonly<Record<ZoneName, number>>,
  params: TemperatureSensorParams,
  random: Random,
  out: SensorReadings = createSensorReadings(params),
): SensorReadings {
  const steps = Math.round(1 / params.resolutionC);
  const sigma2 = params.noiseSigmaC * params.noiseSigmaC;
  let spare = 0;
  let haveSpare = false;
  for (const zone of THERMAL_ZONES) {
    const truthC = temperaturesC[zone];
    const channels = state[zone];
    const readings = out[zone];
    for (let i = 0; i < channels.length; i++) {
      const c = channels[i]!;
      let z: number;
      if (haveSpare) {
        z = spare;
        haveSpare = false;
      } else {
        // Box-Muller on (0, 1] x [0, 1) from 32-bit draws.
        const radius = Math.sqrt(-2 * Math.log((random.nextUint32() + 1) / 4294967296));
        const angle = (2 * Math.PI * random.nextUint32()) / 4294967296;
        z = radius * Math.cos(angle);
        spare = radius * Math.sin(angle);
        haveSpare = true;
      }
      let reading: number;
      if (c.dead) reading = DEAD_SENSOR_READING_C;
      else {
        const sigma = c.extraSigmaC > 0 ? Math.sqrt(sigma2 + c.extraSigmaC * c.extraSigmaC) : params.noiseSigmaC;
        reading = Math.round((truthC + c.offsetC + sigma * z) * steps) / steps;
        if (c.stuck) {
          if (Number.isNaN(c.stuckReadingC)) c.stuckReadingC = reading;
          reading = c.stuckReadingC;
        }
      }
      c.lastReadingC = reading;
      readings[i] = reading;
    }
  }
  return out;
}

/** frames.ts ThermalSensors for a tick (new arrays: frames are kept by their readers). */
export function thermalSensors(readings: SensorReadings, heaters: Readonly<Record<HeaterName, HeaterSensors>>): ThermalSensors {
  return {
    sensorsC: {
      accelerator: readings.accelerator.slice(),
      board: readings.board.slice(),
      battery: readings.battery.slice(),
      radiator: readings.radiator.slice(),
      structure: readings.structure.slice(),
    },
    heaters,
  };
}
