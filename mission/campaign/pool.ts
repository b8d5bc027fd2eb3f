/**
 * The campaign's pool of worker threads: fly(scenario) resolves with the
 * verdict of whichever worker flew it. Tasks wait in a bounded queue for a
 * free worker. The workers run the compiled dist/mission/campaign/flight-worker.js
 * (from the sources, as under vitest, the one in the repository's dist/).
 */
import { Worker } from 'node:worker_threads';
import { compiledWorker } from '../worker-file.js';
import type { CampaignScenario } from './campaign-scenario.js';
import type { FlightVerdict } from './verdicts.js';

/** Past this many queued flights fly() refuses: the campaign keeps at most a window of the pool's size in flight. */
export const POOL_QUEUE_MAX = 1024;
export const WORKERS_MAX = 256;

const WORKER_FILE = compiledWorker(import.meta.url, 'flight-worker.js');

interface Task {
  readonly id: number;
  readonly scenario: CampaignScenario;
  readonly resolve: (verdict: FlightVerdict) => void;
  readonly reject: (error: Error) => void;
}

export class FlightPool {
  private readonly idle: Worker[] = [];
  private readonly busy = new Map<Worker, Task>();
  private readonly queue: Task[] = [];
  private nextId = 0;
  private broken: Error | null = null;

  constructor(
    readonly size: number,
    mutant?: string,
  ) {
    if (!Number.isInteger(size) || size < 1 || size > WORKERS_MAX) throw new Error(`pool size ${size} is not an integer in 1..${WORKERS_MAX}`);
    for (let index = 0; index < size; index++) {
      const worker = new Worker(WORKER_FILE, { workerData: mutant ? { mutant } : {} });
      worker.on('message', ({ id, verdict }: { id: number; verdict: FlightVerdict }) => {
        const task = this.busy.get(worker);
        if (!task || task.id !== id) return;
        this.busy.delete(worker);
        this.idle.push(worker);
        task.resolve(verdict);
        this.dispatch();
      });
      worker.on('error', (error) => this.fail(worker, error));
      worker.on('exit', (code) => {
        if (this.broken === null && code !== 0) this.fail(worker, new Error(`a campaign worker exited with code ${code}`));
      });
      this.idle.push(worker);
    }
  }

  fly(scenario: CampaignScenario): Promise<FlightVerdict> {
    if (this.broken) return Promise.reject(this.broken);
    if (this.queue.length >= POOL_QUEUE_MAX) return Promise.reject(new Error(`the pool's queue is full (${POOL_QUEUE_MAX})`));
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, scenario, resolve, reject });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.broken ??= new Error('the pool is closed');
    await Promise.all([...this.idle, ...this.busy.keys()].map((worker) => worker.terminate()));
  }

  private dispatch(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const worker = this.idle.pop()!;
      const task = this.queue.shift()!;
      this.busy.set(worker, task);
      worker.postMessage({ id: task.id, scenario: task.scenario });
    }
  }

  private fail(worker: Worker, error: Error): void {
    this.broken ??= error;
    this.busy.get(worker)?.reject(error);
    this.busy.delete(worker);
    for (const task of this.queue.splice(0)) task.reject(error);
  }
}
