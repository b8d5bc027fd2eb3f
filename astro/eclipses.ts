/**
 * Eclipses of any orbit model, found the way contact windows are: the shadow
 * flag sampled every stepS, each change refined by bisection to 1 ms. The
 * circular model also has the analytic list (orbit.ts nextEclipses); the
 * TLE model, whose sun moves with the date, has only this one.
 */

import { createOrbitSample, earthRotationAt, type EclipseWindow } from './orbit.js';
import type { OrbitModel } from './orbit-model.js';
import { CONTACT_SAMPLES_MAX, crossing } from './station.js';

/** Eclipses in [fromS, toS], clipped to it (one in progress at fromS starts at fromS). A shadow shorter than about stepS can be missed. */
export function eclipsesOf(model: OrbitModel, fromS: number, toS: number, stepS = 10): EclipseWindow[] {
  if (!(Number.isFinite(fromS) && Number.isFinite(toS))) throw new RangeError(`eclipse search ${fromS}..${toS} s is not finite`);
  if (!(stepS > 0)) throw new RangeError(`eclipse search step ${stepS} s is not > 0`);
  if (!(toS > fromS)) return [];
  const samples = Math.ceil((toS - fromS) / stepS);
  if (samples > CONTACT_SAMPLES_MAX)
    throw new RangeError(`eclipse search ${fromS}..${toS} s at ${stepS} s takes ${samples} samples, more than ${CONTACT_SAMPLES_MAX}`);
  const rotation = earthRotationAt(fromS);
  const sample = createOrbitSample();
  const shadow = (timeS: number): boolean => !model.sampleAt(earthRotationAt(timeS, rotation), sample).sunlit;
  const edge = (outS: number, inS: number): number => crossing((timeS) => (shadow(timeS) ? 0 : -1), outS, inS);
  const windows: EclipseWindow[] = [];
  let previousS = fromS;
  let previous = shadow(fromS);
  let entryS = previous ? fromS : Number.NaN;
  for (let i = 1; i <= samples; i++) {
    const timeS = i === samples ? toS : fromS + i * stepS;
    const now = shadow(timeS);
    if (now && !previous) entryS = edge(previousS, timeS);
    if (!now && previous) windows.push({ entryS, exitS: edge(timeS, previousS) });
    previousS = timeS;
    previous = now;
  }
  if (previous) windows.push({ entryS, exitS: toS });
  return windows;
}
