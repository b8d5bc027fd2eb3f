/**
 * `npx campaign worker --nats URL`: one campaign worker process. It takes
 * tasks from the campaign's work queue (bus-pool.ts) through the durable
 * consumer every worker shares, one at a time, flies each scenario
 * (fly.ts, with the task's mutant), publishes the verdict to the run's
 * subject, and only then acknowledges the task: killed before that, the
 * task goes to another worker after the ack wait. Runs until SIGINT or
 * SIGTERM.
 */
import { hostname } from 'node:os';
import type { Bus, BusConsumer } from '../../ground/index.js';
import { decodeTask, encodeAnswer, ensureCampaignStreams, TASKS_STREAM, WORKERS_DURABLE } from './bus-pool.js';
import { MUTANTS } from './mutants.js';
import { verdictOf } from './verdict-of.js';

/** How long a task taken may go unacknowledged before another worker gets it: well over one orbit's flight. */
export const DEFAULT_ACK_WAIT_S = 120;

export interface WorkerOptions {
  readonly ackWaitS?: number;
  readonly name?: string;
  readonly log?: (line: string) => void;
}

export async function campaignWorker(bus: Bus, options: WorkerOptions = {}): Promise<BusConsumer & { readonly flown: () => number }> {
  const name = options.name ?? `${hostname()}:${process.pid}`;
  let flown = 0;
  await ensureCampaignStreams(bus);
  const consumer = await bus.consume(
    TASKS_STREAM,
    WORKERS_DURABLE,
    async (message) => {
      const task = decodeTask(message.data);
      options.log?.(`campaign worker ${name}: run ${task.run} scenario ${task.id}${message.redelivered ? ' (again: its first taker did not finish)' : ''}`);
      if (task.mutant !== null && !(task.mutant in MUTANTS)) {
        options.log?.(`campaign worker ${name}: mutant "${task.mutant}" unknown here; left for another worker`);
        return message.nak(5);
      }
      const verdict = verdictOf(task.scenario, task.mutant);
      await bus.publish(`campaign.verdicts.${task.run}`, encodeAnswer({ id: task.id, verdict, worker: name }));
      message.ack();
      flown++;
    },
    { ackWaitS: options.ackWaitS ?? DEFAULT_ACK_WAIT_S, filter: 'campaign.tasks.>' },
  );
  return { stop: () => consumer.stop(), flown: () => flown };
}
