/**
 * The world the spacecraft flies through, one instant at a time: where the
 * orbit is (orbit.ts), how the ground station sees it (station.ts) and
 * whether it is inside the South Atlantic Anomaly (radiation.ts). It keeps
 * what its parameters imply (the orbit's constants, the station's geometry)
 * so that a tick computes only what changes with time, and it shares the
 * Earth's rotation of the instant between the orbit and the station.
 */

import { createOrbitSample, earthRotationAt, orbitConstants, orbitSampleAt, type OrbitConstants, type OrbitParams, type OrbitSample } from '../../astro/orbit.js';
import { inSaa, type RadiationParams } from './radiation.js';
import { lookAnglesFrom, stationGeometry, type LookAngles, type StationGeometry, type StationParams } from '../../astro/station.js';

export interface WorldParams {
  readonly orbit: OrbitParams;
  readonly station: StationParams;
  readonly radiation: RadiationParams;
}

export class World {
  /** The orbit at the last update. */
  readonly orbit: OrbitSample = createOrbitSample();
  /** The station's elevation and range to the spacecraft at the last update. */
  readonly look: LookAngles = { elevationDeg: 0, rangeKm: 0 };
  /** Inside the South Atlantic Anomaly at the last update. */
  inSaa = false;

  private readonly radiation: RadiationParams;
  private readonly orbitConstants: OrbitConstants;
  private readonly station: StationGeometry;
  private readonly rotation = earthRotationAt(0);

  constructor(params: WorldParams) {
    this.radiation = params.radiation;
    this.orbitConstants = orbitConstants(params.orbit);
    this.station = stationGeometry(params.station);
  }

  /** Moves the world to mission time timeS (analytic: any time, in any order). */
  update(timeS: number): void {
    earthRotationAt(timeS, this.rotation);
    orbitSampleAt(this.orbitConstants, this.rotation, this.orbit);
    lookAnglesFrom(this.orbit.positionEciKm, this.station, this.rotation, this.look);
    this.inSaa = inSaa(this.radiation, this.orbit.subLatDeg, this.orbit.subLonDeg);
  }
}
