/**
 * The spacecraft's thermal network: the five zones of frames.ts ZoneName as
 * nodes (in THERMAL_ZONES order, so ZONE_INDEX[zone] indexes the network's
 * arrays), their links and surfaces, and where the electrical power ends up
 * as heat. Sizing and sources in README.md ("Design"):
 * - the accelerator's cold plate feeds a nadir-facing radiator through heat
 *   pipes (3 W/K): the die runs ~92 C at 200 W and ~44 C at 100 W in sunlight;
 * - the bus (board, battery, structure) is isolated from that radiator
 *   (0.5 W/K mounts) and loses its heat through its MLI (effective
 *   emittance 0.05 over 3 m^2), so the heaters can keep it warm when the
 *   accelerator is off.
 */

import { THERMAL_ZONES } from '../../protocol/index.js';
import type { ZoneName } from '../../fsw/hal/frames.js';
import { DEFAULT_THERMAL_ENVIRONMENT, KELVIN_OFFSET } from './network.js';
import type { ThermalNetworkParams, ThermalState } from './network.js';

export const ZONE_INDEX: Readonly<Record<ZoneName, number>> = Object.freeze({ accelerator: 0, board: 1, battery: 2, radiator: 3, structure: 4 });

/** White paint (REFERENCE.md: eps 0.92, alpha 0.15, S). */
export const RADIATOR_EMISSIVITY = 0.92;
export const RADIATOR_ABSORPTIVITY = 0.15;

export const DEFAULT_THERMAL_NETWORK_PARAMS: ThermalNetworkParams = {
  nodes: [
    { name: 'accelerator', heatCapacityJK: 600, initialTemperatureC: 20, surface: null },
    { name: 'board', heatCapacityJK: 1500, initialTemperatureC: 20, surface: null },
    { name: 'battery', heatCapacityJK: 1500, initialTemperatureC: 20, surface: null },
    {
      name: 'radiator',
      heatCapacityJK: 4275,
      initialTemperatureC: 20,
      surface: { areaM2: 0.95, emissivity: RADIATOR_EMISSIVITY, absorptivity: RADIATOR_ABSORPTIVITY, solarViewFactor: 0.04, earthViewFactor: 0.85 },
    },
    {
      name: 'structure',
      heatCapacityJK: 13500,
      initialTemperatureC: 20,
      surface: { areaM2: 3, emissivity: 0.05, absorptivity: 0, solarViewFactor: 0, earthViewFactor: 0 },
    },
  ],
  links: [
    { from: 'accelerator', to: 'radiator', conductanceWK: 3 },
    { from: 'accelerator', to: 'board', conductanceWK: 0.2 },
    { from: 'board', to: 'structure', conductanceWK: 15 },
    { from: 'battery', to: 'structure', conductanceWK: 3 },
    { from: 'structure', to: 'radiator', conductanceWK: 0.5 },
  ],
  environment: DEFAULT_THERMAL_ENVIRONMENT,
};

/** Where the electrical power of a tick ends up as heat. */
export interface SpacecraftHeatInputs {
  /** Accelerator rail power (device power, plus its latch-up power): the die. */
  readonly acceleratorW: number;
  /** Avionics, comms and payload rail powers (latch-up power included): the board. */
  readonly boardElectronicsW: number;
  readonly boardHeaterW: number;
  readonly batteryHeaterW: number;
  /** Battery resistive and coulombic losses (power.ts batteryHeatW). */
  readonly batteryLossW: number;
}

/** Fills a per-node heat array (length 5, ZONE_INDEX order) from the power system's figures. */
export function fillZoneHeatW(out: Float64Array | number[], inputs: SpacecraftHeatInputs): void {
  out[ZONE_INDEX.accelerator] = inputs.acceleratorW;
  out[ZONE_INDEX.board] = inputs.boardElectronicsW + inputs.boardHeaterW;
  out[ZONE_INDEX.battery] = inputs.batteryHeaterW + inputs.batteryLossW;
  out[ZONE_INDEX.radiator] = 0;
  out[ZONE_INDEX.structure] = 0;
}

/** Zone temperatures in Celsius from a state of the default network. */
export function zoneTemperaturesC(
  state: ThermalState,
  out: Record<ZoneName, number> = { accelerator: 0, board: 0, battery: 0, radiator: 0, structure: 0 },
): Record<ZoneName, number> {
  for (const zone of THERMAL_ZONES) out[zone] = state.temperatureK[ZONE_INDEX[zone]]! - KELVIN_OFFSET;
  return out;
}
