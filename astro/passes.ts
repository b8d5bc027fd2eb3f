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
  const contended = passes.map((pass) => {
    const same = passes.filter((other) => other.station === pass.station && other.aosS < pass.losS && other.losS > pass.aosS);
    // The most passes over the station at once within this pass: the count is highest at some pass's AOS.
    const most = Math.max(
      ...same
        .filter((other) => other.aosS >= pass.aosS || other === pass)
        .map((at) => same.filter((o) => o.aosS <= Math.max(at.aosS, pass.aosS) && o.losS > Math.max(at.aosS, pass.aosS)).length),
    );
    return most > antennas.get(pass.station)!;
  });
  return passes
    .map((pass, i) => ({ ...pass, contended: contended[i]! }))
    .sort((a, b) => a.aosS - b.aosS || a.spacecraft.localeCompare(b.spacecraft) || a.station.localeCompare(b.station));
}
