/**
 * Events: each goes down as a telemetry packet (class report) and into the
 * on-board event log (a bounded ring whose tail is kept in non-volatile
 * memory). An event that repeats is throttled: at most `perWindow` of one
 * name per window, the rest counted and summarised by an events_suppressed
 * event when the window closes.
 */
import { BoundedQueue } from '../common/bounded-queue.js';
import type { DownlinkQueue } from './downlink-queue.js';
import type { TelemetryWriter } from './packets.js';

export interface EventRecord {
  readonly timeS: number;
  readonly name: string;
  readonly args: Readonly<Record<string, unknown>>;
}

export interface ThrottleSettings {
  readonly perWindow: number;
  readonly windowS: number;
}

interface Throttle {
  readonly name: string;
  windowStartS: number;
  sent: number;
  suppressed: number;
}

/** Distinct event names tracked for throttling; the dictionary has fewer. */
const THROTTLED_NAMES_MAX = 256;

export class EventService {
  readonly log: BoundedQueue<EventRecord>;
  suppressedTotal = 0;
  private readonly throttles = new Map<string, Throttle>();
  /** The same states in an array: flush runs every tick, and walking a Map allocates an entry per name. */
  private readonly throttleList: Throttle[] = [];
  /** The earliest window start of any name: no window can close before it plus the window. */
  private earliestStartS = Number.POSITIVE_INFINITY;

  constructor(
    private readonly writer: TelemetryWriter,
    private readonly downlink: DownlinkQueue,
    logCapacity: number,
  ) {
    this.log = new BoundedQueue(logCapacity);
  }

  emit(name: string, args: Readonly<Record<string, unknown>>, timeS: number, throttle: ThrottleSettings): void {
    let state = this.throttles.get(name);
    if (!state) {
      if (this.throttles.size >= THROTTLED_NAMES_MAX) throw new Error(`events: more than ${THROTTLED_NAMES_MAX} event names`);
      state = { name, windowStartS: timeS, sent: 0, suppressed: 0 };
      this.throttles.set(name, state);
      this.throttleList.push(state);
      if (timeS < this.earliestStartS) this.earliestStartS = timeS;
    }
    this.closeWindow(state, timeS, throttle);
    if (state.sent >= throttle.perWindow) {
      state.suppressed++;
      this.suppressedTotal++;
      return;
    }
    state.sent++;
    this.send(name, args, timeS);
  }

  /** Closes the windows that have ended, reporting what they suppressed. */
  flush(timeS: number, throttle: ThrottleSettings): void {
    if (timeS - this.earliestStartS < throttle.windowS) return;
    const list = this.throttleList;
    for (let i = 0; i < list.length; i++) this.closeWindow(list[i]!, timeS, throttle);
  }

  /** The last `count` log entries, oldest first. */
  tail(count: number): EventRecord[] {
    const all = this.log.toArray();
    return all.slice(Math.max(0, all.length - count));
  }

  /** Sends a logged event again (a dump), without logging or throttling it. */
  resend(record: EventRecord): void {
    this.downlink.enqueue(this.writer.build(record.name, record.args, record.timeS));
  }

  private closeWindow(state: Throttle, timeS: number, throttle: ThrottleSettings): void {
    if (timeS - state.windowStartS < throttle.windowS) return;
    if (state.suppressed > 0) this.send('events_suppressed', { event: state.name, count: state.suppressed }, timeS);
    const wasEarliest = state.windowStartS === this.earliestStartS;
    state.windowStartS = timeS;
    state.sent = 0;
    state.suppressed = 0;
    if (wasEarliest) this.earliestStartS = earliestStartS(this.throttleList);
  }

  /** Sends and logs an event, its texts cut to their fields (the log holds what went down). */
  private send(name: string, args: Readonly<Record<string, unknown>>, timeS: number): void {
    const fitted = this.writer.fit(name, args);
    this.downlink.enqueue(this.writer.build(name, fitted, timeS));
    this.log.push({ timeS, name, args: fitted });
  }
}

function earliestStartS(states: readonly Throttle[]): number {
  let earliestS = Number.POSITIVE_INFINITY;
  for (let i = 0; i < states.length; i++) if (states[i]!.windowStartS < earliestS) earliestS = states[i]!.windowStartS;
  return earliestS;
}
