/**
 * What a fleet run records for its report page (out/fleet-report.html):
 * each spacecraft's series (decimated by its worker), its eclipses and
 * contacts, every run the job broker placed, and the station outages.
 * The fleet run (mission/fleet/) fills it; fleet-render.ts draws it.
 * Plain data, JSON-serialisable.
 */
import type { Band, MissionSample } from './record.js';

/** Samples a worker keeps of one spacecraft's series (every k-th; the page decimates per pixel column again). */
export const FLEET_SAMPLES_MAX = 1200;

export interface FleetSpacecraftSeries {
  readonly name: string;
  /** Every k-th sample of its flight (temperatures left out). */
  readonly samples: readonly MissionSample[];
  readonly eclipses: readonly Band[];
  readonly contacts: readonly Band[];
}

/** One placement of a fleet job, as the broker followed it. */
export interface FleetRunSpan {
  readonly jobId: number;
  readonly kind: string;
  readonly spacecraft: string;
  readonly boardJobId: number;
  readonly placedS: number;
  /** Last time known of it: home, done on board, the last board state, or the end of the run for one still going. */
  readonly endS: number;
  readonly state: string;
  readonly because: string;
  readonly detail: string;
  /** The station whose pass carried its result home (null: not home, or not known). */
  readonly homeStation: string | null;
}

export interface FleetRecord {
  readonly title: string;
  readonly parameters: Readonly<Record<string, string | number>>;
  readonly startS: number;
  readonly endS: number;
  readonly orbitPeriodS: number;
  readonly spacecraft: readonly FleetSpacecraftSeries[];
  readonly runs: readonly FleetRunSpan[];
  readonly outages: readonly { readonly station: string; readonly fromS: number; readonly untilS: number }[];
  readonly summary: readonly (readonly [string, string])[];
  readonly digest: string;
}

/** Every k-th sample so that at most `max` remain (the last one kept). */
export function strideSamples(samples: readonly MissionSample[], max = FLEET_SAMPLES_MAX): MissionSample[] {
  const step = Math.max(1, Math.ceil(samples.length / max));
  const kept: MissionSample[] = [];
  for (let i = 0; i < samples.length; i += step) kept.push({ ...samples[i]!, temperaturesC: {} });
  const last = samples.at(-1);
  if (last && kept.at(-1)?.timeS !== last.timeS) kept.push({ ...last, temperaturesC: {} });
  return kept;
}
