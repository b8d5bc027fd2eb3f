/**
 * The bus on NATS JetStream (@nats-io/transport-node, /jetstream, /kv):
 * streams with file storage, durable pull consumers with explicit
 * acknowledgement (a message not acknowledged within its ack wait goes to
 * another taker), KV buckets, core NATS request/reply with queue groups. Checked with Debian's nats-server 2.9
 * (`nats-server -js -a 127.0.0.1 -p PORT -sd DIR`).
 */
import { connect, nanos, type NatsConnection } from '@nats-io/transport-node';
import {
  AckPolicy,
  DeliverPolicy,
  RetentionPolicy,
  StorageType,
  jetstream,
  jetstreamManager,
  type JetStreamClient,
  type JetStreamManager,
} from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { accept, fail, type Outcome } from '../../protocol/index.js';
import {
  CONSUMER_DEFAULTS,
  type Bus,
  type BusConsumer,
  type BusMessage,
  type BusResponder,
  type ConsumerOptions,
  type KvBucket,
  type StreamSpec,
} from './bus.js';

export class NatsBus implements Bus {
  private constructor(
    readonly describe: string,
    private readonly nc: NatsConnection,
    private readonly jsm: JetStreamManager,
    private readonly js: JetStreamClient,
  ) {}

  /** Connects (a few tries over about two seconds); why not, in one line. */
  static async open(url: string, name = 'orbital-ground'): Promise<Outcome<NatsBus>> {
    try {
      const nc = await connect({ servers: url, name, reconnect: true, maxReconnectAttempts: -1, reconnectTimeWait: 500, timeout: 2000 });
      const jsm = await jetstreamManager(nc);
      return accept(new NatsBus(url, nc, jsm, jetstream(nc)));
    } catch (error) {
      return fail(`cannot use the NATS server at ${url}: ${(error as Error).message} (is it running with JetStream, nats-server -js?)`);
    }
  }

  async ensureStream(spec: StreamSpec): Promise<void> {
    const limits = {
      subjects: [...spec.subjects],
      max_age: nanos((spec.maxAgeS ?? 0) * 1000),
      max_bytes: spec.maxBytes && spec.maxBytes > 0 ? spec.maxBytes : -1,
    };
    const known = await this.jsm.streams.info(spec.name).catch(() => null);
    if (known) await this.jsm.streams.update(spec.name, limits);
    else
      await this.jsm.streams.add({
        name: spec.name,
        ...limits,
        retention: spec.retention === 'workqueue' ? RetentionPolicy.Workqueue : RetentionPolicy.Limits,
        storage: StorageType.File,
      });
  }

  async deleteStream(name: string): Promise<void> {
    await this.jsm.streams.delete(name).catch(() => false);
  }

  async publish(subject: string, data: Uint8Array, options: { readonly id?: string } = {}): Promise<void> {
    await this.js.publish(subject, data, options.id ? { msgID: options.id } : undefined);
  }

  async consume(
    stream: string,
    durable: string,
    onMessage: (message: BusMessage) => void | Promise<void>,
    options: ConsumerOptions = {},
  ): Promise<BusConsumer> {
    const known = await this.jsm.consumers.info(stream, durable).catch(() => null);
    if (!known)
      await this.jsm.consumers.add(stream, {
        durable_name: durable,
        ack_policy: AckPolicy.Explicit,
        ack_wait: nanos((options.ackWaitS ?? CONSUMER_DEFAULTS.ackWaitS) * 1000),
        max_ack_pending: -1,
        deliver_policy: options.from === 'new' ? DeliverPolicy.New : DeliverPolicy.All,
        ...(options.filter ? { filter_subject: options.filter } : {}),
      });
    const consumer = await this.js.consumers.get(stream, durable);
    const messages = await consumer.consume({ max_messages: options.maxInFlight ?? CONSUMER_DEFAULTS.maxInFlight });
    const done = (async () => {
      for await (const m of messages) {
        await onMessage({
          subject: m.subject,
          data: m.data,
          redelivered: m.redelivered,
          ack: () => m.ack(),
          nak: (delayS) => m.nak(delayS === undefined ? undefined : delayS * 1000),
        });
      }
    })();
    return {
      stop: async () => {
        await messages.close();
        await done.catch(() => undefined);
      },
    };
  }

  async deleteConsumer(stream: string, durable: string): Promise<void> {
    await this.jsm.consumers.delete(stream, durable).catch(() => false);
  }

  async consumerLag(stream: string, durable: string): Promise<number | null> {
    const info = await this.jsm.consumers.info(stream, durable).catch(() => null);
    return info ? info.num_pending + info.num_ack_pending : null;
  }

  async kv(bucket: string): Promise<KvBucket> {
    const kv = await new Kvm(this.nc).create(bucket);
    return {
      put: async (key, value) => {
        await kv.put(key, value);
      },
      get: async (key) => (await kv.get(key))?.value ?? null,
      keys: async () => {
        const out: string[] = [];
        for await (const key of await kv.keys()) out.push(key);
        return out;
      },
    };
  }

  async respond(
    subject: string,
    answer: (data: Uint8Array) => Uint8Array | Promise<Uint8Array>,
    options: { readonly queue?: string } = {},
  ): Promise<BusResponder> {
    const subscription = this.nc.subscribe(subject, {
      ...(options.queue ? { queue: options.queue } : {}),
      callback: (error, message) => {
        if (error) return;
        Promise.resolve()
          .then(() => answer(message.data))
          .then(
            (reply) => message.respond(reply),
            () => message.respond(new Uint8Array()),
          );
      },
    });
    await this.nc.flush();
    return { stop: () => subscription.drain() };
  }

  async request(subject: string, data: Uint8Array, timeoutMs: number): Promise<Uint8Array> {
    try {
      return (await this.nc.request(subject, data, { timeout: timeoutMs })).data;
    } catch (error) {
      const message = (error as Error).message;
      throw new Error(/no responders|503/i.test(message) ? `no responder for ${subject}` : `no answer on ${subject} within ${timeoutMs} ms (${message})`);
    }
  }

  async close(): Promise<void> {
    await this.nc.drain().catch(() => undefined);
  }
}
