/**
 * The campaign across machines: the same `fly(scenario)` as the pool of
 * threads (pool.ts), through the bus (ground/bus/, NATS JetStream with
 * `--nats URL`). Each scenario goes as a task to the work-queue stream
 * CAMPAIGN_TASKS (subject campaign.tasks.RUN); any number of
 * `campaign worker` processes, on any machines, take them through one
 * durable consumer, fly them and publish the verdicts to CAMPAIGN_VERDICTS
 * (campaign.verdicts.RUN), which this pool reads back. A worker killed
 * mid-scenario never acknowledges its task: the task goes to another
 * worker after its ack wait, and a verdict that comes twice counts once.
 * The verdicts are the same flights' whatever flies them, so the closing
 * line is the same as a local run's.
 */
import { randomBytes } from 'node:crypto';
import type { Bus, BusConsumer } from '../../ground/index.js';
import type { CampaignScenario } from './campaign-scenario.js';
import type { FlightVerdict } from './verdicts.js';

export const TASKS_STREAM = 'CAMPAIGN_TASKS';
export const VERDICTS_STREAM = 'CAMPAIGN_VERDICTS';
/** The durable consumer every worker shares. */
export const WORKERS_DURABLE = 'campaign-workers';
/** Verdicts are kept this long (a coordinator reads its own at once). */
const VERDICTS_MAX_AGE_S = 24 * 3600;

export interface CampaignTask {
  readonly run: string;
  readonly id: number;
  readonly scenario: CampaignScenario;
  readonly mutant: string | null;
}

export interface CampaignAnswer {
  readonly id: number;
  readonly verdict: FlightVerdict;
  /** Which worker flew it. */
  readonly worker: string;
}

const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
const decode = <T>(data: Uint8Array): T => JSON.parse(new TextDecoder().decode(data)) as T;

/** The two streams of the campaign, made when missing. */
export async function ensureCampaignStreams(bus: Bus): Promise<void> {
  await bus.ensureStream({ name: TASKS_STREAM, subjects: ['campaign.tasks.>'], retention: 'workqueue' });
  await bus.ensureStream({ name: VERDICTS_STREAM, subjects: ['campaign.verdicts.>'], retention: 'limits', maxAgeS: VERDICTS_MAX_AGE_S });
}

export const encodeTask = (task: CampaignTask) => encode(task);
export const decodeTask = (data: Uint8Array) => decode<CampaignTask>(data);
export const encodeAnswer = (answer: CampaignAnswer) => encode(answer);

export class BusFlightPool {
  readonly run = randomBytes(6).toString('hex');
  private nextId = 0;
  private readonly waiting = new Map<number, (verdict: FlightVerdict) => void>();
  private verdicts: BusConsumer | null = null;
  /** Verdicts that came again for a task answered already (a worker killed after publishing, its task redelivered). */
  duplicates = 0;
  /** Which workers flew how many scenarios. */
  readonly byWorker = new Map<string, number>();

  private constructor(
    private readonly bus: Bus,
    private readonly mutant: string | null,
  ) {}

  static async open(bus: Bus, mutant?: string): Promise<BusFlightPool> {
    const pool = new BusFlightPool(bus, mutant ?? null);
    await ensureCampaignStreams(bus);
    pool.verdicts = await bus.consume(
      VERDICTS_STREAM,
      `run-${pool.run}`,
      (message) => {
        const answer = decode<CampaignAnswer>(message.data);
        message.ack();
        const resolve = pool.waiting.get(answer.id);
        if (!resolve) {
          pool.duplicates++;
          return;
        }
        pool.waiting.delete(answer.id);
        pool.byWorker.set(answer.worker, (pool.byWorker.get(answer.worker) ?? 0) + 1);
        resolve(answer.verdict);
      },
      { filter: `campaign.verdicts.${pool.run}`, maxInFlight: 64 },
    );
    return pool;
  }

  /** Scenarios sent and not answered yet. */
  get inFlight(): number {
    return this.waiting.size;
  }

  fly(scenario: CampaignScenario): Promise<FlightVerdict> {
    const id = this.nextId++;
    const verdict = new Promise<FlightVerdict>((resolve) => this.waiting.set(id, resolve));
    return this.bus.publish(`campaign.tasks.${this.run}`, encodeTask({ run: this.run, id, scenario, mutant: this.mutant })).then(() => verdict);
  }

  async close(): Promise<void> {
    await this.verdicts?.stop();
    await this.bus.deleteConsumer(VERDICTS_STREAM, `run-${this.run}`);
  }
}
