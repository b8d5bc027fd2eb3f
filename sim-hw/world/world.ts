/**
 * The world the spacecraft flies through, one instant at a time: where the
 * orbit is (astro/orbit-model.ts: the circular model from elements, or SGP4
 * from a TLE), how the ground stations see it (astro/station.ts) and whether
 * it is inside the South Atlantic Anomaly (radiation.ts). It keeps what its
 * parameters imply (the orbit model, the stations' geometry) so that a tick
 * computes only what changes with time, and it shares the Earth's rotation
 * of the instant between the orbit and the stations.
 */

import { createOrbitSample, earthRotationAt, type OrbitParams, type OrbitSample } from '../../astro/orbit.js';
import { type OrbitModel, orbitModel, orbitSpecOf } from '../../astro/orbit-model.js';
import { lookAnglesFrom, stationGeometry, type LookAngles, type StationGeometry, type StationParams } from '../../astro/station.js';
import type { TleParams } from '../../astro/tle.js';
import { inSaa, type RadiationParams } from './radiation.js';

export interface WorldParams {
  readonly orbit: OrbitParams;
  /** When set, the orbit is SGP4 from this TLE (the sun of the date) and `orbit` is not used. */
  readonly tle?: TleParams | null | undefined;
  readonly station: StationParams;
  /** When set, the spacecraft's link is with this network (the best station in view) and `station` is not used. */
  readonly network?: readonly StationParams[] | null | undefined;
  readonly radiation: RadiationParams;
}

export class World {
  /** The orbit at the last update. */
  readonly orbit: OrbitSample = createOrbitSample();
  /** Elevation and range from the station of the link (stationIndex) at the last update. */
  readonly look: LookAngles = { elevationDeg: 0, rangeKm: 0 };
  /** A station sees the spacecraft at or above its minimum elevation at the last update. */
  inContact = false;
  /**
   * The station of `look`, an index into the stations: of those at or above
   * their minimum elevation the highest; when none is, the highest of all
   * (ties: the first listed).
   */
  stationIndex = 0;
  /** Inside the South Atlantic Anomaly at the last update. */
  inSaa = false;

  private readonly radiation: RadiationParams;
  private readonly model: OrbitModel;
  private readonly stations: readonly StationParams[];
  private readonly geometries: readonly StationGeometry[];
  private readonly scratch: LookAngles = { elevationDeg: 0, rangeKm: 0 };
  private readonly rotation = earthRotationAt(0);
  /** The one station the link may use (a fleet's antenna grant), -1 for none; null: any. */
  private granted: number | null = null;

  constructor(params: WorldParams) {
    this.radiation = params.radiation;
    this.model = orbitModel(orbitSpecOf(params));
    this.stations = params.network && params.network.length > 0 ? params.network : [params.station];
    this.geometries = this.stations.map(stationGeometry);
  }

  /** Moves the world to mission time timeS (analytic: any time, in any order). */
  update(timeS: number): void {
    earthRotationAt(timeS, this.rotation);
    this.model.sampleAt(this.rotation, this.orbit);
    if (this.geometries.length === 1) {
      lookAnglesFrom(this.orbit.positionEciKm, this.geometries[0]!, this.rotation, this.look);
      this.inContact = this.look.elevationDeg >= this.stations[0]!.minElevationDeg && this.granted !== -1;
      this.stationIndex = 0;
    } else {
      this.chooseStation();
    }
    this.inSaa = inSaa(this.radiation, this.orbit.subLatDeg, this.orbit.subLonDeg);
  }

  /**
   * Limits the link to one station from the next update (a fleet's antenna
   * grant: astro/network.ts allocateAntennas), -1 to none; null lifts the
   * limit (a lone spacecraft uses the best station in view).
   */
  grantStation(station: number | null): void {
    if (station !== null && !(Number.isInteger(station) && station >= -1 && station < this.stations.length)) {
      throw new RangeError(`station ${station} is not -1 or an index of the ${this.stations.length} stations`);
    }
    this.granted = station;
  }

  /** The station the link is through at the last update (its name), or null out of contact. */
  linkStation(): string | null {
    return this.inContact ? this.stations[this.stationIndex]!.name : null;
  }

  /** Every station that sees the spacecraft at or above its minimum elevation at the last update, with the elevation. */
  stationViews(): { station: number; elevationDeg: number }[] {
    const views: { station: number; elevationDeg: number }[] = [];
    for (let i = 0; i < this.geometries.length; i++) {
      const look = lookAnglesFrom(this.orbit.positionEciKm, this.geometries[i]!, this.rotation, this.scratch);
      if (look.elevationDeg >= this.stations[i]!.minElevationDeg) views.push({ station: i, elevationDeg: look.elevationDeg });
    }
    return views;
  }

  private chooseStation(): void {
    let best = -1;
    let bestInContact = false;
    for (let i = 0; i < this.geometries.length; i++) {
      const look = lookAnglesFrom(this.orbit.positionEciKm, this.geometries[i]!, this.rotation, this.scratch);
      const inContact = look.elevationDeg >= this.stations[i]!.minElevationDeg && (this.granted === null || this.granted === i);
      if (best < 0 || (inContact && !bestInContact) || (inContact === bestInContact && look.elevationDeg > this.look.elevationDeg)) {
        best = i;
        bestInContact = inContact;
        this.look.elevationDeg = look.elevationDeg;
        this.look.rangeKm = look.rangeKm;
      }
    }
    this.stationIndex = best;
    this.inContact = bestInContact;
  }
}
