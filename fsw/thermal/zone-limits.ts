/**
 * Yellow and red limits of the zone temperatures, taken from the dictionary
 * (thermal_hk `<zone>C` field limits), so the ground's displays and the
 * spacecraft judge against the same figures. A zone's level escalates as
 * soon as the temperature crosses a limit and eases only when it is
 * hysteresisC back inside, so a temperature sitting on a limit does not
 * chatter. A crossing into a worse level is reported once (the caller
 * raises temperature_limit); easing is only shown in housekeeping.
 */
import { thermal, type Limits, type LIMIT_LEVELS } from '../../protocol/index.js';
import type { ZoneName } from '../hal/frames.js';

export type LimitLevel = (typeof LIMIT_LEVELS)[number];

const HK = thermal.telemetry.find((packet) => packet.name === 'thermal_hk');
if (!HK) throw new Error('dictionary: thermal_hk is missing');

/** The dictionary's limits of a zone (empty when it declares none). */
export function zoneLimits(zone: ZoneName): Limits {
  return HK!.fields[`${zone}C`]?.limits ?? {};
}

/** The level of a temperature against limits, without hysteresis. */
export function classify(temperatureC: number, limits: Limits): LimitLevel {
  if (limits.redHigh !== undefined && temperatureC >= limits.redHigh) return 'red-high';
  if (limits.redLow !== undefined && temperatureC <= limits.redLow) return 'red-low';
  if (limits.yellowHigh !== undefined && temperatureC >= limits.yellowHigh) return 'yellow-high';
  if (limits.yellowLow !== undefined && temperatureC <= limits.yellowLow) return 'yellow-low';
  return 'nominal';
}

const SEVERITY: Readonly<Record<LimitLevel, 0 | 1 | 2>> = { nominal: 0, 'yellow-low': 1, 'yellow-high': 1, 'red-low': 2, 'red-high': 2 };
const SIDE: Readonly<Record<LimitLevel, 'low' | 'high' | null>> = {
  nominal: null,
  'yellow-low': 'low',
  'yellow-high': 'high',
  'red-low': 'low',
  'red-high': 'high',
};

export function severity(level: LimitLevel): 0 | 1 | 2 {
  return SEVERITY[level];
}

function side(level: LimitLevel): 'low' | 'high' | null {
  return SIDE[level];
}

/**
 * The next level from the present one: a worse level (or the other side) at
 * once; a milder one on the same side only when the temperature is
 * hysteresisC inside the limit it left.
 */
export function nextLevel(level: LimitLevel, temperatureC: number, limits: Limits, hysteresisC: number): LimitLevel {
  const raw = classify(temperatureC, limits);
  if (severity(raw) >= severity(level) || (side(raw) !== null && side(raw) !== side(level))) return raw;
  const shifted = side(level) === 'high' ? temperatureC + hysteresisC : temperatureC - hysteresisC;
  const eased = classify(shifted, limits);
  return severity(eased) < severity(level) ? eased : level;
}
