/**
 * Memory of the flight process: the flight software (dist/fsw/main.js, as
 * bin/fsw.js runs it) against sim-hw serve --speed max over TCP, with the
 * ground server commanding it (hil-processes.ts): NOMINAL, and
 * JOBS_IN_FLIGHT matmul jobs kept queued through the ground's API. Every
 * SAMPLE_MS of wall time the bench reads the process's /proc/<pid>/status:
 * VmRSS (resident now) and VmHWM (its peak so far), and the simulator's
 * mission time. Reported: the peak, the resident size at the first sample
 * after orbit 1 ended and at the end.
 * Growth: resident size also carries the collector's slack (its heap grows
 * in steps whatever the program holds), so the verdict uses the heap in use
 * after a full collection, from a probe preloaded into the flight process
 * (fsw-heap-probe.ts), asked at the first sample after each orbit's end and
 * at the end: end - after orbit 1.
 * Orbits: BENCH_FSW_ORBITS when set, else as many as BUDGET_S of wall time
 * allows (at --speed max the pace is the software's own, through TCP).
 * Target: peak under 150 MB, no growth after the first orbit (heap in use
 * within GROWTH_TOLERANCE_B).
 */
import { readFileSync } from 'node:fs';
import { DEFAULT_ORBIT_PARAMS, orbitPeriodS } from '../astro/orbit.js';
import { PROBE_ENV, PROBE_PREFIX, type ProbeAnswer } from './fsw-heap-probe.js';
import { startBenchHil, type BenchHil } from './hil-processes.js';
import { judge, type SummaryRow } from './summary.js';

const BUDGET_S = 120;
const SAMPLE_MS = 1000;
const PROBE_TIMEOUT_MS = 5000;
const JOBS_IN_FLIGHT = 8;
const MATMUL_SIZE = 48;
export const PEAK_TARGET_B = 150 * 1024 * 1024;
export const GROWTH_TOLERANCE_B = 1024 * 1024;

const PROBE_URL = new URL('./fsw-heap-probe.js', import.meta.url).href;

export interface FswMemorySample {
  readonly timeS: number;
  readonly wallS: number;
  readonly rssB: number;
  readonly peakB: number;
}

export interface HeapSample {
  /** Orbits ended when it was taken (the end's may be fractional). */
  readonly orbits: number;
  readonly heapUsedB: number;
  readonly heapTotalB: number;
}

export interface FswMemoryFigures {
  readonly orbitsWanted: number | null;
  readonly orbitsFlown: number;
  readonly samples: readonly FswMemorySample[];
  /** First sample after orbit 1 ended (null when the run ended before). */
  readonly afterOrbit1: FswMemorySample | null;
  readonly end: FswMemorySample;
  readonly peakB: number;
  /** The probe's answers: after each orbit's end, and at the end. */
  readonly heap: readonly HeapSample[];
  readonly starts: number;
  readonly jobsSubmitted: number;
  readonly mode: unknown;
  readonly speed: number;
}

/** VmRSS and VmHWM of a process, in bytes. */
function procMemory(pid: number): { rssB: number; peakB: number } | null {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return null;
  }
  const kib = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN) * 1024;
  return { rssB: kib('VmRSS'), peakB: kib('VmHWM') };
}

function orbitsWanted(env: NodeJS.ProcessEnv): number | null {
  const asked = env.BENCH_FSW_ORBITS;
  if (asked === undefined) return null;
  const orbits = Number(asked);
  if (!(orbits > 0)) throw new Error(`BENCH_FSW_ORBITS=${asked} is not a positive number`);
  return orbits;
}

async function field(hil: BenchHil, packet: string, name: string): Promise<unknown> {
  const latest = await hil.ground.latestTelemetry(packet);
  return latest.ok ? latest.value.packets.find((p) => p.name === packet)?.fields[name]?.value : undefined;
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadlineMs = performance.now() + timeoutMs;
  while (!(await check())) {
    if (performance.now() > deadlineMs) throw new Error(`bench/fsw-memory: no ${what} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Asks the probe in the flight process for its heap after a full collection; null when it does not answer (a later boot has no probe). */
async function probeHeap(hil: BenchHil): Promise<ProbeAnswer | null> {
  const answer = hil.nextLine(PROBE_PREFIX, PROBE_TIMEOUT_MS);
  try {
    process.kill(hil.fswPid(), 'SIGUSR2');
  } catch {
    return null;
  }
  const line = await answer;
  return line === null ? null : (JSON.parse(line.slice(PROBE_PREFIX.length)) as ProbeAnswer);
}

export async function benchFswMemory(env: NodeJS.ProcessEnv = process.env): Promise<FswMemoryFigures> {
  const wanted = orbitsWanted(env);
  const periodS = orbitPeriodS(DEFAULT_ORBIT_PARAMS);
  const nodeOptions = `${env.NODE_OPTIONS ?? ''} --expose-gc --import=${PROBE_URL}`.trim();
  const hil = await startBenchHil({ fswEnv: { NODE_OPTIONS: nodeOptions, [PROBE_ENV]: '1' } });
  try {
    await until('housekeeping', async () => (await field(hil, 'executive_hk', 'mode')) !== undefined, 30_000);
    const sent = await hil.ground.sendCommand({ name: 'set_mode', args: { mode: 'NOMINAL' } });
    if (!sent.ok) throw new Error(sent.error);
    await until('NOMINAL', async () => (await field(hil, 'executive_hk', 'mode')) === 'NOMINAL', 30_000);
    const samples: FswMemorySample[] = [];
    const heap: HeapSample[] = [];
    const probe = async (orbits: number) => {
      const answer = await probeHeap(hil);
      if (answer !== null) heap.push({ orbits, heapUsedB: answer.heapUsedB, heapTotalB: answer.heapTotalB });
    };
    const startMs = performance.now();
    const fromS = await hil.missionTimeS();
    let orbitsEnded = Math.floor(fromS / periodS);
    let jobsSubmitted = 0;
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, SAMPLE_MS));
      const memory = procMemory(hil.fswPid());
      const timeS = await hil.missionTimeS();
      const wallS = (performance.now() - startMs) / 1000;
      if (memory !== null) samples.push({ timeS, wallS, ...memory });
      if (Math.floor(timeS / periodS) > orbitsEnded) {
        orbitsEnded = Math.floor(timeS / periodS);
        await probe(orbitsEnded);
      }
      if (wanted !== null ? timeS / periodS >= wanted : wallS >= BUDGET_S) break;
      const queued = Number((await field(hil, 'jobs_hk', 'queueLength')) ?? 0);
      for (let i = queued; i < JOBS_IN_FLIGHT; i++) {
        const job = await hil.ground.sendCommand({ name: 'submit_job', args: { jobId: ++jobsSubmitted, kind: 'matmul', size: MATMUL_SIZE } });
        if (!job.ok) throw new Error(job.error);
      }
    }
    if (samples.length === 0) throw new Error(`bench/fsw-memory: no /proc/<pid>/status to read (Linux only)`);
    const end = samples.at(-1)!;
    await probe(end.timeS / periodS);
    return {
      orbitsWanted: wanted,
      orbitsFlown: end.timeS / periodS,
      samples,
      afterOrbit1: samples.find((sample) => sample.timeS >= periodS) ?? null,
      end,
      peakB: Math.max(...samples.map((sample) => sample.peakB)),
      heap,
      starts: hil.fswStarts(),
      jobsSubmitted,
      mode: await field(hil, 'executive_hk', 'mode'),
      speed: (end.timeS - fromS) / end.wallS,
    };
  } catch (error) {
    throw new Error(`${(error as Error).message}\n--- the programs said:\n${hil.log()}`);
  } finally {
    await hil.stop();
  }
}

/** Heap in use at the end - after orbit 1, from the probe; null without both answers. */
function heapGrowthB(figures: FswMemoryFigures): number | null {
  const first = figures.heap.find((sample) => sample.orbits === 1);
  const last = figures.heap.at(-1);
  return first === undefined || last === undefined || last === first ? null : last.heapUsedB - first.heapUsedB;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export function printFswMemoryBench(figures: FswMemoryFigures): void {
  const how = figures.orbitsWanted !== null ? `BENCH_FSW_ORBITS=${figures.orbitsWanted}` : `a ${BUDGET_S} s budget (BENCH_FSW_ORBITS=N flies N orbits)`;
  console.log(
    `\nmemory of the flight process (fsw against sim-hw serve --speed max over TCP, NOMINAL, ${JOBS_IN_FLIGHT} jobs kept queued by the ground; /proc/<pid>/status every ${SAMPLE_MS} ms)`,
  );
  console.log(
    `  ${figures.orbitsFlown.toFixed(2)} orbits in ${figures.end.wallS.toFixed(0)} s wall at ${figures.speed.toFixed(0)}x, from ${how}; jobs submitted ${figures.jobsSubmitted}, mode ${String(figures.mode)}, flight software starts ${figures.starts}`,
  );
  const orbit1 = figures.afterOrbit1;
  console.log(
    `  peak RSS (VmHWM) ${mb(figures.peakB)}; RSS after orbit 1: ${orbit1 ? mb(orbit1.rssB) : 'n/a (orbit 1 did not end)'}; at the end (${figures.end.timeS.toFixed(0)} s): ${mb(figures.end.rssB)}` +
      (orbit1 ? `; RSS growth ${((figures.end.rssB - orbit1.rssB) / 1024).toFixed(0)} KiB` : ''),
  );
  console.log(
    `  heap in use after a full GC (probe), by orbits ended: ${figures.heap.map((h) => `${h.orbits.toFixed(h.orbits % 1 === 0 ? 0 : 2)}: ${mb(h.heapUsedB)} of ${mb(h.heapTotalB)}`).join('  ') || 'no answer'}`,
  );
  const growth = heapGrowthB(figures);
  if (growth !== null) console.log(`  heap growth after orbit 1: ${(growth / 1024).toFixed(0)} KiB`);
}

export function fswMemorySummary(figures: FswMemoryFigures): SummaryRow[] {
  const growth = heapGrowthB(figures);
  return [
    {
      item: '7',
      figure: 'fsw process peak RSS',
      measured: mb(figures.peakB),
      target: `< ${PEAK_TARGET_B / 1024 / 1024} MB`,
      verdict: judge(figures.peakB < PEAK_TARGET_B),
    },
    {
      item: '7',
      figure: `fsw heap growth, orbit 1 -> ${figures.orbitsFlown.toFixed(1)}`,
      measured: growth === null ? 'orbit 1 not ended' : `${(growth / 1024).toFixed(0)} KiB`,
      target: `<= ${GROWTH_TOLERANCE_B / 1024} KiB`,
      verdict: growth === null ? '-' : judge(growth <= GROWTH_TOLERANCE_B),
    },
  ];
}
