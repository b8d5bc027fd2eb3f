/**
 * A fleet flown in parallel: every spacecraft with its own simulator, flight
 * software and scripted ground (mission/run/flight.ts), the spacecraft
 * dealt round-robin to a pool of worker threads (default: one per core),
 * all of them in lock step: the coordinator (this thread) sends every
 * worker the next mission-time barrier (every BARRIER_S) and waits for all
 * before the next. Each spacecraft's seed comes from the fleet's seed, its
 * spacecraft id and its configuration's seed (sim-hw/fleet/fleet-seed.ts), so what a spacecraft does depends on
 * neither the worker that flies it nor the others on that worker; the
 * fleet digest is SHA-256 over every spacecraft's telemetry digest in fleet
 * order, the same whatever the worker count.
 */
import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { orbitModel, orbitSpecOf } from '../../astro/orbit-model.js';
import { seededConfig, type FleetSpacecraft, type TimedFault } from '../../sim-hw/index.js';
import { compiledWorker } from '../worker-file.js';
import type { Workload } from '../run/workload.js';
import { allocateAntennas, DEFAULT_NETWORK, type NetworkStation } from '../../astro/network.js';
import type { FleetFlightSpec, FlightOutcome, FlightState, FromWorker, StationGrant, ToWorker } from './fleet-messages.js';
import { FleetJobService, type FleetJobsOptions, type FleetJobsOutcome, type StationOutage } from './fleet-jobs.js';
import { Crosslinks, type CrosslinkParams } from './crosslink.js';

/** Mission time between the barriers at which every spacecraft of the fleet stands. */
export const BARRIER_S = 10;
export const FLEET_WORKERS_MAX = 256;

const WORKER_FILE = compiledWorker(import.meta.url, 'fleet-worker.js');

export interface FleetRunOptions {
  readonly orbits: number;
  readonly seed: number;
  /** Worker threads (default: one per core, never more than spacecraft). */
  readonly workers?: number;
  readonly faults: readonly TimedFault[];
  readonly workload: Workload;
  /** The station network of the fleet (the one its configurations name; default: astro's default network), for the antenna rule. */
  readonly stations?: readonly NetworkStation[];
  /** A job service places a stream of jobs on the fleet (each spacecraft's operator then flies no workload of its own). */
  readonly jobs?: FleetJobsOptions;
  /** Faults of single spacecraft, by name, in place of `faults` (a fleet campaign). */
  readonly faultsFor?: ReadonlyMap<string, readonly TimedFault[]>;
  /** Finished results relayed over crosslinks to a neighbour that sees a station sooner (with `jobs` only). */
  readonly crosslink?: CrosslinkParams;
  /** Stations out of service for a time: their antennas serve nobody. */
  readonly stationOutages?: readonly StationOutage[];
  /** Hears every barrier: mission time and each spacecraft's state, in fleet order. */
  readonly onBarrier?: (timeS: number, endS: number, states: readonly FlightState[]) => void;
}

export interface FleetRun {
  /** SHA-256 (hex) over `spacecraftId name digest` lines, in fleet order. */
  readonly digest: string;
  readonly outcomes: readonly FlightOutcome[];
  readonly workers: number;
  readonly startS: number;
  readonly endS: number;
  /** The workers' heaps in use at the end, over the spacecraft: what one spacecraft holds. */
  readonly heapPerSpacecraftB: number;
  /** The job service's figures (runs with `jobs` only). */
  readonly jobs: FleetJobsOutcome | null;
}

/** One worker and the spacecraft it flies. */
class FleetWorker {
  private readonly worker: Worker;
  private pending: { resolve: (message: FromWorker) => void; reject: (error: Error) => void } | null = null;
  private failure: Error | null = null;

  constructor(readonly flights: readonly FleetFlightSpec[]) {
    this.worker = new Worker(WORKER_FILE);
    this.worker.on('message', (message: FromWorker) => {
      const pending = this.pending;
      this.pending = null;
      if (message.kind === 'error') pending?.reject(new Error(message.message));
      else pending?.resolve(message);
    });
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => {
      if (code !== 0) this.fail(new Error(`a fleet worker exited with code ${code}`));
    });
  }

  ask(message: ToWorker): Promise<FromWorker> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.pending) return Promise.reject(new Error('a fleet worker was asked twice'));
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.worker.postMessage(message);
    });
  }

  async close(): Promise<void> {
    this.failure ??= new Error('the fleet worker is closed');
    await this.worker.terminate();
  }

  private fail(error: Error): void {
    this.failure ??= error;
    this.pending?.reject(error);
    this.pending = null;
  }
}

/** The fleet's flights dealt round-robin to `workers` workers (in fleet order within each). */
export function dealFlights(flights: readonly FleetFlightSpec[], workers: number): FleetFlightSpec[][] {
  const hands: FleetFlightSpec[][] = Array.from({ length: workers }, () => []);
  flights.forEach((flight, index) => hands[index % workers]!.push(flight));
  return hands.filter((hand) => hand.length > 0);
}

export function fleetDigest(outcomes: readonly FlightOutcome[]): string {
  const hash = createHash('sha256');
  for (const outcome of outcomes) hash.update(`${outcome.spacecraftId} ${outcome.name} ${outcome.digest}\n`);
  return hash.digest('hex');
}

/**
 * The antennas of each station of the fleet's network, which every
 * spacecraft's configuration must name (the same stations, in order);
 * null when the spacecraft link through no network (no antenna rule).
 */
export function networkAntennas(flights: readonly FleetFlightSpec[], stations: readonly NetworkStation[]): number[] | null {
  if (flights.every((flight) => !flight.config.network || flight.config.network.length === 0)) return null;
  const names = stations.map((station) => station.name).join(',');
  const stray = flights.find((flight) => (flight.config.network ?? []).map((station) => station.name).join(',') !== names);
  if (stray) throw new Error(`spacecraft ${stray.name} links through another station network than the fleet's (${names})`);
  return stations.map((station) => station.antennas);
}

/**
 * The antenna rule at a barrier (astro/network.ts allocateAntennas): from
 * what every spacecraft sees now, in fleet order, the one station each may
 * use until the next barrier (-1: none); no rule without a network.
 */
export function stationGrants(states: readonly FlightState[], antennas: readonly number[] | null): StationGrant[] {
  if (antennas === null) return states.map((state) => ({ spacecraftId: state.spacecraftId, station: null }));
  const views = states.flatMap((state, spacecraft) => state.views.map((view) => ({ spacecraft, station: view.station, elevationDeg: view.elevationDeg })));
  const granted = allocateAntennas(views, antennas, states.length);
  return states.map((state, index) => ({ spacecraftId: state.spacecraftId, station: granted[index]! }));
}

export async function flyFleet(fleet: readonly FleetSpacecraft[], options: FleetRunOptions): Promise<FleetRun> {
  if (fleet.length === 0) throw new Error('a fleet run needs at least one spacecraft');
  const asked = options.workers ?? availableParallelism();
  if (!Number.isInteger(asked) || asked < 1 || asked > FLEET_WORKERS_MAX) throw new RangeError(`workers ${asked} is not an integer in 1..${FLEET_WORKERS_MAX}`);
  const flights: FleetFlightSpec[] = fleet.map(({ name, spacecraftId, config }) => {
    const faults = options.faultsFor?.get(name);
    return {
      name,
      spacecraftId,
      config: seededConfig(config, options.seed, spacecraftId),
      watched: options.jobs !== undefined,
      crosslink: options.jobs !== undefined && options.crosslink !== undefined,
      ...(faults ? { faults } : {}),
    };
  });
  const order = new Map(flights.map((flight, index) => [flight.spacecraftId, index]));
  const stations = options.stations ?? DEFAULT_NETWORK;
  const antennas = networkAntennas(flights, stations);
  const antennasAt = (timeS: number): number[] | null =>
    antennas === null
      ? null
      : antennas.map((count, index) =>
          (options.stationOutages ?? []).some((out) => out.station === stations[index]!.name && out.fromS <= timeS && timeS < out.untilS) ? 0 : count,
        );
  const workers = dealFlights(flights, Math.min(asked, flights.length)).map((hand) => new FleetWorker(hand));
  const inFleetOrder = <T extends { spacecraftId: number }>(items: readonly T[]) =>
    [...items].sort((a, b) => order.get(a.spacecraftId)! - order.get(b.spacecraftId)!);
  const all = async (message: ToWorker): Promise<FromWorker[]> => Promise.all(workers.map((worker) => worker.ask(message)));
  try {
    return await fly();
  } finally {
    await Promise.all(workers.map((worker) => worker.close()));
  }

  async function fly(): Promise<FleetRun> {
    const first = await Promise.all(
      workers.map((worker) =>
        worker.ask({
          kind: 'start',
          flights: worker.flights,
          faults: options.faults,
          workload: options.jobs ? { description: 'placed by the broker', jobs: [] } : options.workload,
        }),
      ),
    );
    let states = inFleetOrder(first.flatMap((answer) => (answer.kind === 'at' ? answer.states : [])));
    const startS = Math.max(...states.map((state) => state.timeS));
    // the fleet's orbits are counted in the first spacecraft's period (its TLE's, or its elements')
    const endS = startS + options.orbits * orbitModel(orbitSpecOf(flights[0]!.config)).periodS;
    const service = options.jobs ? new FleetJobService(flights, stations, antennas !== null, options.jobs, options.seed, startS, endS) : null;
    const crosslinks =
      service && options.crosslink
        ? new Crosslinks(new Map(flights.map((flight) => [flight.name, orbitModel(orbitSpecOf(flight.config))])), service.plans, options.crosslink, BARRIER_S)
        : null;
    const names = new Map(flights.map((flight) => [flight.spacecraftId, flight.name]));
    const relayed = (nowS: number) =>
      crosslinks?.step(
        nowS,
        states.map((state) => ({ name: names.get(state.spacecraftId)!, stationNow: state.station, stored: state.stored })),
      );
    let orders = service?.step(startS, states) ?? [];
    for (let barrierS = startS + BARRIER_S; ; barrierS += BARRIER_S) {
      const untilS = Math.min(barrierS, endS);
      const answers = await all({ kind: 'advance', untilS, grants: stationGrants(states, antennasAt(states[0]?.timeS ?? untilS)), orders });
      states = inFleetOrder(answers.flatMap((answer) => (answer.kind === 'at' ? answer.states : [])));
      orders = service?.step(untilS, states, relayed(untilS)) ?? [];
      options.onBarrier?.(untilS, endS, states);
      if (untilS >= endS) break;
    }
    const ends = await all({ kind: 'finish', withOptimum: service !== null });
    const outcomes = inFleetOrder(ends.flatMap((answer) => (answer.kind === 'done' ? answer.outcomes : [])));
    const heapB = ends.reduce((sum, answer) => sum + (answer.kind === 'done' ? answer.heapUsedB : 0), 0);
    return {
      digest: fleetDigest(outcomes),
      outcomes,
      workers: workers.length,
      startS,
      endS,
      heapPerSpacecraftB: heapB / flights.length,
      jobs: service ? { ...service.outcome(outcomes), crosslink: crosslinks?.totals ?? null } : null,
    };
  }
}
