/**
 * Command round trip through the processes on loopback (hil-processes.ts:
 * simulator at --speed max, flight software, ground server): a noop is
 * POSTed to the ground's API, signed and sent over UDP, verified and
 * executed by the flight software at its next tick, its completion report
 * sent down over UDP and folded into the command's record; the bench polls
 * GET /api/commands/:id every POLL_MS until the record is final. Measured
 * with the bench's monotonic clock from just before the POST to the answer
 * that shows the command completed, so it includes the operator's HTTP
 * hops. The ground's own stamps (created -> completion received, whole
 * milliseconds) are printed beside it.
 * Target: 99th percentile under 20 ms.
 */
import type { CommandRecord } from '../ground/api/contract.js';
import { percentile } from './harness.js';
import { startBenchHil, type BenchHil } from './hil-processes.js';
import { judge, type SummaryRow } from './summary.js';

/** Noops sent before the measured ones (connections, JIT). */
const WARMUP_COMMANDS = 20;
/** Long enough for the ground's retransmissions (every 5 s) of a command the first boot missed. */
const COMMAND_TIMEOUT_MS = 30_000;
const FIRST_TELEMETRY_TIMEOUT_MS = 30_000;
/**
 * Wall time between two looks at the command's record: back-to-back requests
 * would take the CPU the ground and the flight software need (measured on a
 * two-core machine: p50 52 ms back to back, 32 ms with this pause).
 */
const POLL_MS = 1;

export interface RoundTripFigures {
  readonly commands: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** The ground's own stamps: command created -> completion report received. */
  readonly groundP50Ms: number;
  readonly groundP99Ms: number;
  /** Mission seconds per wall second while the commands flew. */
  readonly speed: number;
  readonly fswStarts: number;
}

async function waitForTelemetry(hil: BenchHil): Promise<void> {
  const deadlineMs = performance.now() + FIRST_TELEMETRY_TIMEOUT_MS;
  while (performance.now() < deadlineMs) {
    const latest = await hil.ground.latestTelemetry('executive_hk');
    if (latest.ok && latest.value.packets.length > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no housekeeping reached the ground within ${FIRST_TELEMETRY_TIMEOUT_MS} ms`);
}

/** One noop from POST to a final record; the wall milliseconds and the record. */
async function roundTrip(hil: BenchHil): Promise<{ ms: number; record: CommandRecord }> {
  const startMs = performance.now();
  const sent = await hil.ground.sendCommand({ name: 'noop' });
  if (!sent.ok) throw new Error(`noop refused by the ground: ${sent.error}`);
  let record = sent.value.command;
  while (!record.final) {
    if (performance.now() - startMs > COMMAND_TIMEOUT_MS)
      throw new Error(`noop #${record.id} not final after ${COMMAND_TIMEOUT_MS} ms (state ${record.state})`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    const next = await hil.ground.command(record.id);
    if (!next.ok) throw new Error(next.error);
    record = next.value;
  }
  const ms = performance.now() - startMs;
  if (record.state !== 'completed') throw new Error(`noop #${record.id} ended ${record.state}: ${JSON.stringify(record.stages)}`);
  return { ms, record };
}

export async function benchRoundTrip(commands: number): Promise<RoundTripFigures> {
  if (!(Number.isInteger(commands) && commands >= 1)) throw new Error(`BENCH_COMMANDS=${commands} is not a positive integer`);
  const hil = await startBenchHil();
  try {
    await waitForTelemetry(hil);
    for (let i = 0; i < WARMUP_COMMANDS; i++) await roundTrip(hil);
    const wallMs: number[] = [];
    const groundMs: number[] = [];
    const fromS = await hil.missionTimeS();
    const fromMs = performance.now();
    for (let i = 0; i < commands; i++) {
      const { ms, record } = await roundTrip(hil);
      wallMs.push(ms);
      const completion = record.stages.find((stage) => stage.stage === 'completion');
      if (completion) groundMs.push(completion.receivedAtMs - record.createdAtMs);
    }
    const speed = ((await hil.missionTimeS()) - fromS) / ((performance.now() - fromMs) / 1000);
    return {
      commands,
      p50Ms: percentile(wallMs, 50),
      p99Ms: percentile(wallMs, 99),
      maxMs: Math.max(...wallMs),
      groundP50Ms: percentile(groundMs, 50),
      groundP99Ms: percentile(groundMs, 99),
      speed,
      fswStarts: hil.fswStarts(),
    };
  } catch (error) {
    throw new Error(`${(error as Error).message}\n--- the programs said:\n${hil.log()}`);
  } finally {
    await hil.stop();
  }
}

export function printRoundTripBench(figures: RoundTripFigures): void {
  console.log(
    `\ncommand round trip, ${figures.commands} noops: ground API POST -> ground -> UDP -> flight software (its next tick) -> completion report -> UDP -> ground -> GET shows completed (polled every ${POLL_MS} ms)`,
  );
  console.log(
    `  (processes: sim-hw serve --speed max --link relay at ${figures.speed.toFixed(0)}x while measuring, fsw, ground serve; no relay process; flight software starts: ${figures.fswStarts})`,
  );
  console.log(`  bench clock  p50 ${figures.p50Ms.toFixed(2)} ms  p99 ${figures.p99Ms.toFixed(2)} ms  max ${figures.maxMs.toFixed(2)} ms`);
  console.log(`  ground stamps (created -> completion received, whole ms)  p50 ${figures.groundP50Ms} ms  p99 ${figures.groundP99Ms} ms`);
}

export const ROUND_TRIP_P99_TARGET_MS = 20;

export function roundTripSummary(figures: RoundTripFigures): SummaryRow[] {
  return [
    { item: '5', figure: 'command round trip, p50', measured: `${figures.p50Ms.toFixed(1)} ms`, target: '', verdict: '-' },
    {
      item: '5',
      figure: 'command round trip, p99',
      measured: `${figures.p99Ms.toFixed(1)} ms`,
      target: `< ${ROUND_TRIP_P99_TARGET_MS} ms`,
      verdict: judge(figures.p99Ms < ROUND_TRIP_P99_TARGET_MS),
    },
  ];
}
