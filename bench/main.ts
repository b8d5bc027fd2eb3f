/**
 * `make bench`: every benchmark in one run, each printing its figures as it
 * ends, then one table with every figure, its target and the verdict
 * (bench/README.md says what each measures and how). They run one after
 * another, never side by side, so that none disturbs another's timing. A
 * benchmark that cannot run is reported as an error row and the rest go on;
 * the exit code is then 1.
 * Environment: BENCH_ONLY (`make bench ONLY=name[,name]`: only these, by
 * the short names below), BENCH_ORBITS (in-process stack memory),
 * BENCH_FSW_ORBITS (flight-process memory), BENCH_COMMANDS (round trips,
 * default 300).
 */
import { cpus, loadavg } from 'node:os';
import { benchCampaign, campaignSummary, printCampaignBench } from './campaign.js';
import { benchFleet, fleetSummary, printFleetBench } from './fleet.js';
import { benchPlacement, placementSummary, printPlacementBench } from './placement.js';
import { benchCampaignNats, campaignNatsSummary, printCampaignNatsBench } from './campaign-nats.js';
import { benchGroundBus, groundBusSummary, printGroundBusBench } from './ground-bus.js';
import { benchConsole, consoleSummary, printConsoleBench } from './console.js';
import { archiveIngestSummary, benchArchiveIngest, printArchiveIngestBench } from './archive-ingest.js';
import { benchFswMemory, fswMemorySummary, printFswMemoryBench } from './fsw-memory.js';
import { benchProtocol, printProtocolBench, protocolSummary } from './protocol.js';
import { benchRoundTrip, printRoundTripBench, roundTripSummary } from './round-trip.js';
import { benchStackMemory, planOrbits, printStackMemoryBench, stackMemorySummary } from './stack-memory.js';
import { benchStackSpeed, printStackSpeedBench, stackSpeedSummary } from './stack-speed.js';
import { selectBenchmarks } from './selection.js';
import { errorRow, printSummary, type SummaryRow } from './summary.js';
import { benchTickCost, printTickCostBench, tickCostSummary } from './tick-cost.js';
import { benchYield, printYieldBench, yieldSummary } from './yield.js';

const rows: SummaryRow[] = [];
const startMs = performance.now();
const load = () =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');

/** One benchmark of the suite: measures, prints its figures, states its rows of the closing table. */
interface Benchmark<F> {
  /** The numbering of the figure. */
  readonly item: string;
  /** The short name ONLY selects it by. */
  readonly name: string;
  /** The name in its error row. */
  readonly title: string;
  readonly bench: () => F | Promise<F>;
  readonly print: (figures: F) => void;
  readonly summary: (figures: F) => SummaryRow[];
}

const benchmark = <F>(entry: Benchmark<F>): Benchmark<unknown> => entry as Benchmark<unknown>;

const SUITE: readonly Benchmark<unknown>[] = [
  benchmark({ item: '1', name: 'speed', title: 'stack speed', bench: benchStackSpeed, print: printStackSpeedBench, summary: stackSpeedSummary }),
  benchmark({ item: '2', name: 'tick', title: 'fsw tick cost', bench: benchTickCost, print: printTickCostBench, summary: tickCostSummary }),
  benchmark({ item: '3', name: 'protocol', title: 'protocol', bench: benchProtocol, print: printProtocolBench, summary: protocolSummary }),
  benchmark({ item: '4', name: 'yield', title: 'job yield', bench: benchYield, print: printYieldBench, summary: yieldSummary }),
  benchmark({
    item: '5',
    name: 'round-trip',
    title: 'command round trip',
    bench: () => benchRoundTrip(Number(process.env.BENCH_COMMANDS ?? 300)),
    print: printRoundTripBench,
    summary: roundTripSummary,
  }),
  benchmark({ item: '6', name: 'archive', title: 'archive ingest', bench: benchArchiveIngest, print: printArchiveIngestBench, summary: archiveIngestSummary }),
  benchmark({
    item: '7',
    name: 'stack-memory',
    title: 'stack memory',
    bench: () => benchStackMemory(planOrbits()),
    print: printStackMemoryBench,
    summary: stackMemorySummary,
  }),
  benchmark({ item: '7', name: 'fsw-memory', title: 'fsw process memory', bench: benchFswMemory, print: printFswMemoryBench, summary: fswMemorySummary }),
  benchmark({ item: '8', name: 'campaign', title: 'campaign on every core', bench: benchCampaign, print: printCampaignBench, summary: campaignSummary }),
  benchmark({ item: '9', name: 'fleet', title: 'fleet in parallel', bench: benchFleet, print: printFleetBench, summary: fleetSummary }),
  benchmark({ item: '10', name: 'placement', title: 'fleet job placement', bench: benchPlacement, print: printPlacementBench, summary: placementSummary }),
  benchmark({
    item: '11',
    name: 'campaign-nats',
    title: 'campaign through NATS',
    bench: benchCampaignNats,
    print: printCampaignNatsBench,
    summary: campaignNatsSummary,
  }),
  benchmark({ item: '12', name: 'ground-nats', title: 'the ground on NATS', bench: benchGroundBus, print: printGroundBusBench, summary: groundBusSummary }),
  benchmark({ item: '13', name: 'console', title: 'the web console', bench: benchConsole, print: printConsoleBench, summary: consoleSummary }),
];

/** Runs one benchmark, prints it, adds its rows; on an error, an error row. */
async function run(entry: Benchmark<unknown>): Promise<void> {
  try {
    const figures = await entry.bench();
    entry.print(figures);
    rows.push(...entry.summary(figures));
  } catch (error) {
    console.log(`\n${entry.title}: could not be measured: ${(error as Error).stack ?? String(error)}`);
    rows.push(errorRow(entry.item, entry.title, error));
  }
}

const chosen = selectBenchmarks(
  SUITE.map((entry) => entry.name),
  process.env.BENCH_ONLY,
);
if (!chosen.ok) {
  console.error(chosen.error);
  process.exit(2);
}

const cpuList = cpus();
console.log(
  `node ${process.version}, ${process.platform}/${process.arch}, ${cpuList.length} x ${cpuList[0]?.model ?? 'unknown cpu'}; load average ${load()} (other work on the machine slows every figure)`,
);
if (chosen.value.length < SUITE.length) console.log(`only: ${chosen.value.join(', ')}`);

for (const entry of SUITE) if (chosen.value.includes(entry.name)) await run(entry);

printSummary(rows);
console.log(`make bench took ${((performance.now() - startMs) / 60_000).toFixed(1)} min; load average at the end ${load()}`);
process.exitCode = rows.some((row) => row.verdict === 'error') ? 1 : 0;
