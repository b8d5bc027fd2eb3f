/**
 * The fleet run's summary: what `--summary-json FILE` writes (and
 * fleet.json holds, with every job): the job service's counts (lost and
 * double completions must be 0), latency from submission to the result
 * accepted at the ground, the fleet's verified work against the sum of its
 * spacecraft's achievable optima (the yield of bench/yield.ts, per
 * spacecraft and for the fleet), and each spacecraft's utilisation.
 */
import type { MissionOptions } from '../run/options.js';
import type { FleetJobsOutcome } from './fleet-jobs.js';
import type { FleetRun } from './fleet-run.js';

/** A number for JSON: NaN and infinities become null. */
const finite = (value: number): number | null => (Number.isFinite(value) ? value : null);

export function fleetSummary(spec: string, options: Pick<MissionOptions, 'orbits' | 'seed'>, run: FleetRun) {
  const jobs = run.jobs;
  const c = jobs?.counts;
  return {
    spec,
    orbits: options.orbits,
    seed: options.seed,
    digest: run.digest,
    placement: jobs?.policy ?? null,
    jobsSubmitted: c?.submitted ?? 0,
    jobsRefused: c?.refused ?? 0,
    jobsPlaced: c?.placed ?? 0,
    jobsReplaced: c?.replaced ?? 0,
    replacements: c?.replacements ?? 0,
    jobsDone: c?.done ?? 0,
    jobsFailed: c?.failed ?? 0,
    jobsOpen: c?.open ?? 0,
    jobsLost: c?.lost ?? 0,
    doubleCompletions: c?.doubleCompletions ?? 0,
    resultsDiscarded: c?.resultsDiscarded ?? 0,
    disagreements: c?.disagreements ?? 0,
    goldenMismatches: jobs?.goldenMismatches ?? 0,
    resultsRelayed: jobs?.crosslink?.delivered ?? null,
    relayHandOvers: jobs?.crosslink?.handed ?? null,
    relayRefused: jobs?.crosslink?.refused ?? null,
    latencyP50S: finite(jobs?.latencyP50S ?? Number.NaN),
    latencyP99S: finite(jobs?.latencyP99S ?? Number.NaN),
    fleetYieldOfOptimum: finite(jobs?.fleetYieldOfOptimum ?? Number.NaN),
    verifiedFlop: jobs?.verifiedFlop ?? run.outcomes.reduce((sum, o) => sum + o.verifiedFlop, 0),
    optimumFlop: finite(jobs?.optimumFlop ?? Number.NaN),
    spacecraft: run.outcomes.map((o) => ({
      name: o.name,
      spacecraftId: o.spacecraftId,
      runsDone: o.jobsDone,
      runsFailed: o.jobsFailed,
      goldenMatches: o.goldenMatches,
      verifiedFlop: o.verifiedFlop,
      optimumFlop: finite(o.optimumFlop),
      yieldOfOptimum: finite(o.verifiedFlop / o.optimumFlop),
      utilisation: o.utilisation,
      socMinTruePct: o.socMinTruePct,
      contacts: o.contacts,
      softwareStarts: o.softwareStarts,
    })),
  };
}

export type FleetSummary = ReturnType<typeof fleetSummary>;

/** One line of the job service's figures. */
export function formatJobsLine(jobs: FleetJobsOutcome): string {
  const c = jobs.counts;
  const s = (value: number) => (Number.isFinite(value) ? `${Math.round(value)} s` : '-');
  return (
    `jobs (${jobs.policy}): ${c.submitted} submitted, ${c.placed} placed, ${c.replaced} re-placed, ${c.done} done, ${c.failed} failed, ${c.open} open, ` +
    `${c.lost} lost, ${c.doubleCompletions} double completions; latency p50 ${s(jobs.latencyP50S)}, p99 ${s(jobs.latencyP99S)}; ` +
    `fleet yield ${Number.isFinite(jobs.fleetYieldOfOptimum) ? `${(jobs.fleetYieldOfOptimum * 100).toFixed(1)} %` : '-'} of the optimum` +
    (jobs.crosslink
      ? `; crosslinks: ${jobs.crosslink.handed} results handed over, ${jobs.crosslink.delivered} brought home, ${jobs.crosslink.refused} refused (queue full)`
      : '')
  );
}
