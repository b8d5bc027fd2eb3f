/**
 * The faults the simulator can inject, as plain data: the same shapes serve
 * the live injection API, scenario files and the seeded generator.
 */

import { HEATER_ZONES, MEMORY_REGIONS, RAILS, THERMAL_ZONES } from '../../protocol/index.js';
import type { HeaterName, RailName, RegionName, ZoneName } from '../../fsw/hal/frames.js';
import type { JsonSchema } from '../../protocol/index.js';

export const SENSORS_PER_ZONE = 3;

export type Fault =
  | { readonly kind: 'sensor-stuck'; readonly zone: ZoneName; readonly sensor: number }
  | { readonly kind: 'sensor-noisy'; readonly zone: ZoneName; readonly sensor: number; readonly sigmaC: number }
  | { readonly kind: 'sensor-dead'; readonly zone: ZoneName; readonly sensor: number }
  | { readonly kind: 'sensor-offset'; readonly zone: ZoneName; readonly sensor: number; readonly offsetC: number }
  | { readonly kind: 'heater-stuck'; readonly heater: HeaterName; readonly state: 'on' | 'off' }
  | { readonly kind: 'battery-capacity-loss'; readonly fraction: number }
  | { readonly kind: 'array-degradation'; readonly fraction: number }
  | { readonly kind: 'latchup'; readonly rail: RailName; readonly extraCurrentA: number }
  | { readonly kind: 'sefi' }
  | { readonly kind: 'upset-burst'; readonly region: RegionName; readonly count: number; readonly target: 'any' | 'job'; readonly multiBitFraction?: number }
  | { readonly kind: 'logic-upset' }
  | { readonly kind: 'solar-storm'; readonly multiplier: number }
  | { readonly kind: 'link-outage' }
  | { readonly kind: 'obc-hang' };

export type FaultKind = Fault['kind'];

/** A fault at a mission time, lasting durationS where the kind has a duration. */
export type TimedFault = Fault & { readonly atS: number; readonly durationS?: number };

/** Kinds that last (and need durationS, or last for good without one) versus kinds that happen at once. */
export const LASTING_KINDS: ReadonlySet<FaultKind> = new Set([
  'sensor-stuck',
  'sensor-noisy',
  'sensor-dead',
  'sensor-offset',
  'heater-stuck',
  'solar-storm',
  'link-outage',
  'obc-hang',
]);

/** Kinds with no end that make sense only with a duration. */
export const DURATION_REQUIRED: ReadonlySet<FaultKind> = new Set(['solar-storm', 'link-outage', 'obc-hang']);

const sensor = { zone: { enum: [...THERMAL_ZONES] }, sensor: { type: 'integer', minimum: 0, maximum: SENSORS_PER_ZONE - 1 } };

/** JSON Schema of each kind's parameters (besides kind, atS and durationS). */
export const FAULT_SCHEMAS: Readonly<Record<FaultKind, Readonly<Record<string, JsonSchema>>>> = {
  'sensor-stuck': sensor,
  'sensor-noisy': { ...sensor, sigmaC: { type: 'number', exclusiveMinimum: 0, maximum: 100 } },
  'sensor-dead': sensor,
  'sensor-offset': { ...sensor, offsetC: { type: 'number', minimum: -200, maximum: 200 } },
  'heater-stuck': { heater: { enum: [...HEATER_ZONES] }, state: { enum: ['on', 'off'] } },
  'battery-capacity-loss': { fraction: { type: 'number', exclusiveMinimum: 0, maximum: 0.9 } },
  'array-degradation': { fraction: { type: 'number', exclusiveMinimum: 0, maximum: 1 } },
  latchup: { rail: { enum: [...RAILS] }, extraCurrentA: { type: 'number', exclusiveMinimum: 0, maximum: 50 } },
  sefi: {},
  'upset-burst': {
    region: { enum: [...MEMORY_REGIONS] },
    count: { type: 'integer', minimum: 1, maximum: 100000 },
    target: { enum: ['any', 'job'] },
    multiBitFraction: { type: 'number', minimum: 0, maximum: 1 },
  },
  'logic-upset': {},
  'solar-storm': { multiplier: { type: 'number', minimum: 1, maximum: 100000 } },
  'link-outage': {},
  'obc-hang': {},
};

/** Parameters a kind may leave out. */
export const OPTIONAL_PARAMS: ReadonlySet<string> = new Set(['multiBitFraction']);
