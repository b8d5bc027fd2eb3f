/**
 * Intervals of mission time for the report: eclipses and South Atlantic
 * Anomaly passes from the simulator's own world model (the same functions
 * the spacecraft steps with, so they are its truth), and a tracker that
 * turns a per-tick flag (the link's contact) into bands.
 */
import type { Band } from '../report/record.js';
import { createOrbitSample, inSaa, nextEclipses, orbitAt, type OrbitParams, orbitPeriodS, type RadiationParams } from '../../sim-hw/index.js';

/** Bands of one kind a record holds; more are counted, not kept. */
export const BANDS_MAX = 10_000;

function clip(band: Band, startS: number, endS: number): Band | null {
  const clipped = { startS: Math.max(band.startS, startS), endS: Math.min(band.endS, endS) };
  return clipped.endS > clipped.startS ? clipped : null;
}

/** Eclipses overlapping [startS, endS), clipped to it. */
export function eclipseBands(orbit: OrbitParams, startS: number, endS: number): Band[] {
  const count = Math.min(BANDS_MAX, Math.ceil((endS - startS) / orbitPeriodS(orbit)) + 2);
  return nextEclipses(orbit, startS, count)
    .map((window) => clip({ startS: window.entryS, endS: window.exitS }, startS, endS))
    .filter((band): band is Band => band !== null);
}

/** SAA passes in [startS, endS), sampled every stepS (the control tick: as the spacecraft sees them). */
export function saaBands(orbit: OrbitParams, radiation: RadiationParams, startS: number, endS: number, stepS: number): Band[] {
  const flags = new BandTracker();
  const sample = createOrbitSample();
  const steps = Math.ceil((endS - startS) / stepS - 1e-9);
  for (let i = 0; i <= steps; i++) {
    const timeS = Math.min(endS, startS + i * stepS);
    orbitAt(orbit, timeS, sample);
    flags.note(timeS, inSaa(radiation, sample.subLatDeg, sample.subLonDeg));
  }
  return flags.finish(endS);
}

/** Turns a flag sampled over time into bands: a band opens when the flag rises and closes when it falls. */
export class BandTracker {
  readonly bands: Band[] = [];
  dropped = 0;
  private openS: number | null = null;

  note(timeS: number, on: boolean): void {
    if (on && this.openS === null) this.openS = timeS;
    else if (!on && this.openS !== null) this.close(timeS);
  }

  /** Closes a band still open at endS; returns the bands. */
  finish(endS: number): Band[] {
    if (this.openS !== null) this.close(endS);
    return this.bands;
  }

  /** Total time inside the bands. */
  totalS(): number {
    return this.bands.reduce((total, band) => total + band.endS - band.startS, 0);
  }

  private close(timeS: number): void {
    if (this.bands.length < BANDS_MAX) this.bands.push({ startS: this.openS!, endS: timeS });
    else this.dropped++;
    this.openS = null;
  }
}
