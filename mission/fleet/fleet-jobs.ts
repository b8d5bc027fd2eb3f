/**
 * The fleet job service in a fleet run: a stream of jobs (job-stream.ts)
 * submitted to the ground's broker (ground/fleet/broker.ts) as mission time
 * reaches each arrival; at every barrier the broker takes what each
 * spacecraft's ground saw (its SpacecraftWatch report, in fleet order) and
 * its orders go to the spacecraft's operator with the next barrier, who
 * sends them in contact. It decides from telemetry, orbits and passes
 * only (contact plans built from each configuration's orbit and the
 * station network), never from the simulators' truth. Runs in the
 * coordinator, so it is the same whatever the worker count.
 */
import type { FleetMember } from '../../astro/fleet.js';
import type { NetworkStation } from '../../astro/network.js';
import { orbitSpecOf } from '../../astro/orbit-model.js';
import {
  FleetBroker,
  passPlan,
  type BrokerCounts,
  type BrokerParams,
  type ContactPlan,
  type FleetJob,
  type ResultHome,
  type SpacecraftReport,
  type SpacecraftView,
} from '../../ground/index.js';
import type { Workload } from '../run/workload.js';
import type { FleetFlightSpec, FlightOutcome, FlightState, JobOrders } from './fleet-messages.js';
import { jobStream, type Arrival } from './job-stream.js';
import type { CrosslinkCounts } from './crosslink.js';

export interface FleetJobsOptions {
  readonly params: BrokerParams;
  /** Mean job arrivals per hour of mission time. */
  readonly perHour: number;
  /** Share of jobs run on two spacecraft whose digests must agree. */
  readonly redundantShare: number;
  /** The jobs, in place of drawn ones. */
  readonly workload?: Workload;
  /** Jobs arrive only this long from the start (default: the whole run), so that a campaign can see every one end. */
  readonly arrivalsForS?: number;
}

export interface StationOutage {
  readonly station: string;
  readonly fromS: number;
  readonly untilS: number;
}

export interface FleetJobsOutcome {
  readonly policy: BrokerParams['policy'];
  readonly counts: BrokerCounts;
  /** Submission to the result accepted at the ground, of the jobs done. */
  readonly latencyP50S: number;
  readonly latencyP99S: number;
  /** Verified work of the fleet over the sum of its spacecraft's achievable optima. */
  readonly fleetYieldOfOptimum: number;
  readonly verifiedFlop: number;
  readonly optimumFlop: number;
  /** Results home that differed from the simulator's golden result. */
  readonly goldenMismatches: number;
  readonly jobs: readonly FleetJob[];
  /** What the ground last knew of each spacecraft, in fleet order. */
  readonly views: readonly SpacecraftView[];
  /** Results relayed over crosslinks (null: no crosslinks). */
  readonly crosslink: CrosslinkCounts | null;
}

export class FleetJobService {
  readonly broker: FleetBroker;
  private readonly arrivals: Arrival[];
  private nextArrival = 0;
  private readonly idOf: Map<string, number>;
  /** Each spacecraft's contacts and eclipses, by name (what the broker plans with). */
  readonly plans: ReadonlyMap<string, ContactPlan>;

  constructor(
    private readonly flights: readonly FleetFlightSpec[],
    stations: readonly NetworkStation[],
    network: boolean,
    options: FleetJobsOptions,
    seed: number,
    startS: number,
    endS: number,
  ) {
    const plans = new Map<string, ContactPlan>();
    for (const flight of flights) {
      const member: FleetMember = { name: flight.name, spacecraftId: flight.spacecraftId, orbit: orbitSpecOf(flight.config), overrides: {} };
      const own: NetworkStation[] = [{ ...flight.config.station, uplinkBps: 0, downlinkBps: 0, antennas: 1 }];
      plans.set(flight.name, passPlan(member, network ? stations : own));
    }
    this.plans = plans;
    this.broker = new FleetBroker(
      flights.map((flight) => flight.name),
      plans,
      options.params,
      startS,
    );
    this.idOf = new Map(flights.map((flight) => [flight.name, flight.spacecraftId]));
    this.arrivals = jobStream({
      seed,
      fromS: startS,
      toS: Math.min(endS, startS + (options.arrivalsForS ?? Number.POSITIVE_INFINITY)),
      perHour: options.perHour,
      redundantShare: flights.length > 1 ? options.redundantShare : 0,
      ...(options.workload ? { workload: options.workload } : {}),
    });
  }

  /** At a barrier: the arrivals due, the broker's step on the reports (and the results relayed home by crosslinks); the orders for each spacecraft. */
  step(nowS: number, states: readonly FlightState[], relayed?: ReadonlyMap<string, readonly ResultHome[]>): JobOrders[] {
    while (this.nextArrival < this.arrivals.length && this.arrivals[this.nextArrival]!.atS <= nowS) {
      const arrival = this.arrivals[this.nextArrival++]!;
      this.broker.submit(arrival.request, arrival.atS);
    }
    const reports = new Map<string, SpacecraftReport>();
    for (const state of states) {
      if (!state.report) continue;
      const extra = relayed?.get(state.report.view.name) ?? [];
      reports.set(state.report.view.name, extra.length > 0 ? { ...state.report, results: [...state.report.results, ...extra] } : state.report);
    }
    const orders = new Map<number, { submit: JobOrders['submit'][number][]; cancel: number[] }>();
    const orderFor = (name: string) => {
      const id = this.idOf.get(name)!;
      let order = orders.get(id);
      if (!order) orders.set(id, (order = { submit: [], cancel: [] }));
      return order;
    };
    for (const action of this.broker.step(nowS, reports)) {
      if (action.kind === 'submit') orderFor(action.spacecraft).submit.push(action.args);
      else orderFor(action.spacecraft).cancel.push(action.jobId);
    }
    return [...orders].map(([spacecraftId, order]) => ({ spacecraftId, ...order }));
  }

  /** The service's figures at the end, with the flights' outcomes (work and optima). */
  outcome(outcomes: readonly FlightOutcome[]): FleetJobsOutcome {
    const jobs = this.broker.list();
    const latencies = jobs.filter((job) => job.state === 'done' && job.doneS !== null).map((job) => job.doneS! - job.submittedS);
    const verifiedFlop = outcomes.reduce((sum, o) => sum + o.verifiedFlop, 0);
    const optimumFlop = outcomes.reduce((sum, o) => sum + o.optimumFlop, 0);
    return {
      policy: this.broker.policy,
      counts: this.broker.counts(),
      latencyP50S: percentile(latencies, 50),
      latencyP99S: percentile(latencies, 99),
      fleetYieldOfOptimum: optimumFlop > 0 ? verifiedFlop / optimumFlop : Number.NaN,
      verifiedFlop,
      optimumFlop,
      goldenMismatches: jobs.reduce((sum, job) => sum + job.runs.filter((run) => run.golden === 'mismatch').length, 0),
      jobs,
      views: this.broker.spacecraftViews(),
      crosslink: null,
    };
  }

  /** Spacecraft names in fleet order. */
  get names(): string[] {
    return this.flights.map((flight) => flight.name);
  }
}

/** The p-th percentile (0..100) by nearest rank; NaN for no values. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}
