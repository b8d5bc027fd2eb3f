/**
 * One spacecraft's mission as a steppable flight: the deterministic stack,
 * the ground's intake of what comes down (hashed, decoded, archived), the
 * recorder, and the scripted operator acting once per second of mission
 * time. `advance(untilS)` flies to a mission time and may be called again,
 * so a fleet run (mission/fleet/) can hold many flights at a common
 * barrier; `finish()` takes the last downlink and gives the digest and the
 * figures. flyMission (fly.ts) is one flight advanced to its end.
 */
import { orbitModel, orbitSpecOf } from '../../astro/orbit-model.js';
import type { SpacecraftConfig, TimedFault } from '../../sim-hw/index.js';
import { SpacecraftWatch } from '../../ground/index.js';
import { campaignKeysFor } from '../campaign/ground.js';
import { InProcessStack } from '../stack.js';
import { ArchiveSink } from './archive-sink.js';
import { DownlinkIntake } from './downlink.js';
import { collectFigures, type MissionFigures } from './figures.js';
import { DEFAULT_OPERATOR_POLICY, GroundOperator, type OperatorPolicy } from './operator.js';
import { MissionRecorder } from './recorder.js';
import { MissionUplink } from './uplink.js';
import type { Workload } from './workload.js';

export const SAMPLE_PERIOD_S = 10;

export interface FlightInput {
  /** Checked by the caller (checkSpacecraftConfig): the simulator throws on an invalid one. */
  readonly config: SpacecraftConfig;
  /** The CCSDS spacecraft id in its frames (default: the one-spacecraft default, 0x0A5). */
  readonly spacecraftId?: number;
  readonly faults: readonly TimedFault[];
  readonly workload: Workload;
  /** The SQLite archive to write (':memory:' keeps it in memory). */
  readonly archivePath: string;
  readonly samplePeriodS?: number;
  readonly policy?: OperatorPolicy;
  /** The spacecraft's name in a fleet whose jobs a broker places: the ground's view of it is kept for the broker (`watch`). */
  readonly watchAs?: string;
}

export interface FlightEnd {
  /** SHA-256 (hex) over every telemetry packet that reached the ground, in arrival order. */
  readonly digest: string;
  readonly figures: MissionFigures;
}

export class MissionFlight {
  readonly stack: InProcessStack;
  readonly sink: ArchiveSink;
  readonly recorder: MissionRecorder;
  readonly operator: GroundOperator;
  readonly downlink: DownlinkIntake;
  /** The ground's view of this spacecraft for the fleet's job broker (fleet runs with a broker only). */
  readonly watch: SpacecraftWatch | null;
  readonly startS: number;
  readonly orbitPeriodS: number;
  private readonly ticksPerSecond: number;
  private ticks = 0;

  constructor(private readonly input: FlightInput) {
    const keys = campaignKeysFor(input.spacecraftId);
    this.stack = new InProcessStack({
      config: input.config,
      keys,
      scenario: input.faults,
      ...(input.spacecraftId !== undefined ? { spacecraftId: input.spacecraftId } : {}),
    });
    this.sink = new ArchiveSink(input.archivePath);
    const specs = new Map(input.workload.jobs.map((job) => [job.jobId, job]));
    const uplink = new MissionUplink(this.stack);
    this.downlink = new DownlinkIntake(this.stack, this.sink, keys.downlink.keys);
    this.recorder = new MissionRecorder(this.stack, input.samplePeriodS ?? SAMPLE_PERIOD_S, (jobId) => specs.get(jobId) ?? this.operator.jobs.get(jobId)?.spec);
    this.watch = input.watchAs !== undefined ? new SpacecraftWatch(input.watchAs) : null;
    this.operator = new GroundOperator(
      uplink,
      this.sink,
      input.workload,
      (jobId) => this.recorder.goldens.get(jobId) ?? null,
      input.policy ?? DEFAULT_OPERATOR_POLICY,
      this.watch,
    );
    this.orbitPeriodS = orbitModel(orbitSpecOf(input.config)).periodS;
    this.startS = this.stack.timeS;
    this.ticksPerSecond = Math.max(1, Math.round(1 / input.config.dtS));
  }

  get timeS(): number {
    return this.stack.timeS;
  }

  /** Flies to mission time untilS; `onSample` hears of each recorder sample. */
  advance(untilS: number, onSample?: () => void): void {
    const { stack, recorder, operator } = this;
    while (stack.timeS < untilS - 1e-9) {
      stack.tick();
      this.ticks++;
      const sampled = recorder.tick();
      if (this.ticks % this.ticksPerSecond === 0) {
        operator.receive(this.takeDownlink(), stack.timeS);
        operator.step(stack.timeS, stack.spacecraft.link.inContact);
      }
      if (sampled) onSample?.();
    }
  }

  /** The last downlink, the recorder closed; the digest and the figures. Call once, then close(). */
  finish(withOptimum = true): FlightEnd {
    this.operator.receive(this.takeDownlink(), this.stack.timeS);
    this.recorder.finish();
    const figures = collectFigures({
      stack: this.stack,
      startS: this.startS,
      orbitPeriodS: this.orbitPeriodS,
      workloadJobs: this.input.workload.jobs.length,
      recorder: this.recorder,
      operator: this.operator,
      downlink: this.downlink,
      withOptimum,
    });
    return { digest: this.downlink.digest(), figures };
  }

  /** What came down since the last call, decoded; the broker's view of the spacecraft sees it too. */
  private takeDownlink() {
    const packets = this.downlink.take();
    if (this.watch) for (const packet of packets) this.watch.take(packet);
    return packets;
  }

  close(): void {
    this.sink.close();
  }
}
