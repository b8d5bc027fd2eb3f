/**
 * A measuring probe preloaded into the flight process by bench/fsw-memory.ts
 * (NODE_OPTIONS="--expose-gc --import=<this file>" and BENCH_HEAP_PROBE=1;
 * the flight software's own code is untouched). On SIGUSR2 it collects
 * garbage and prints one line on stderr with the heap in use after the
 * collection: what the program holds, free of the collector's slack that
 * resident size carries. Nothing happens without the signal; imported
 * without BENCH_HEAP_PROBE=1 (by the bench, for the names) it does nothing.
 */
export const PROBE_PREFIX = 'bench-heap-probe ';
export const PROBE_ENV = 'BENCH_HEAP_PROBE';

export interface ProbeAnswer {
  readonly heapUsedB: number;
  readonly heapTotalB: number;
  readonly rssB: number;
}

if (process.env[PROBE_ENV] === '1') {
  const gc = (globalThis as { gc?: () => void }).gc;
  process.on('SIGUSR2', () => {
    gc?.();
    const usage = process.memoryUsage();
    const answer: ProbeAnswer = { heapUsedB: gc ? usage.heapUsed : Number.NaN, heapTotalB: usage.heapTotal, rssB: usage.rss };
    process.stderr.write(`${PROBE_PREFIX}${JSON.stringify(answer)}\n`);
  });
}
