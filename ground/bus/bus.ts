/**
 * The one message bus the ground's moving parts talk through (stations,
 * per-spacecraft processing, archive writers, the fleet job broker,
 * campaign workers): streams of messages by subject, durable consumers
 * that take each message until it is acknowledged (redelivered when it is
 * not, within its ack wait), key-value buckets, and requests answered by
 * whoever serves a subject (nothing stored: for queries). Two implementations:
 * memory-bus.ts in process (the default: nothing to run), nats-bus.ts on
 * NATS JetStream (`--nats URL` or NATS_URL) for work spread over
 * processes and machines. Subjects are dot-separated tokens; a filter's
 * `*` matches one token and a final `>` the rest (as NATS has them).
 */

export type Retention = 'limits' | 'workqueue';

export interface StreamSpec {
  readonly name: string;
  readonly subjects: readonly string[];
  /** limits: kept until too old or too big; workqueue: each message kept until a consumer acknowledges it. */
  readonly retention: Retention;
  /** Messages older than this are dropped (0: no limit). */
  readonly maxAgeS?: number;
  /** The stream's bytes at most; the oldest are dropped beyond (0: no limit). */
  readonly maxBytes?: number;
}

export interface BusMessage {
  readonly subject: string;
  readonly data: Uint8Array;
  /** Delivered before and not acknowledged (its consumer died, or asked for it again). */
  readonly redelivered: boolean;
  /** Done with: never delivered again. */
  ack(): void;
  /** Not done: deliver again (after delayS). */
  nak(delayS?: number): void;
}

export interface ConsumerOptions {
  /** Only messages whose subject matches. */
  readonly filter?: string;
  /** A message delivered and not acknowledged in this time is delivered again. */
  readonly ackWaitS?: number;
  /** Messages delivered and not yet acknowledged at once, to this consumer. */
  readonly maxInFlight?: number;
  /** Where a new durable consumer begins: every message of the stream (default), or only new ones. */
  readonly from?: 'all' | 'new';
}

/** What a consumer gets when its options say nothing (both implementations). */
export const CONSUMER_DEFAULTS = { ackWaitS: 30, maxInFlight: 1 } as const;

export interface BusConsumer {
  /** Stops taking messages (those delivered and not acknowledged go to another taker after their ack wait). */
  stop(): Promise<void>;
}

export interface KvBucket {
  put(key: string, value: Uint8Array): Promise<void>;
  /** The newest value, or null. */
  get(key: string): Promise<Uint8Array | null>;
  keys(): Promise<string[]>;
}

export interface BusResponder {
  /** Stops answering (requests in hand are answered). */
  stop(): Promise<void>;
}

/** The largest request or answer the bus carries (NATS's default max_payload is 1 MiB). */
export const BUS_PAYLOAD_BYTES_MAX = 1024 * 1024;

export interface Bus {
  /** Which implementation ("memory", or the NATS server's URL). */
  readonly describe: string;
  /** Creates the stream, or updates its subjects and limits. */
  ensureStream(spec: StreamSpec): Promise<void>;
  deleteStream(name: string): Promise<void>;
  /**
   * Publishes one message; resolves when the stream stored it. With an `id`,
   * a message published again with the same id (a retry after a lost
   * acknowledgement) is stored once (within the server's duplicate window).
   */
  publish(subject: string, data: Uint8Array, options?: { readonly id?: string }): Promise<void>;
  /**
   * Takes messages of a stream through a durable consumer (one name:
   * shared by every taker, each message to one of them), one handler call
   * at a time per taker; the handler acknowledges.
   */
  consume(stream: string, durable: string, onMessage: (message: BusMessage) => void | Promise<void>, options?: ConsumerOptions): Promise<BusConsumer>;
  deleteConsumer(stream: string, durable: string): Promise<void>;
  /**
   * What a durable consumer has left: messages of its filter not delivered
   * yet plus those delivered and not acknowledged (its backlog); null when
   * there is no such consumer.
   */
  consumerLag(stream: string, durable: string): Promise<number | null>;
  kv(bucket: string): Promise<KvBucket>;
  /**
   * Answers the requests sent to a subject; of the responders of one queue
   * group, one answers each request.
   */
  respond(subject: string, answer: (data: Uint8Array) => Uint8Array | Promise<Uint8Array>, options?: { readonly queue?: string }): Promise<BusResponder>;
  /** Asks whoever answers the subject; rejects, saying why, when none does within timeoutMs. */
  request(subject: string, data: Uint8Array, timeoutMs: number): Promise<Uint8Array>;
  close(): Promise<void>;
}

/** Whether a subject matches a filter (`*` one token, a final `>` one or more). */
export function subjectMatches(filter: string, subject: string): boolean {
  const want = filter.split('.');
  const have = subject.split('.');
  for (let i = 0; i < want.length; i++) {
    if (want[i] === '>') return i === want.length - 1 && have.length > i;
    if (i >= have.length) return false;
    if (want[i] !== '*' && want[i] !== have[i]) return false;
  }
  return want.length === have.length;
}
