/**
 * `make bench`: every benchmark in one run, each printing its figures as it
 * ends, then one table with every figure, its target and the verdict
 * (bench/README.md says what each measures and how). They run one after
 * another, never side by side, so that none disturbs another's timing. A
 * benchmark that cannot run is reported as an error row and the rest go on;
 * the exit code is then 1.
 * Environment: BENCH_ORBITS (in-process stack memory), BENCH_FSW_ORBITS
 * (flight-process memory), BENCH_COMMANDS (round trips, default 300).
 */
import { cpus, loadavg } from 'node:os';
import { benchCampaign, campaignSummary, printCampaignBench } from './campaign.js';
import { archiveIngestSummary, benchArchiveIngest, printArchiveIngestBench } from './archive-ingest.js';
import { benchFswMemory, fswMemorySummary, printFswMemoryBench } from './fsw-memory.js';
import { benchProtocol, printProtocolBench, protocolSummary } from './protocol.js';
import { benchRoundTrip, printRoundTripBench, roundTripSummary } from './round-trip.js';
import { benchStackMemory, planOrbits, printStackMemoryBench, stackMemorySummary } from './stack-memory.js';
import { benchStackSpeed, printStackSpeedBench, stackSpeedSummary } from './stack-speed.js';
import { errorRow, printSummary, type SummaryRow } from './summary.js';
import { benchTickCost, printTickCostBench, tickCostSummary } from './tick-cost.js';
import { benchYield, printYieldBench, yieldSummary } from './yield.js';

const rows: SummaryRow[] = [];
const startMs = performance.now();
const load = () =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');

/** Runs one benchmark, prints it, adds its rows; on an error, an error row. */
async function run<F>(
  item: string,
  name: string,
  bench: () => F | Promise<F>,
  print: (figures: F) => void,
  summary: (figures: F) => SummaryRow[],
): Promise<void> {
  try {
    const figures = await bench();
    print(figures);
    rows.push(...summary(figures));
  } catch (error) {
    console.log(`\n${name}: could not be measured: ${(error as Error).stack ?? String(error)}`);
    rows.push(errorRow(item, name, error));
  }
}

const cpuList = cpus();
console.log(
  `node ${process.version}, ${process.platform}/${process.arch}, ${cpuList.length} x ${cpuList[0]?.model ?? 'unknown cpu'}; load average ${load()} (other work on the machine slows every figure)`,
);

await run('1', 'stack speed', benchStackSpeed, printStackSpeedBench, stackSpeedSummary);
await run('2', 'fsw tick cost', benchTickCost, printTickCostBench, tickCostSummary);
await run('3', 'protocol', benchProtocol, printProtocolBench, protocolSummary);
await run('4', 'job yield', benchYield, printYieldBench, yieldSummary);
await run('5', 'command round trip', () => benchRoundTrip(Number(process.env.BENCH_COMMANDS ?? 300)), printRoundTripBench, roundTripSummary);
await run('6', 'archive ingest', benchArchiveIngest, printArchiveIngestBench, archiveIngestSummary);
await run('7', 'stack memory', () => benchStackMemory(planOrbits()), printStackMemoryBench, stackMemorySummary);
await run('7', 'fsw process memory', () => benchFswMemory(), printFswMemoryBench, fswMemorySummary);
await run('8', 'campaign on every core', benchCampaign, printCampaignBench, campaignSummary);

printSummary(rows);
console.log(`make bench took ${((performance.now() - startMs) / 60_000).toFixed(1)} min; load average at the end ${load()}`);
process.exitCode = rows.some((row) => row.verdict === 'error') ? 1 : 0;
