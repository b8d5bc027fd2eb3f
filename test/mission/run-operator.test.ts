/**
 * The scripted ground operator on the in-process stack through a relay
 * link (always in contact), in short flights: it sends again what the link
 * lost, resubmits a job the spacecraft rejected because it left NOMINAL
 * after commanding NOMINAL again (every result still comes down equal to
 * the golden result), and keeps its target of jobs outstanding on board.
 */
import { describe, expect, it } from 'vitest';
import { CAMPAIGN_KEYS } from '../../mission/campaign/ground.js';
import { ArchiveSink } from '../../mission/run/archive-sink.js';
import { DownlinkIntake } from '../../mission/run/downlink.js';
import { DEFAULT_OPERATOR_POLICY, GroundOperator } from '../../mission/run/operator.js';
import { MissionRecorder } from '../../mission/run/recorder.js';
import { MissionUplink } from '../../mission/run/uplink.js';
import type { Workload } from '../../mission/run/workload.js';
import { InProcessStack } from '../../mission/stack.js';
import { spacecraftConfig } from '../../sim-hw/config.js';
import { DEFAULT_LINK_PARAMS } from '../../sim-hw/link/channel.js';
import { SMALL_WORKLOAD } from './run-fixture.js';

interface Rig {
  readonly stack: InProcessStack;
  readonly operator: GroundOperator;
  readonly sink: ArchiveSink;
  /** Flies until the condition holds (checked each second) or maxS passes. */
  fly(maxS: number, until?: () => boolean, eachSecond?: () => void): void;
  close(): void;
}

function rig(lossProbability: number, seed = 3, workload: Workload = SMALL_WORKLOAD): Rig {
  const stack = new InProcessStack({ config: spacecraftConfig({ seed, link: { ...DEFAULT_LINK_PARAMS, relay: true, lossProbability } }), keys: CAMPAIGN_KEYS });
  const sink = new ArchiveSink(':memory:');
  const downlink = new DownlinkIntake(stack, sink, CAMPAIGN_KEYS.downlink.keys);
  const specs = new Map(workload.jobs.map((job) => [job.jobId, job]));
  const recorder = new MissionRecorder(stack, 10, (jobId) => specs.get(jobId));
  const operator = new GroundOperator(new MissionUplink(stack), sink, workload, (jobId) => recorder.goldens.get(jobId) ?? null);
  return {
    stack,
    operator,
    sink,
    fly(maxS, until = () => false, eachSecond = () => {}) {
      const endS = stack.timeS + maxS;
      let ticks = 0;
      while (stack.timeS < endS && !until()) {
        stack.tick();
        recorder.tick();
        if (++ticks % 10 !== 0) continue;
        operator.receive(downlink.take(), stack.timeS);
        operator.step(stack.timeS, stack.spacecraft.link.inContact);
        eachSecond();
      }
    },
    close: () => sink.close(),
  };
}

const allVerified = (operator: GroundOperator) => () => operator.counts().goldenMatches === SMALL_WORKLOAD.jobs.length;

describe('the ground operator', () => {
  it('sends again the commands the link lost, the same bytes: the spacecraft answers repeats as duplicates and runs each command once', () => {
    const { operator, sink, fly, close } = rig(0.2);
    try {
      fly(900, allVerified(operator));
      const commands = operator.book.counts();
      expect(operator.counts()).toMatchObject({ goldenMatches: 4, goldenMismatches: 0, resubmissions: 0 });
      expect(commands.transmissions).toBeGreaterThan(commands.sent);
      expect(commands).toMatchObject({ failed: 0, rejected: 0 });
      const archived = sink.archive.commands.after(0, 1000);
      expect(archived).toHaveLength(commands.sent);
      expect(archived.reduce((total, command) => total + command.transmissions, 0)).toBe(commands.transmissions);
      // A repeat the spacecraft had already taken is answered with duplicate-flagged reports, never a second original.
      expect(archived.some((command) => command.stages.some((stage) => stage.duplicate))).toBe(true);
      for (const command of archived)
        expect(command.stages.filter((stage) => stage.stage === 'acceptance' && !stage.duplicate).length, command.name).toBeLessThanOrEqual(1);
    } finally {
      close();
    }
  });

  it('commands NOMINAL again and resubmits the jobs rejected after the spacecraft left NOMINAL', () => {
    const { stack, operator, fly, close } = rig(0);
    try {
      let forced = false;
      // The moment the first jobs are on their way, the spacecraft drops to SAFE: they arrive in SAFE and are rejected.
      fly(600, allVerified(operator), () => {
        if (!forced && operator.counts().jobsSubmitted > 0) {
          forced = true;
          stack.fsw.executive.setMode('SAFE', 'test');
        }
      });
      expect(forced).toBe(true);
      const counts = operator.counts();
      expect(counts.resubmissions).toBeGreaterThanOrEqual(1);
      expect(counts).toMatchObject({ jobsSubmitted: 4, jobsRefused: 0, goldenMatches: 4 });
      expect(operator.book.counts().rejected).toBe(counts.resubmissions);
      expect(operator.knownMode).toBe('NOMINAL');
    } finally {
      close();
    }
  });

  it('keeps queueTarget of its jobs outstanding on board, no more', () => {
    const big: Workload = { description: 'long jobs', jobs: Array.from({ length: 40 }, (_, i) => ({ jobId: i + 1, kind: 'matmul' as const, size: 64 })) };
    const { stack, operator, fly, close } = rig(0, 3, big);
    try {
      let queueMax = 0;
      fly(120, undefined, () => (queueMax = Math.max(queueMax, stack.fsw.executive.published.get('jobs.queueLength', 0))));
      expect(operator.counts().jobsSubmitted).toBe(DEFAULT_OPERATOR_POLICY.queueTarget);
      expect(queueMax).toBe(DEFAULT_OPERATOR_POLICY.queueTarget);
      expect(DEFAULT_OPERATOR_POLICY.queueTarget).toBeLessThan(64); // the runner's queue holds 64
    } finally {
      close();
    }
  });
});
