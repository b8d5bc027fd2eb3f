/**
 * The bus in process: the default, nothing to run. The same semantics as
 * NATS JetStream for what the ground uses: streams (limits keep messages,
 * bounded by age and bytes; a work queue drops each once acknowledged),
 * durable consumers shared by their takers, each message delivered to one
 * taker at a time and again when it is not acknowledged within its ack
 * wait (or when nak'ed), KV buckets. Times come from an injected clock and
 * timers, so tests can drive redelivery.
 */
import {
  CONSUMER_DEFAULTS,
  subjectMatches,
  type Bus,
  type BusConsumer,
  type BusResponder,
  type BusMessage,
  type ConsumerOptions,
  type KvBucket,
  type StreamSpec,
} from './bus.js';

interface Stored {
  readonly seq: number;
  readonly subject: string;
  readonly data: Uint8Array;
  readonly atMs: number;
}

interface Durable {
  readonly filter: string | undefined;
  readonly ackWaitMs: number;
  /** Sequence of the next message never delivered. */
  next: number;
  /** Delivered, not acknowledged: when its ack wait ends. */
  readonly pending: Map<number, number>;
  /** Delivered and not acknowledged yet (for `redelivered`). */
  readonly delivered: Set<number>;
  readonly takers: Set<Taker>;
}

interface Taker {
  busy: boolean;
  stopped: boolean;
  readonly onMessage: (message: BusMessage) => void | Promise<void>;
}

interface Stream {
  spec: StreamSpec;
  readonly messages: Stored[];
  readonly durables: Map<string, Durable>;
  lastSeq: number;
}

export interface MemoryBusClock {
  readonly nowMs: () => number;
  readonly setTimeout: (run: () => void, ms: number) => unknown;
}

const IDS_KEPT = 100_000;

const REAL_CLOCK: MemoryBusClock = { nowMs: Date.now, setTimeout: (run, ms) => setTimeout(run, ms).unref() };

export class MemoryBus implements Bus {
  readonly describe = 'memory';
  private readonly streams = new Map<string, Stream>();
  private readonly buckets = new Map<string, Map<string, Uint8Array>>();
  private closed = false;
  /** Ids of messages published (the newest IDS_KEPT), to store a retry once. */
  private readonly ids = new Set<string>();
  /** Who answers each subject, in turn. */
  private readonly responders = new Map<string, Array<(data: Uint8Array) => Uint8Array | Promise<Uint8Array>>>();

  constructor(private readonly clock: MemoryBusClock = REAL_CLOCK) {}

  async ensureStream(spec: StreamSpec): Promise<void> {
    const known = this.streams.get(spec.name);
    if (known) known.spec = spec;
    else this.streams.set(spec.name, { spec, messages: [], durables: new Map(), lastSeq: 0 });
  }

  async deleteStream(name: string): Promise<void> {
    this.streams.delete(name);
  }

  async publish(subject: string, data: Uint8Array, options: { readonly id?: string } = {}): Promise<void> {
    if (this.closed) throw new Error('the bus is closed');
    if (options.id !== undefined) {
      if (this.ids.has(options.id)) return;
      this.ids.add(options.id);
      // a bound, as the server's duplicate window is one
      if (this.ids.size > IDS_KEPT) this.ids.delete(this.ids.values().next().value!);
    }
    const stream = [...this.streams.values()].find((s) => s.spec.subjects.some((filter) => subjectMatches(filter, subject)));
    if (!stream) throw new Error(`no stream takes subject ${subject}`);
    stream.messages.push({ seq: ++stream.lastSeq, subject, data: data.slice(), atMs: this.clock.nowMs() });
    this.trim(stream);
    for (const durable of stream.durables.values()) this.deliver(stream, durable);
  }

  async consume(
    stream: string,
    durable: string,
    onMessage: (message: BusMessage) => void | Promise<void>,
    options: ConsumerOptions = {},
  ): Promise<BusConsumer> {
    const s = this.streams.get(stream);
    if (!s) throw new Error(`no stream ${stream}`);
    let d = s.durables.get(durable);
    if (!d) {
      d = {
        filter: options.filter,
        ackWaitMs: (options.ackWaitS ?? CONSUMER_DEFAULTS.ackWaitS) * 1000,
        next: options.from === 'new' ? s.lastSeq + 1 : 1,
        pending: new Map(),
        delivered: new Set(),
        takers: new Set(),
      };
      s.durables.set(durable, d);
    }
    const taker: Taker = { busy: false, stopped: false, onMessage };
    d.takers.add(taker);
    const theDurable = d;
    queueMicrotask(() => this.deliver(s, theDurable));
    return {
      stop: async () => {
        taker.stopped = true;
        theDurable.takers.delete(taker);
      },
    };
  }

  async deleteConsumer(stream: string, durable: string): Promise<void> {
    this.streams.get(stream)?.durables.delete(durable);
  }

  async consumerLag(stream: string, durable: string): Promise<number | null> {
    const s = this.streams.get(stream);
    const d = s?.durables.get(durable);
    if (!s || !d) return null;
    const waiting = s.messages.filter((m) => m.seq >= d.next && (d.filter === undefined || subjectMatches(d.filter, m.subject))).length;
    return waiting + d.delivered.size;
  }

  async kv(bucket: string): Promise<KvBucket> {
    let values = this.buckets.get(bucket);
    if (!values) this.buckets.set(bucket, (values = new Map()));
    const held = values;
    return {
      put: async (key, value) => {
        held.set(key, value.slice());
      },
      get: async (key) => held.get(key)?.slice() ?? null,
      keys: async () => [...held.keys()],
    };
  }

  async respond(subject: string, answer: (data: Uint8Array) => Uint8Array | Promise<Uint8Array>): Promise<BusResponder> {
    const list = this.responders.get(subject) ?? [];
    this.responders.set(subject, [...list, answer]);
    return {
      stop: async () => {
        const left = (this.responders.get(subject) ?? []).filter((one) => one !== answer);
        if (left.length > 0) this.responders.set(subject, left);
        else this.responders.delete(subject);
      },
    };
  }

  async request(subject: string, data: Uint8Array, timeoutMs: number): Promise<Uint8Array> {
    if (this.closed) throw new Error('the bus is closed');
    const list = this.responders.get(subject);
    if (!list || list.length === 0) throw new Error(`no responder for ${subject}`);
    // in turn, as a queue group shares requests
    const answer = list[0]!;
    this.responders.set(subject, [...list.slice(1), answer]);
    return new Promise<Uint8Array>((resolve, reject) => {
      this.clock.setTimeout(() => reject(new Error(`no answer on ${subject} within ${timeoutMs} ms`)), timeoutMs);
      Promise.resolve()
        .then(() => answer(data.slice()))
        .then((reply) => resolve(reply.slice()), reject);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    this.responders.clear();
    for (const stream of this.streams.values()) for (const durable of stream.durables.values()) durable.takers.clear();
  }

  /** Drops what the limits no longer keep: too old, or beyond the bytes (oldest first). */
  private trim(stream: Stream): void {
    const { maxAgeS, maxBytes } = stream.spec;
    const nowMs = this.clock.nowMs();
    while (stream.messages.length > 0 && maxAgeS && nowMs - stream.messages[0]!.atMs > maxAgeS * 1000) stream.messages.shift();
    if (maxBytes) {
      let bytes = stream.messages.reduce((sum, m) => sum + m.data.byteLength, 0);
      while (stream.messages.length > 0 && bytes > maxBytes) bytes -= stream.messages.shift()!.data.byteLength;
    }
  }

  /** Hands messages due to idle takers: first those whose ack wait ran out, then new ones. */
  private deliver(stream: Stream, durable: Durable): void {
    for (const taker of durable.takers) {
      if (taker.busy || taker.stopped) continue;
      const message = this.nextFor(stream, durable);
      if (!message) return;
      taker.busy = true;
      durable.pending.set(message.seq, this.clock.nowMs() + durable.ackWaitMs);
      const redelivered = durable.delivered.has(message.seq);
      durable.delivered.add(message.seq);
      this.clock.setTimeout(() => this.deliver(stream, durable), durable.ackWaitMs + 1);
      let settled = false;
      const settle = () => {
        settled = true;
        taker.busy = false;
        queueMicrotask(() => this.deliver(stream, durable));
      };
      const handled = taker.onMessage({
        subject: message.subject,
        data: message.data.slice(),
        redelivered,
        ack: () => {
          if (settled) return;
          durable.pending.delete(message.seq);
          durable.delivered.delete(message.seq);
          if (stream.spec.retention === 'workqueue') {
            const index = stream.messages.findIndex((m) => m.seq === message.seq);
            if (index >= 0) stream.messages.splice(index, 1);
          }
          settle();
        },
        nak: (delayS = 0) => {
          if (settled) return;
          durable.pending.set(message.seq, this.clock.nowMs() + delayS * 1000);
          this.clock.setTimeout(() => this.deliver(stream, durable), delayS * 1000 + 1);
          settle();
        },
      });
      // a handler that returns without settling frees its taker when it resolves (the message waits for its ack wait)
      void Promise.resolve(handled).then(() => {
        if (!settled) {
          taker.busy = false;
          queueMicrotask(() => this.deliver(stream, durable));
        }
      });
    }
  }

  private nextFor(stream: Stream, durable: Durable): Stored | null {
    const nowMs = this.clock.nowMs();
    for (const [seq, dueMs] of durable.pending) {
      if (dueMs > nowMs) continue;
      const message = stream.messages.find((m) => m.seq === seq);
      if (message) {
        durable.pending.delete(seq);
        return message;
      }
      durable.pending.delete(seq);
    }
    while (durable.next <= stream.lastSeq) {
      const seq = durable.next++;
      const message = stream.messages.find((m) => m.seq === seq);
      if (message && (durable.filter === undefined || subjectMatches(durable.filter, message.subject))) return message;
    }
    return null;
  }
}
