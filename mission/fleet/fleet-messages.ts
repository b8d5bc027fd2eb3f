/**
 * What the fleet run's coordinator and its workers say to each other
 * (structured clones over node:worker_threads). Each worker flies the
 * spacecraft it was given, to the barrier it is told, and answers.
 */
import type { SpacecraftConfig, TimedFault } from '../../sim-hw/index.js';
import type { Workload } from '../run/workload.js';

export interface FleetFlightSpec {
  readonly name: string;
  readonly spacecraftId: number;
  /** Checked, with the spacecraft's own seed. */
  readonly config: SpacecraftConfig;
}

export type ToWorker =
  | { readonly kind: 'start'; readonly flights: readonly FleetFlightSpec[]; readonly faults: readonly TimedFault[]; readonly workload: Workload }
  | { readonly kind: 'advance'; readonly untilS: number; readonly grants: readonly StationGrant[] }
  | { readonly kind: 'finish' };

/** The station a spacecraft's link may use until the next barrier (-1: none; null: any). */
export interface StationGrant {
  readonly spacecraftId: number;
  readonly station: number | null;
}

/** One spacecraft at a barrier. */
export interface FlightState {
  readonly spacecraftId: number;
  readonly timeS: number;
  readonly jobsDone: number;
  /** The stations that see it now (index into its network, elevation). */
  readonly views: readonly { readonly station: number; readonly elevationDeg: number }[];
}

/** One spacecraft at the end of the run. */
export interface FlightOutcome {
  readonly name: string;
  readonly spacecraftId: number;
  /** SHA-256 over every telemetry packet of this spacecraft that reached the ground, in arrival order. */
  readonly digest: string;
  readonly jobsDone: number;
  readonly jobsFailed: number;
  /** Results the ground reassembled and found equal to the golden result. */
  readonly goldenMatches: number;
  readonly verifiedFlop: number;
  readonly socMinTruePct: number;
  readonly contacts: number;
  readonly softwareStarts: number;
}

export type FromWorker =
  | { readonly kind: 'at'; readonly states: readonly FlightState[] }
  | { readonly kind: 'done'; readonly outcomes: readonly FlightOutcome[]; readonly heapUsedB: number }
  | { readonly kind: 'error'; readonly message: string };
