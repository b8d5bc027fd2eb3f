/**
 * What happened in a tick, for the tick-cost bench's slowest ticks: the
 * record writes (encoding included, with their own time), the packets built (housekeeping by
 * name, events by name), a job launched, and garbage collections that
 * overlapped the tick. The bench wraps the methods of one flight-software
 * instance (never the prototypes) so that the software itself is unchanged;
 * the wrapping costs a few hundred nanoseconds a tick, inside the figures.
 */
import { type PerformanceEntry, PerformanceObserver } from 'node:perf_hooks';
import type { InProcessStack } from '../mission/stack.js';

/** A tick of this cost or more keeps its description. */
const DESCRIBE_FROM_MS = 0.25;

export interface TickStory {
  readonly tick: number;
  readonly startMs: number;
  readonly costMs: number;
  /** Process CPU time (user + system) over the same span: well below costMs, the operating system ran something else. */
  readonly cpuMs: number;
  /** What happened, e.g. "write jobs.queue 0.61 ms", "hk power_hk", "event job_done". */
  readonly what: string[];
}

export class TickTagger {
  readonly stories: TickStory[] = [];
  private what: string[] = [];
  private readonly gcs: PerformanceEntry[] = [];
  private readonly observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) this.gcs.push(entry);
  });

  /** Wraps the record store, the packet sender, the event service and the tick of the stack's flight software as it is now. */
  attach(stack: InProcessStack): void {
    const { executive } = stack.fsw;
    const { store, events } = executive;
    const write = store.writeValue.bind(store);
    store.writeValue = (id, value) => {
      const startMs = performance.now();
      const done = write(id, value);
      this.what.push(`write ${id} ${(performance.now() - startMs).toFixed(2)} ms`);
      return done;
    };
    const send = executive.send.bind(executive);
    executive.send = (name, data) => {
      this.what.push(`hk ${name}`);
      send(name, data);
    };
    const emit = events.emit.bind(events);
    events.emit = (name, args, timeS, throttle) => {
      this.what.push(`event ${name}`);
      emit(name, args, timeS, throttle);
    };
    const persist = stack.fsw;
    const tick = persist.tick.bind(persist);
    persist.tick = (frame) => {
      const actuators = tick(frame);
      const story = this.stories[this.stories.length - 1];
      if (actuators.accelerator?.command?.op === 'start' && story?.tick === executive.ticks)
        story.what.push(`job launch ${actuators.accelerator.command.job.jobId}`);
      return actuators;
    };
    this.observer.observe({ entryTypes: ['gc'] });
  }

  /** At the start of a tick. */
  begin(): void {
    this.what = [];
  }

  /** At the end of tick number `tick` (the executive's count), which began at startMs. */
  end(tick: number, startMs: number, costMs: number, cpuMs: number): void {
    if (costMs >= DESCRIBE_FROM_MS) this.stories.push({ tick, startMs, costMs, cpuMs, what: this.what });
  }

  /** The `count` slowest ticks, slowest first, with the collections that overlapped each (after the observer has delivered them). */
  async slowest(count: number): Promise<TickStory[]> {
    // The observer delivers from a timer, after the synchronous run.
    await new Promise((resolve) => setTimeout(resolve, 50));
    this.observer.disconnect();
    const slow = [...this.stories].sort((a, b) => b.costMs - a.costMs).slice(0, count);
    for (const story of slow) {
      for (const gc of this.gcs) {
        const overlapMs = Math.min(story.startMs + story.costMs, gc.startTime + gc.duration) - Math.max(story.startMs, gc.startTime);
        if (overlapMs > 0) story.what.push(`GC ${gcKind(gc)} ${overlapMs.toFixed(2)} ms`);
      }
    }
    return slow;
  }

  /** How many of the described ticks over `fromMs` had each kind of work (the first word and the record id or packet name). */
  kindsOver(fromMs: number): Map<string, number> {
    const kinds = new Map<string, number>();
    for (const story of this.stories) {
      if (story.costMs < fromMs) continue;
      const seen = new Set(story.what.map((what) => what.split(' ').slice(0, 2).join(' ')));
      if (seen.size === 0) seen.add('nothing tagged');
      for (const kind of seen) kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
    }
    return kinds;
  }
}

function gcKind(entry: PerformanceEntry): string {
  const kind = (entry as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind;
  // perf_hooks constants: 1 minor (scavenge), 2 major (mark-compact), 4 incremental, 8 weak callbacks.
  return kind === 1 ? 'minor' : kind === 2 ? 'major' : kind === 4 ? 'incremental' : 'weak';
}
