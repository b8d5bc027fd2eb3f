/**
 * (10) The fleet job service's placement policies side by side
 * (ground/fleet/placement.ts): the broker's rule against round-robin and
 * least-queued, on `walker:4/4` over PLACEMENT_ORBITS orbits, the same job
 * stream (seed 1, PLACEMENT_JOBS_PER_HOUR arrivals an hour, 10 % redundant)
 * and the same fleet for each. Figures per policy: the fleet's verified
 * work against the sum of its spacecraft's achievable optima (the yield of
 * (4)), latency from submission to the result accepted at the ground (p50,
 * p99), jobs done; and the ratios of the broker to each baseline; then the
 * broker again with crosslinks relaying finished results (mission/fleet/
 * crosslink.ts), and its latency against the broker alone. The runs
 * are deterministic: the figures do not depend on the machine's load, only
 * the wall time does.
 */
import { DEFAULT_BROKER_PARAMS, PLACEMENT_POLICIES, type PlacementPolicy } from '../ground/index.js';
import type { FleetJobsOutcome } from '../mission/fleet/fleet-jobs.js';
import { flyFleet } from '../mission/fleet/fleet-run.js';
import { DEFAULT_CROSSLINK } from '../mission/fleet/crosslink.js';
import { loadFleet } from '../sim-hw/index.js';
import type { SummaryRow } from './summary.js';

export const PLACEMENT_FLEET = 'walker:4/4';
export const PLACEMENT_ORBITS = 2;
export const PLACEMENT_JOBS_PER_HOUR = 40;

export interface PolicyFigures {
  readonly policy: PlacementPolicy;
  /** Crosslinks relayed finished results. */
  readonly crosslink: boolean;
  readonly outcome: FleetJobsOutcome;
  readonly wallS: number;
}

export type PlacementBench = readonly PolicyFigures[];

export async function benchPlacement(): Promise<PlacementBench> {
  const fleet = loadFleet(PLACEMENT_FLEET);
  if (!fleet.ok) throw new Error(fleet.problems.join('; '));
  const figures: PolicyFigures[] = [];
  const runs: readonly (readonly [PlacementPolicy, boolean])[] = [...PLACEMENT_POLICIES.map((policy) => [policy, false] as const), ['broker', true]];
  for (const [policy, crosslink] of runs) {
    const startMs = performance.now();
    const run = await flyFleet(fleet.fleet, {
      orbits: PLACEMENT_ORBITS,
      seed: 1,
      faults: [],
      workload: { description: '', jobs: [] },
      jobs: { params: { ...DEFAULT_BROKER_PARAMS, policy }, perHour: PLACEMENT_JOBS_PER_HOUR, redundantShare: 0.1 },
      ...(crosslink ? { crosslink: DEFAULT_CROSSLINK } : {}),
    });
    figures.push({ policy, crosslink, outcome: run.jobs!, wallS: (performance.now() - startMs) / 1000 });
  }
  return figures;
}

const pct = (value: number) => (Number.isFinite(value) ? `${(value * 100).toFixed(1)} %` : '-');
const sec = (value: number) => (Number.isFinite(value) ? `${Math.round(value)} s` : '-');

export function printPlacementBench(figures: PlacementBench): void {
  console.log(`\nplacement: ${PLACEMENT_FLEET}, ${PLACEMENT_ORBITS} orbits, ${PLACEMENT_JOBS_PER_HOUR} jobs an hour (seed 1), the same stream for each policy`);
  console.log('  policy         yield of optimum  latency p50  latency p99  done  failed  open  lost  wall');
  const label = (f: PolicyFigures) => (f.crosslink ? `${f.policy}+xlink` : f.policy);
  for (const f of figures) {
    const { outcome, wallS } = f;
    const c = outcome.counts;
    console.log(
      `  ${label(f).padEnd(14)} ${pct(outcome.fleetYieldOfOptimum).padStart(16)}  ${sec(outcome.latencyP50S).padStart(11)}  ${sec(outcome.latencyP99S).padStart(11)}  ${String(c.done).padStart(4)}  ${String(c.failed).padStart(6)}  ${String(c.open).padStart(4)}  ${String(c.lost).padStart(4)}  ${wallS.toFixed(1)} s`,
    );
  }
  const broker = figures.find((f) => f.policy === 'broker' && !f.crosslink)!.outcome;
  for (const { policy, outcome } of figures.filter((f) => f.policy !== 'broker')) {
    console.log(
      `  broker / ${policy}: yield x${(broker.fleetYieldOfOptimum / outcome.fleetYieldOfOptimum).toFixed(2)}, latency p50 x${(broker.latencyP50S / outcome.latencyP50S).toFixed(2)}, p99 x${(broker.latencyP99S / outcome.latencyP99S).toFixed(2)}, done x${(broker.counts.done / Math.max(1, outcome.counts.done)).toFixed(2)}`,
    );
  }
  const relayed = figures.find((f) => f.crosslink);
  if (relayed) {
    const x = relayed.outcome;
    console.log(
      `  broker+xlink / broker: latency p50 x${(x.latencyP50S / broker.latencyP50S).toFixed(2)}, p99 x${(x.latencyP99S / broker.latencyP99S).toFixed(2)}, done x${(x.counts.done / Math.max(1, broker.counts.done)).toFixed(2)}; ` +
        `${x.crosslink?.handed ?? 0} results handed over, ${x.crosslink?.delivered ?? 0} brought home, ${x.crosslink?.refused ?? 0} refused`,
    );
  }
}

export function placementSummary(figures: PlacementBench): SummaryRow[] {
  return figures.flatMap(({ policy, crosslink, outcome }) => [
    {
      item: '10',
      figure: `fleet yield of the optimum, ${policy}${crosslink ? ' with crosslinks' : ''}`,
      measured: pct(outcome.fleetYieldOfOptimum),
      target: '',
      verdict: '-' as const,
    },
    {
      item: '10',
      figure: `fleet result latency p50 / p99, ${policy}${crosslink ? ' with crosslinks' : ''}`,
      measured: `${sec(outcome.latencyP50S)} / ${sec(outcome.latencyP99S)}`,
      target: '',
      verdict: '-' as const,
    },
  ]);
}
