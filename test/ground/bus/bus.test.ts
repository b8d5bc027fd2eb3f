/**
 * The bus's contract (issue 20 point 1), the same cases for both
 * implementations: in process, and NATS JetStream on a throwaway
 * nats-server (test/helpers/nats-server.ts); plus what only the server
 * gives: messages kept across a restart of the server (file storage).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bus, BusMessage } from '../../../ground/bus/bus.js';
import { subjectMatches } from '../../../ground/bus/bus.js';
import { MemoryBus } from '../../../ground/bus/memory-bus.js';
import { NatsBus } from '../../../ground/bus/nats-bus.js';
import { until } from '../server/harness.js';
import { startNatsServer, type NatsServer } from '../../helpers/nats-server.js';

const text = (data: Uint8Array) => new TextDecoder().decode(data);
const bytes = (value: string) => new TextEncoder().encode(value);

let server: NatsServer;
const opened: Bus[] = [];
beforeAll(async () => {
  server = await startNatsServer();
});
afterAll(async () => {
  await Promise.all(opened.map((bus) => bus.close()));
  await server.stop();
});

async function natsBus(): Promise<Bus> {
  const bus = await NatsBus.open(server.url);
  if (!bus.ok) throw new Error(bus.error);
  opened.push(bus.value);
  return bus.value;
}

const IMPLEMENTATIONS: ReadonlyArray<readonly [string, () => Promise<Bus>]> = [
  ['in process', async () => new MemoryBus()],
  ['NATS JetStream', natsBus],
];

describe.each(IMPLEMENTATIONS)('the bus (%s)', (_name, open) => {
  it('stores what is published and hands each message of a work queue to one of the takers of a durable consumer, once acknowledged', async () => {
    const bus = await open();
    await bus.ensureStream({ name: 'WORK', subjects: ['work.>'], retention: 'workqueue' });
    for (let i = 0; i < 20; i++) await bus.publish(`work.job.${i % 3}`, bytes(`task ${i}`));
    const seen: Array<[string, string]> = [];
    const take = (who: string) => (message: BusMessage) => {
      seen.push([who, text(message.data)]);
      message.ack();
    };
    const a = await bus.consume('WORK', 'workers', take('a'), { ackWaitS: 5 });
    const b = await bus.consume('WORK', 'workers', take('b'), { ackWaitS: 5 });
    await until('every task taken', () => seen.length >= 20);
    await a.stop();
    await b.stop();
    expect(seen.map(([, task]) => task).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `task ${i}`).sort());
    await bus.deleteStream('WORK');
  });

  it('delivers a message not acknowledged within its ack wait again, marked redelivered, and a nak at once', async () => {
    const bus = await open();
    await bus.ensureStream({ name: 'AGAIN', subjects: ['again.*'], retention: 'workqueue' });
    await bus.publish('again.one', bytes('lost by its first taker'));
    await bus.publish('again.two', bytes('nak'));
    const deliveries: Array<[string, boolean]> = [];
    let naked = false;
    const consumer = await bus.consume(
      'AGAIN',
      'takers',
      (message) => {
        deliveries.push([text(message.data), message.redelivered]);
        if (text(message.data) === 'nak' && !naked) {
          naked = true;
          return message.nak();
        }
        // the first delivery of "lost" is never acknowledged: as if its taker died
        if (message.redelivered || text(message.data) !== 'lost by its first taker') message.ack();
      },
      { ackWaitS: 1, maxInFlight: 2 },
    );
    await until('the lost message again', () => deliveries.some(([data, again]) => data === 'lost by its first taker' && again), 15_000);
    await until('the nak again', () => deliveries.filter(([data]) => data === 'nak').length === 2, 15_000);
    await consumer.stop();
    expect(deliveries).toContainEqual(['lost by its first taker', false]);
    expect(deliveries).toContainEqual(['lost by its first taker', true]);
    expect(deliveries).toContainEqual(['nak', true]);
    await bus.deleteStream('AGAIN');
  });

  it("keeps a limits stream for every durable consumer, filtered by subject, says each consumer's backlog, and keeps values in a KV bucket", async () => {
    const bus = await open();
    await bus.ensureStream({ name: 'FRAMES', subjects: ['frames.>'], retention: 'limits', maxAgeS: 3600 });
    await bus.publish('frames.svalbard.1.0', bytes('sc 1'));
    await bus.publish('frames.svalbard.2.0', bytes('sc 2'));
    await bus.publish('frames.wallops.1.0', bytes('sc 1 again'));
    const one: string[] = [];
    const all: string[] = [];
    const c1 = await bus.consume(
      'FRAMES',
      'shard-1',
      (m) => {
        one.push(text(m.data));
        m.ack();
      },
      { filter: 'frames.*.1.>' },
    );
    const c2 = await bus.consume('FRAMES', 'everything', (m) => {
      all.push(text(m.data));
      m.ack();
    });
    await until('both consumers', () => one.length === 2 && all.length === 3);
    await c1.stop();
    await c2.stop();
    expect(one).toEqual(['sc 1', 'sc 1 again']);
    expect(all).toEqual(['sc 1', 'sc 2', 'sc 1 again']);
    // the backlog of a consumer: what its filter has not had acknowledged
    expect(await bus.consumerLag('FRAMES', 'shard-1')).toBe(0);
    await bus.publish('frames.svalbard.1.0', bytes('sc 1 later'));
    await bus.publish('frames.svalbard.2.0', bytes('sc 2 later'));
    expect(await bus.consumerLag('FRAMES', 'shard-1')).toBe(1);
    expect(await bus.consumerLag('FRAMES', 'everything')).toBe(2);
    expect(await bus.consumerLag('FRAMES', 'nobody')).toBeNull();
    const kv = await bus.kv('fleet-state');
    await kv.put('sat-1', bytes('NOMINAL'));
    await kv.put('sat-1', bytes('SAFE'));
    expect(text((await kv.get('sat-1'))!)).toBe('SAFE');
    expect(await kv.get('sat-9')).toBeNull();
    expect(await kv.keys()).toContain('sat-1');
    await bus.deleteStream('FRAMES');
  });

  it('answers requests on a subject, one responder of a queue group each, and says when none answers', async () => {
    const bus = await open();
    const answered: string[] = [];
    const responder = (who: string) => (data: Uint8Array) => {
      answered.push(who);
      return bytes(`${who}: ${text(data).toUpperCase()}`);
    };
    const a = await bus.respond('query.sc.7', responder('a'), { queue: 'q' });
    const b = await bus.respond('query.sc.7', responder('b'), { queue: 'q' });
    const replies = await Promise.all(Array.from({ length: 8 }, (_, i) => bus.request('query.sc.7', bytes(`ask ${i}`), 5000)));
    expect(replies.map((reply) => text(reply).split(': ')[1])).toEqual(Array.from({ length: 8 }, (_, i) => `ASK ${i}`));
    // each request went to one responder of the group
    expect(answered).toHaveLength(8);
    await a.stop();
    await b.stop();
    await expect(bus.request('query.sc.7', bytes('anyone?'), 2000)).rejects.toThrow(/no responder for query\.sc\.7|no answer on query\.sc\.7/);
    const slow = await bus.respond('query.slow', () => new Promise<Uint8Array>(() => {}));
    await expect(bus.request('query.slow', bytes('late'), 300)).rejects.toThrow(/no answer on query\.slow within 300 ms/);
    await slow.stop();
  });
});

describe('the bus on NATS alone', () => {
  it('keeps the messages of a stream across a restart of the server (file storage): nothing lost', async () => {
    const bus = await natsBus();
    await bus.ensureStream({ name: 'KEPT', subjects: ['kept.>'], retention: 'workqueue' });
    for (let i = 0; i < 5; i++) await bus.publish('kept.x', bytes(`m${i}`));
    await server.stop('SIGKILL');
    await server.restart();
    const seen: string[] = [];
    // the client reconnects by itself; until it has, the consumer cannot be made
    let consumer: Awaited<ReturnType<Bus['consume']>> | null = null;
    const deadline = Date.now() + 15_000;
    while (consumer === null) {
      try {
        consumer = await bus.consume('KEPT', 'after', (m) => {
          seen.push(text(m.data));
          m.ack();
        });
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
    await until('every message kept', () => seen.length === 5, 15_000);
    await consumer.stop();
    expect(seen).toEqual(['m0', 'm1', 'm2', 'm3', 'm4']);
  }, 40_000);

  it('says in one line why it cannot use a server that is not there', async () => {
    const refused = await NatsBus.open('nats://127.0.0.1:1');
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.error).toMatch(
      /^cannot use the NATS server at nats:\/\/127\.0\.0\.1:1: .*\(is it running with JetStream, nats-server -js\?\)$/,
    );
  });

  it('matches subjects as NATS does: * one token, a final > the rest', () => {
    expect(subjectMatches('frames.*.1.>', 'frames.svalbard.1.0')).toBe(true);
    expect(subjectMatches('frames.*.1.>', 'frames.svalbard.1')).toBe(false);
    expect(subjectMatches('frames.>', 'frames')).toBe(false);
    expect(subjectMatches('tc.7', 'tc.7')).toBe(true);
    expect(subjectMatches('tc.*', 'tc.7.x')).toBe(false);
  });
});
