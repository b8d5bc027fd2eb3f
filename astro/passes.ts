/**
 * Pass prediction for a fleet over a station network: every spacecraft's
 * contact windows with every station (station.ts contactWindowsOf on the
 * spacecraft's orbit model), in order of AOS, each marked when more
 * spacecraft are over the station at some instant of the pass than it has
 * antennas (network.ts allocateAntennas then decides who is served).
 */

import type { FleetMember } from './fleet.js';
import type { NetworkStation } from './network.js';
import { orbitModel } from './orbit-model.js';
import { contactWindowsOf } from './station.js';

export interface Pass {
  readonly spacecraft: string;
  readonly station: string;
  readonly aosS: number;
  readonly losS: number;
  readonly durationS: number;
  readonly maxElevationDeg: number;
  /** Data the pass can bring down at the station's downlink rate. */
  readonly downlinkMbit: number;
  /** More spacecraft over the station at once, during this pass, than it has antennas. */
  readonly contended: boolean;
}

/** Passes of every spacecraft over every station in [fromS, toS], sorted by AOS (then spacecraft, then station). */
export function predictPasses(fleet: readonly FleetMember[], stations: readonly NetworkStation[], fromS: number, toS: number, stepS = 10): Pass[] {
  const passes: Omit<Pass, 'contended'>[] = [];
  for (const member of fleet) {
    const model = orbitModel(member.orbit);
    for (const station of stations) {
      for (const window of contactWindowsOf(model, station, fromS, toS, stepS)) {
        const durationS = window.losS - window.aosS;
        passes.push({
          spacecraft: member.name,
          station: station.name,
          aosS: window.aosS,
          losS: window.losS,
          durationS,
          maxElevationDeg: window.maxElevationDeg,
          downlinkMbit: (durationS * station.downlinkBps) / 1e6,
        });
      }
    }
  }
  const antennas = new Map(stations.map((station) => [station.name, station.antennas]));
  const contended = passes.map((pass) => mostAtOnce(pass, passes) > antennas.get(pass.station)!);
  return passes
    .map((pass, i) => ({ ...pass, contended: contended[i]! }))
    .sort((a, b) => a.aosS - b.aosS || a.spacecraft.localeCompare(b.spacecraft) || a.station.localeCompare(b.station));
}

type Window = Pick<Pass, 'station' | 'aosS' | 'losS'>;

/** The most passes over the pass's station at one instant of the pass (itself included): the count peaks at some pass's AOS. */
function mostAtOnce(pass: Window, passes: readonly Window[]): number {
  const same = passes.filter((other) => other.station === pass.station && other.aosS < pass.losS && other.losS > pass.aosS);
  const instants = same.map((other) => Math.max(other.aosS, pass.aosS));
  return Math.max(...instants.map((timeS) => same.filter((other) => other.aosS <= timeS && timeS < other.losS).length));
}
