/**
 * What the fleet run's coordinator and its workers say to each other
 * (structured clones over node:worker_threads). Each worker flies the
 * spacecraft it was given, to the barrier it is told, and answers.
 */
import type { SpacecraftConfig, TimedFault } from '../../sim-hw/index.js';
import type { SpacecraftReport } from '../../ground/index.js';
import type { Workload, WorkloadJob } from '../run/workload.js';
import type { FleetSpacecraftSeries } from '../report/fleet-record.js';
import type { StoredResult } from './stored-results.js';

export interface FleetFlightSpec {
  readonly name: string;
  readonly spacecraftId: number;
  /** Checked, with the spacecraft's own seed. */
  readonly config: SpacecraftConfig;
  /** Its own faults (a fleet campaign), in place of the fleet's scenario. */
  readonly faults?: readonly TimedFault[];
  /** A broker places the fleet's jobs: keep the ground's view of it and report it at each barrier. */
  readonly watched: boolean;
  /** Crosslinks relay results: report the broker's results it holds finished at each barrier. */
  readonly crosslink?: boolean;
}

/** What the broker wants sent to one spacecraft (its operator sends them in contact). */
export interface JobOrders {
  readonly spacecraftId: number;
  readonly submit: readonly WorkloadJob[];
  readonly cancel: readonly number[];
}

export type ToWorker =
  | { readonly kind: 'start'; readonly flights: readonly FleetFlightSpec[]; readonly faults: readonly TimedFault[]; readonly workload: Workload }
  | { readonly kind: 'advance'; readonly untilS: number; readonly grants: readonly StationGrant[]; readonly orders: readonly JobOrders[] }
  | { readonly kind: 'finish'; readonly withOptimum: boolean };

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
  /** The ground's view of it since the last barrier, for the broker (watched flights only). */
  readonly report: SpacecraftReport | null;
  /** The station its link is through now (null: out of contact). */
  readonly station: string | null;
  /** The broker's results finished on board and not home yet (crosslink flights only). */
  readonly stored: readonly StoredResult[];
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
  /** The achievable optimum of its flight (device FLOP; NaN when not computed). */
  readonly optimumFlop: number;
  /** Time its accelerator computed (utilisation-weighted) over the flight's time. */
  readonly utilisation: number;
  /** Its series (every k-th sample), eclipses and contacts, for the fleet page. */
  readonly series: FleetSpacecraftSeries;
}

export type FromWorker =
  | { readonly kind: 'at'; readonly states: readonly FlightState[] }
  | { readonly kind: 'done'; readonly outcomes: readonly FlightOutcome[]; readonly heapUsedB: number }
  | { readonly kind: 'error'; readonly message: string };
