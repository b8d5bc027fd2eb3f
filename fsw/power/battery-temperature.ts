/**
 * The battery temperature the power manager believes: the median of the
 * readings in the believable range (the charge regulator's sensor and the
 * thermal sensors of the battery zone); NaN when none is believable (a dead
 * sensor reads -273.15).
 */
import type { SensorFrame } from '../hal/frames.js';

const BELIEVABLE_MIN_C = -80;
const BELIEVABLE_MAX_C = 120;

export function batteryTemperatureC(frame: SensorFrame): number {
  const readings: number[] = [];
  const zone = frame.thermal?.sensorsC?.battery ?? [];
  for (const value of zone) if (value >= BELIEVABLE_MIN_C && value <= BELIEVABLE_MAX_C) readings.push(value);
  if (readings.length === 0) {
    const own = frame.power?.batteryTemperatureC;
    return own !== undefined && own >= BELIEVABLE_MIN_C && own <= BELIEVABLE_MAX_C ? own : Number.NaN;
  }
  readings.sort((a, b) => a - b);
  const mid = readings.length >> 1;
  return readings.length % 2 === 1 ? readings[mid]! : 0.5 * (readings[mid - 1]! + readings[mid]!);
}
