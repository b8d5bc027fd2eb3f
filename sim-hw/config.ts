/**
 * The whole simulated spacecraft's configuration: every model's parameters,
 * with defaults from docs/reference.md as each model's README states,
 * validated whole before a spacecraft is built.
 */

import {
  type AcceleratorParams,
  DEFAULT_ACCELERATOR_PARAMS,
  DEFAULT_RAM_REGION_PARAMS,
  checkAcceleratorParams,
  checkMemoryRegionParams,
  type MemoryRegionParams,
} from './accelerator/index.js';
import { checkRange } from './params.js';
import { DEFAULT_LINK_PARAMS, checkLinkParams, type LinkParams } from './link/channel.js';
import { DEFAULT_POWER_PARAMS, checkPowerParams, type PowerParams } from './power/power.js';
import { DEFAULT_HEATER_PARAMS, checkHeaterParams, type HeaterParams } from './thermal/heaters.js';
import { checkThermalNetworkParams, type ThermalNetworkParams } from './thermal/network.js';
import { DEFAULT_TEMPERATURE_SENSOR_PARAMS, checkTemperatureSensorParams, type TemperatureSensorParams } from './thermal/sensors.js';
import { DEFAULT_THERMAL_NETWORK_PARAMS } from './thermal/zones.js';
import { DEFAULT_WATCHDOG_PARAMS, checkWatchdogParams, type WatchdogParams } from './watchdog/watchdog.js';
import { DEFAULT_ORBIT_PARAMS, checkOrbitParams, type OrbitParams } from '../astro/orbit.js';
import { DEFAULT_RADIATION_PARAMS, checkRadiationParams, type RadiationParams } from './world/radiation.js';
import { DEFAULT_STATION_PARAMS, checkStationParams, type StationParams } from '../astro/station.js';
import { checkTleParams, type TleParams } from '../astro/tle.js';

/** Rates of the natural radiation effects; the SAA and storm multipliers scale all of them. */
export interface EffectsParams {
  /** Upsets per bit per day in the accelerator's HBM (REFERENCE: modern DRAM/HBM 1e-9..1e-8, U). */
  readonly hbmUpsetsPerBitPerDay: number;
  /** Upsets per bit per day in the flight computer's RAM (REFERENCE: COTS LEO 4.0e-7, Alsat-1, P). */
  readonly ramUpsetsPerBitPerDay: number;
  /**
   * Fraction of upset events that flip several bits of one ECC word. REFERENCE's 30 % multi-bit
   * events in HBM2 are mostly spread over several words by interleaving; 1e-3 in one word keeps
   * uncorrectable errors near Trillium's order of magnitude (U).
   */
  readonly multiBitFraction: number;
  /** Silent data corruptions per rad (REFERENCE: Trillium ~1 per 15-20 rad, S). */
  readonly logicUpsetsPerRad: number;
  /** Accelerator hangs (SEFI) per rad (REFERENCE: Trillium ~1 per 5 krad, S). */
  readonly sefisPerRad: number;
  /** A latch-up left powered this long damages its part for good (U; JEDEC/ESA: protection acts in us-ms). */
  readonly latchupDamageS: number;
}

export const DEFAULT_EFFECTS_PARAMS: EffectsParams = {
  hbmUpsetsPerBitPerDay: 1e-8,
  ramUpsetsPerBitPerDay: 4.0e-7,
  multiBitFraction: 1e-3,
  logicUpsetsPerRad: 1 / 17.5,
  sefisPerRad: 1 / 5000,
  latchupDamageS: 30,
};

export function checkEffectsParams(params: EffectsParams): string[] {
  const problems: string[] = [];
  const range = (name: string, value: number, min: number, max: number) => checkRange(problems, `effects ${name}`, value, min, max);
  range('hbmUpsetsPerBitPerDay', params.hbmUpsetsPerBitPerDay, 0, 1e-3);
  range('ramUpsetsPerBitPerDay', params.ramUpsetsPerBitPerDay, 0, 1e-3);
  range('multiBitFraction', params.multiBitFraction, 0, 1);
  range('logicUpsetsPerRad', params.logicUpsetsPerRad, 0, 1000);
  range('sefisPerRad', params.sefisPerRad, 0, 1000);
  range('latchupDamageS', params.latchupDamageS, 0.1, 86400);
  return problems;
}

export interface SpacecraftConfig {
  /** One seed for all randomness, split per subsystem. */
  readonly seed: number;
  /** Control tick. */
  readonly dtS: number;
  /**
   * Step of the slow physics: the thermal network (on the tick's heat averaged over the step), the
   * temperature sensors and the radiation draws, in whole ticks (slowTicks: rounded, at least one):
   * they advance on every frame whose number is a multiple of it. slowStepS <= dtS steps them every tick.
   */
  readonly slowStepS: number;
  /** Mission time of the first frame. */
  readonly startTimeS: number;
  readonly orbit: OrbitParams;
  /** When set, the orbit is SGP4 from this TLE (astro/tle.ts) and `orbit` is not flown. */
  readonly tle?: TleParams | null;
  readonly station: StationParams;
  /** When set, the link is with the best station in view of this network (sim-hw/world/world.ts) and `station` is not used. */
  readonly network?: readonly StationParams[] | null;
  readonly radiation: RadiationParams;
  readonly effects: EffectsParams;
  readonly power: PowerParams;
  readonly thermal: ThermalNetworkParams;
  readonly heaters: HeaterParams;
  readonly sensors: TemperatureSensorParams;
  readonly accelerator: AcceleratorParams;
  readonly ram: MemoryRegionParams;
  readonly watchdog: WatchdogParams;
  readonly link: LinkParams;
}

export const DEFAULT_SPACECRAFT_CONFIG: SpacecraftConfig = {
  seed: 1,
  dtS: 0.1,
  slowStepS: 1,
  startTimeS: 0,
  orbit: DEFAULT_ORBIT_PARAMS,
  station: DEFAULT_STATION_PARAMS,
  radiation: DEFAULT_RADIATION_PARAMS,
  effects: DEFAULT_EFFECTS_PARAMS,
  power: DEFAULT_POWER_PARAMS,
  thermal: DEFAULT_THERMAL_NETWORK_PARAMS,
  heaters: DEFAULT_HEATER_PARAMS,
  sensors: DEFAULT_TEMPERATURE_SENSOR_PARAMS,
  accelerator: DEFAULT_ACCELERATOR_PARAMS,
  ram: DEFAULT_RAM_REGION_PARAMS,
  watchdog: DEFAULT_WATCHDOG_PARAMS,
  link: DEFAULT_LINK_PARAMS,
};

/** The slow physics' step in ticks (config.slowStepS rounded to whole ticks, at least one). */
export function slowTicks(config: Pick<SpacecraftConfig, 'dtS' | 'slowStepS'>): number {
  return Math.max(1, Math.round(config.slowStepS / config.dtS));
}

/** A configuration from the defaults with some parts replaced. */
export function spacecraftConfig(overrides: Partial<SpacecraftConfig> = {}): SpacecraftConfig {
  return { ...DEFAULT_SPACECRAFT_CONFIG, ...overrides };
}

/** Every problem of a configuration, empty when it is valid. */
export function checkSpacecraftConfig(config: SpacecraftConfig): string[] {
  const problems = [
    ...checkOrbitParams(config.orbit),
    ...checkStationParams(config.station),
    ...(config.tle ? checkTleParams(config.tle) : []),
    ...(config.network ?? []).flatMap(checkStationParams),
    ...checkRadiationParams(config.radiation),
    ...checkEffectsParams(config.effects),
    ...checkPowerParams(config.power),
    ...checkThermalNetworkParams(config.thermal),
    ...checkHeaterParams(config.heaters),
    ...checkTemperatureSensorParams(config.sensors),
    ...checkAcceleratorParams(config.accelerator),
    ...checkMemoryRegionParams(config.ram),
    ...checkWatchdogParams(config.watchdog),
    ...checkLinkParams(config.link),
  ];
  if (!Number.isInteger(config.seed)) problems.push(`seed ${config.seed} is not an integer`);
  if (!(config.dtS >= 0.001 && config.dtS <= 10)) problems.push(`dtS ${config.dtS} is not 0.001..10`);
  if (!(config.slowStepS >= 0.001 && config.slowStepS <= 10)) problems.push(`slowStepS ${config.slowStepS} is not 0.001..10`);
  if (!(config.startTimeS >= 0)) problems.push(`startTimeS ${config.startTimeS} is not >= 0`);
  return problems;
}
