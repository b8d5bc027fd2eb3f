/**
 * The benchmarks' scripted ground for the in-process stack: signed
 * telecommands with a counting sequence number, mission time advanced in
 * steps with the downlink taken (kept or dropped) after each, and a workload of
 * matmul jobs kept queued on board. Deterministic: no wall clock, one seed.
 */
import { InProcessStack, type StackOptions } from '../mission/stack.js';
import { buildTelecommand, linkKeys, missionDictionary, type LinkKeys } from '../protocol/index.js';
import { spacecraftConfig } from '../sim-hw/config.js';
import { DEFAULT_LINK_PARAMS } from '../sim-hw/link/channel.js';

export const BENCH_SEED = 1;
const KEY_ID = 1;
const KEY = new Uint8Array(32).fill(0x3c);
export const BENCH_KEYS: LinkKeys = linkKeys([[KEY_ID, KEY]], [[2, new Uint8Array(32).fill(0xc3)]]);
/** Mission time between the ground's looks at the spacecraft. */
const GROUND_STEP_S = 10;

const dictionary = missionDictionary();

/** The work the ground keeps on board: this many matmul jobs of this size queued. */
export interface JobWorkload {
  readonly inFlight: number;
  readonly size: number;
}

export const BUSY_WORKLOAD: JobWorkload = { inFlight: 24, size: 48 };

export class BenchGround {
  private seq = 1n;
  private nextJobId = 1;
  /** When set, the telemetry that reaches the ground is kept here; else it is dropped. */
  downlink: Uint8Array[] | null = null;
  constructor(readonly stack: InProcessStack) {}

  send(name: string, args: Record<string, unknown> = {}): void {
    const seq = this.seq++;
    const built = buildTelecommand(dictionary, { name, args, keyId: KEY_ID, key: KEY, seq, sequenceCount: Number(seq % 16384n), timeS: this.stack.timeS });
    if (!built.ok) throw new Error(built.error);
    this.stack.uplink(built.value);
  }

  run(durationS: number): void {
    this.stack.runUntil(this.stack.timeS + durationS);
    const arrived = this.stack.takeDownlink();
    if (this.downlink !== null) for (const packet of arrived) this.downlink.push(packet);
  }

  published(name: string): number {
    return this.stack.fsw.executive.published.get(name, 0);
  }

  /** Flies to untilS in GROUND_STEP_S steps, topping the job queue up to the workload before each. */
  fly(untilS: number, workload: JobWorkload | null): void {
    while (this.stack.timeS < untilS - 1e-6) {
      for (let queued = this.published('jobs.queueLength'); workload !== null && queued < workload.inFlight; queued++) {
        this.send('submit_job', { jobId: this.nextJobId++, kind: 'matmul', size: workload.size });
      }
      this.run(Math.min(GROUND_STEP_S, untilS - this.stack.timeS));
    }
  }

  /** NOMINAL with every event sent down (no throttling): where jobs run. */
  goNominal(): void {
    this.send('param_set', { name: 'telemetry.eventsPerWindow', value: 1000 });
    this.send('set_mode', { mode: 'NOMINAL' });
    this.run(1);
  }
}

/** The stack of the benchmarks: default spacecraft and seed, the link through the relay (always in contact, no loss) so the ground can keep jobs queued. */
export function benchStack(options: Partial<StackOptions> = {}): InProcessStack {
  return new InProcessStack({
    keys: BENCH_KEYS,
    config: spacecraftConfig({ seed: BENCH_SEED, link: { ...DEFAULT_LINK_PARAMS, relay: true, lossProbability: 0 } }),
    ...options,
  });
}
