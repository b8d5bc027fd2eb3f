/**
 * One interface over the two orbit models a spacecraft may fly: the circular
 * model from elements (orbit.ts, the fast default) and SGP4 from a TLE
 * (tle.ts). Both fill the same OrbitSample at an instant given by the
 * Earth's rotation, so the world, the station look angles and the searches
 * (contacts, eclipses) work on either.
 */

import {
  createOrbitSample,
  earthRotationAt,
  type EarthRotation,
  type OrbitConstants,
  orbitConstants,
  type OrbitParams,
  type OrbitSample,
  orbitSampleAt,
} from './orbit.js';
import { checkOrbitParams } from './orbit.js';
import { checkTleParams, TleOrbit, type TleParams } from './tle.js';

export interface OrbitModel {
  /** The period that counts orbits (OrbitSample.orbitNumber = floor(timeS / periodS)). */
  readonly periodS: number;
  /** The orbit at rotation.timeS, into `out`. */
  sampleAt(rotation: EarthRotation, out: OrbitSample): OrbitSample;
}

/** An orbit as a fleet file or a configuration gives it: elements of the circular model, or a TLE. */
export type OrbitSpec = { readonly elements: OrbitParams } | { readonly tle: TleParams };

/** The circular model with its constants kept (the same numbers as orbitAt, bit for bit). */
export class CircularOrbit implements OrbitModel {
  readonly periodS: number;
  private readonly constants: OrbitConstants;

  constructor(params: OrbitParams) {
    this.constants = orbitConstants(params);
    this.periodS = this.constants.periodS;
  }

  sampleAt(rotation: EarthRotation, out: OrbitSample): OrbitSample {
    return orbitSampleAt(this.constants, rotation, out);
  }
}

export function checkOrbitSpec(spec: OrbitSpec): string[] {
  return 'tle' in spec ? checkTleParams(spec.tle) : checkOrbitParams(spec.elements);
}

/** The orbit a configuration flies: its TLE when set, else its elements. */
export function orbitSpecOf(config: { readonly orbit: OrbitParams; readonly tle?: TleParams | null | undefined }): OrbitSpec {
  return config.tle ? { tle: config.tle } : { elements: config.orbit };
}

export function orbitModel(spec: OrbitSpec): OrbitModel {
  return 'tle' in spec ? new TleOrbit(spec.tle) : new CircularOrbit(spec.elements);
}

/** The model's sample at mission time timeS (allocates; for tools and tests). */
export function sampleOrbit(model: OrbitModel, timeS: number, out: OrbitSample = createOrbitSample()): OrbitSample {
  return model.sampleAt(earthRotationAt(timeS), out);
}
