/**
 * One worker of a fleet run (fleet-pool.ts): holds the flights of the
 * spacecraft it was given (each its own simulator, flight software and
 * scripted ground: mission/run/flight.ts) and flies every one of them to
 * the barrier it is told, in the order given. Loaded from dist/ by
 * node:worker_threads.
 */
import { getHeapStatistics } from 'node:v8';
import { parentPort } from 'node:worker_threads';
import { strideSamples } from '../report/fleet-record.js';
import { eclipseBands } from '../run/bands.js';
import { MissionFlight } from '../run/flight.js';
import { StoredResults } from './stored-results.js';
import type { OrbitParams } from '../../sim-hw/index.js';
import type { FlightOutcome, FlightState, FromWorker, ToWorker } from './fleet-messages.js';

const port = parentPort;
if (!port) throw new Error('fleet-worker.ts runs inside a worker thread only');

let flights: {
  readonly name: string;
  readonly spacecraftId: number;
  readonly orbit: OrbitParams;
  readonly flight: MissionFlight;
  readonly stored: StoredResults | null;
}[] = [];
const answer = (message: FromWorker) => port.postMessage(message);

function outcome(name: string, spacecraftId: number, orbit: OrbitParams, flight: MissionFlight, withOptimum: boolean): FlightOutcome {
  const { digest, figures } = flight.finish(withOptimum);
  const series = {
    name,
    samples: strideSamples(flight.recorder.samples),
    eclipses: eclipseBands(orbit, flight.startS, flight.timeS),
    contacts: flight.recorder.contacts.bands,
  };
  return {
    name,
    spacecraftId,
    digest,
    jobsDone: figures.jobs.runner.done,
    jobsFailed: figures.jobs.runner.failed,
    goldenMatches: figures.jobs.ground.goldenMatches,
    verifiedFlop: figures.work.verifiedFlop,
    socMinTruePct: figures.socMinTruePct,
    contacts: figures.telemetry.contacts,
    softwareStarts: figures.softwareStarts,
    optimumFlop: figures.work.optimumFlop,
    utilisation: figures.simulatedS > 0 ? flight.recorder.throttle.computingS / figures.simulatedS : 0,
    series,
  };
}

function states(): FlightState[] {
  return flights.map(({ spacecraftId, flight, stored }) => ({
    spacecraftId,
    timeS: flight.timeS,
    jobsDone: flight.recorder.samples.at(-1)?.jobsDone ?? 0,
    views: flight.stack.spacecraft.stationViews(),
    report: flight.watch?.report() ?? null,
    station: flight.stack.spacecraft.linkStation(),
    stored: stored?.now() ?? [],
  }));
}

port.on('message', (message: ToWorker) => {
  try {
    if (message.kind === 'start') {
      flights = message.flights.map((spec) => {
        const flight = new MissionFlight({
          config: spec.config,
          spacecraftId: spec.spacecraftId,
          faults: spec.faults ?? message.faults,
          workload: message.workload,
          archivePath: ':memory:',
          ...(spec.watched ? { watchAs: spec.name } : {}),
        });
        return {
          name: spec.name,
          spacecraftId: spec.spacecraftId,
          orbit: spec.config.orbit,
          flight,
          stored: spec.crosslink ? new StoredResults(flight) : null,
        };
      });
      answer({ kind: 'at', states: states() });
    } else if (message.kind === 'advance') {
      const grants = new Map(message.grants.map((grant) => [grant.spacecraftId, grant.station]));
      const orders = new Map(message.orders.map((order) => [order.spacecraftId, order]));
      for (const { spacecraftId, flight } of flights) {
        const order = orders.get(spacecraftId);
        for (const job of order?.submit ?? []) flight.operator.enqueue(job);
        for (const jobId of order?.cancel ?? []) flight.operator.cancel(jobId);
        flight.stack.spacecraft.grantStation(grants.get(spacecraftId) ?? null);
        flight.advance(message.untilS);
      }
      answer({ kind: 'at', states: states() });
    } else {
      const outcomes = flights.map(({ name, spacecraftId, orbit, flight }) => outcome(name, spacecraftId, orbit, flight, message.withOptimum));
      for (const { flight } of flights) flight.close();
      flights = [];
      answer({ kind: 'done', outcomes, heapUsedB: getHeapStatistics().used_heap_size });
    }
  } catch (error) {
    answer({ kind: 'error', message: String((error as Error).message ?? error) });
  }
});
