/**
 * The battery temperature the power manager believes: the median of the
 * readings in the believable range (the charge regulator's sensor and the
 * thermal sensors of the battery zone); NaN when none is believable (a dead
 * sensor reads -273.15).
 */
import type { SensorFrame } from '../hal/frames.js';

const BELIEVABLE_MIN_C = -80;
const BELIEVABLE_MAX_C = 120;

/** Believable readings sorted in a caller's scratch (a zone has three sensors; more, or readings that are not numbers, take the general path). */
export const BATTERY_READINGS_MAX = 16;

/** `readings` is scratch of BATTERY_READINGS_MAX values (the power state's), overwritten. */
export function batteryTemperatureC(frame: SensorFrame, readings: Float64Array): number {
  const zone = frame.thermal?.sensorsC?.battery ?? [];
  if (zone.length > BATTERY_READINGS_MAX || readings.length < BATTERY_READINGS_MAX) return generalMedian(frame, zone);
  // a stable insertion sort by a - b: the order Array.prototype.sort gives, so the median is the same number
  let count = 0;
  for (const value of zone) {
    if (typeof value !== 'number') return generalMedian(frame, zone);
    if (!(value >= BELIEVABLE_MIN_C && value <= BELIEVABLE_MAX_C)) continue;
    let j = count;
    while (j > 0 && readings[j - 1]! - value > 0) {
      readings[j] = readings[j - 1]!;
      j--;
    }
    readings[j] = value;
    count++;
  }
  if (count === 0) return ownReading(frame);
  const mid = count >> 1;
  return count % 2 === 1 ? readings[mid]! : 0.5 * (readings[mid - 1]! + readings[mid]!);
}

function ownReading(frame: SensorFrame): number {
  const own = frame.power?.batteryTemperatureC;
  return own !== undefined && own >= BELIEVABLE_MIN_C && own <= BELIEVABLE_MAX_C ? own : Number.NaN;
}

function generalMedian(frame: SensorFrame, zone: readonly number[]): number {
  const believable: number[] = [];
  for (const value of zone) if (value >= BELIEVABLE_MIN_C && value <= BELIEVABLE_MAX_C) believable.push(value);
  if (believable.length === 0) return ownReading(frame);
  believable.sort((a, b) => a - b);
  const mid = believable.length >> 1;
  return believable.length % 2 === 1 ? believable[mid]! : 0.5 * (believable[mid - 1]! + believable[mid]!);
}
