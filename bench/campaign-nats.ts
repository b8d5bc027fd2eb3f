/**
 * (11) The campaign through NATS JetStream (mission/campaign/bus-pool.ts):
 * the campaign bench's short scenarios (seed 1) flown by 1 and by 2
 * `campaign worker` processes through a throwaway nats-server on loopback,
 * beside the local pool of threads with as many workers, in one run:
 * scenarios per minute of each and the ratio NATS / local (what the bus
 * costs on one machine). Without nats-server the rows say it could not be
 * measured.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { NatsBus } from '../ground/index.js';
import { BusFlightPool } from '../mission/campaign/bus-pool.js';
import { FlightPool } from '../mission/campaign/pool.js';
import { benchScenarios, timedPerMinute } from './campaign.js';
import { startNatsServer } from './nats-server.js';
import type { SummaryRow } from './summary.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface CampaignNatsBench {
  readonly scenarios: number;
  /** Per worker count (1, 2): scenarios per minute locally and through NATS. */
  readonly rows: readonly { readonly workers: number; readonly local: number; readonly nats: number }[];
  readonly load: string;
}

/** `campaign worker` processes, resolved once each says it takes scenarios. */
async function startWorkers(url: string, count: number): Promise<ChildProcess[]> {
  const workers = Array.from({ length: count }, (_, i) =>
    spawn(process.execPath, [`${ROOT}/bin/campaign.js`, 'worker', '--nats', url, '--name', `bench-${i + 1}`], { stdio: ['ignore', 'ignore', 'pipe'] }),
  );
  await Promise.all(
    workers.map(
      (worker) =>
        new Promise<void>((resolve, reject) => {
          let log = '';
          worker.stderr!.on('data', (chunk: Buffer) => {
            log += chunk.toString();
            if (log.includes('taking scenarios from')) resolve();
          });
          worker.on('exit', (code) => reject(new Error(`a campaign worker exited (${code}) before it took scenarios:\n${log}`)));
        }),
    ),
  );
  return workers;
}

export async function benchCampaignNats(): Promise<CampaignNatsBench> {
  const server = await startNatsServer();
  const rows: { workers: number; local: number; nats: number }[] = [];
  let scenarioCount = 0;
  try {
    for (const workers of [1, 2]) {
      const { warmup, scenarios } = benchScenarios(workers);
      scenarioCount = scenarios.length;
      const local = await timedPerMinute(new FlightPool(workers), workers, warmup, scenarios);
      const bus = await NatsBus.open(server.url, 'campaign-bench');
      if (!bus.ok) throw new Error(bus.error);
      const processes = await startWorkers(server.url, workers);
      try {
        const pool = await BusFlightPool.open(bus.value);
        const nats = await timedPerMinute(pool, workers, warmup, scenarios);
        rows.push({ workers, local, nats });
      } finally {
        for (const worker of processes) worker.kill('SIGTERM');
        await bus.value.close();
      }
    }
  } finally {
    await server.stop();
  }
  return {
    scenarios: scenarioCount,
    rows,
    load: loadavg()
      .map((value) => value.toFixed(2))
      .join(' '),
  };
}

export function printCampaignNatsBench(figures: CampaignNatsBench): void {
  console.log(`\ncampaign through NATS JetStream (short scenarios, seed 1; load average ${figures.load}), beside the local pool of threads`);
  console.log('  workers  local threads  NATS processes  NATS / local');
  for (const row of figures.rows)
    console.log(
      `  ${String(row.workers).padStart(7)}  ${row.local.toFixed(1).padStart(13)}  ${row.nats.toFixed(1).padStart(14)}  x${(row.nats / row.local).toFixed(2)}`,
    );
  const [one, two] = figures.rows;
  if (one && two) console.log(`  NATS scaling: 2 processes x${(two.nats / one.nats).toFixed(2)} of 1 (local threads x${(two.local / one.local).toFixed(2)})`);
}

export function campaignNatsSummary(figures: CampaignNatsBench): SummaryRow[] {
  return figures.rows.map((row) => ({
    item: '11',
    figure: `campaign scenarios/min through NATS, ${row.workers} worker process${row.workers === 1 ? '' : 'es'} (local threads)`,
    measured: `${row.nats.toFixed(1)} (${row.local.toFixed(1)})`,
    target: '',
    verdict: '-' as const,
  }));
}
