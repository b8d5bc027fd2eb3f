/**
 * One campaign flight: the scenario flown on the deterministic in-process
 * stack (simulator, onboard software, relay link), the ground's commands
 * uplinked at their times, every invariant checked after every tick; then,
 * with every fault over, the ground's end-of-pass bookkeeping: it
 * retransmits each accepted command it holds no final report for (the
 * software answers a retransmission with its reports again) and asks
 * get_result for every job it had accepted, and checks that each accepted
 * command has its final report and each accepted job is still known on
 * board (done, failed with a reason, or in the queue).
 */
import type { Executive } from '../../fsw/executive/executive.js';
import type { ModuleFactory } from '../../fsw/executive/module.js';
import type { DecodedTelemetry } from '../../protocol/index.js';
import { DEFAULT_LINK_PARAMS, spacecraftConfig } from '../../sim-hw/index.js';
import { InProcessStack } from '../stack.js';
import { DownlinkAccounting } from './downlink-accounting.js';
import { CAMPAIGN_KEYS, CampaignGround, type Uplinked } from './ground.js';
import { checkPhysical, newExtremes, physicalLimits, PHYSICAL_CHECKS_PER_TICK, type PhysicalExtremes, type PhysicalLimits } from './physical.js';
import { ReportLedger } from './reports.js';
import { checkResult, type ResultTally, type SubmittedJob } from './results.js';
import { faultsEndS, isRetransmission, type CampaignScenario } from './campaign-scenario.js';
import type { Violation } from './violation.js';

/** Flown after the last fault ends, before the end-of-pass bookkeeping. */
export const SETTLE_S = 30;
/** Most time the end-of-pass answers may take, and how long the ground waits before asking again. */
export const ANSWER_WAIT_S_MAX = 300;
export const ANSWER_ROUND_S = 20;

export interface FlyOptions {
  /** The flight modules after the core ones (default: the onboard modules). */
  readonly modules?: readonly ModuleFactory[];
}

export interface FlightFigures extends PhysicalExtremes, ResultTally {
  readonly ticks: number;
  readonly checks: number;
  readonly packets: number;
  readonly starts: number;
  readonly commandsAccepted: number;
  readonly jobsAccepted: number;
  readonly sequenceCountsMissing: number;
  readonly countedDrops: number;
  /** Of the counted drops: packets resets took from the queue, counted by the flight software at its boots. */
  readonly lostAtResets: number;
}

export interface FlightOutcome {
  /** The first invariant broken, or null. */
  readonly violation: Violation | null;
  /** SHA-256 over every downlinked packet, in arrival order. */
  readonly telemetrySha256: string;
  readonly figures: FlightFigures;
}

class Flight {
  readonly stack: InProcessStack;
  readonly ground: CampaignGround;
  readonly ledger = new ReportLedger();
  readonly jobs = new Map<number, SubmittedJob & { readonly seq: bigint }>();
  readonly summaries = new Map<number, string>();
  readonly tally: ResultTally = { compared: 0, unchecked: 0 };
  readonly extremes = newExtremes();
  readonly accounting: DownlinkAccounting;
  readonly limits: PhysicalLimits;
  violation: Violation | null = null;
  ticks = 0;
  checks = 0;
  private executive: Executive;

  constructor(
    readonly scenario: CampaignScenario,
    options: FlyOptions,
  ) {
    const config = spacecraftConfig({ seed: scenario.simSeed, link: { ...DEFAULT_LINK_PARAMS, relay: true, lossProbability: scenario.lossProbability } });
    this.limits = physicalLimits(config);
    this.stack = new InProcessStack({ config, keys: CAMPAIGN_KEYS, scenario: scenario.faults, ...(options.modules ? { modules: options.modules } : {}) });
    this.ground = new CampaignGround(this.stack);
    this.executive = this.stack.fsw.executive;
    this.accounting = new DownlinkAccounting(this.executive, this.stack.spacecraft.link);
  }

  private fail(violation: Violation | null): void {
    if (violation && !this.violation) this.violation = violation;
  }

  /** One tick of the whole stack and every per-tick invariant. */
  tick(): void {
    try {
      this.stack.tick();
    } catch (error) {
      this.fail({ invariant: 'software-never-throws', timeS: this.stack.timeS, detail: `the stack's tick threw: ${(error as Error).stack ?? String(error)}` });
      return;
    }
    this.ticks++;
    if (this.stack.fsw.executive !== this.executive) {
      this.executive = this.stack.fsw.executive;
      this.accounting.restarted(this.executive);
    }
    this.checks += PHYSICAL_CHECKS_PER_TICK + 1;
    this.fail(checkPhysical(this.stack.spacecraft.truth(), this.limits, this.extremes));
    if (this.executive.caughtThrows > 0) {
      this.fail({
        invariant: 'software-never-throws',
        timeS: this.stack.timeS,
        detail: `the executive caught ${this.executive.caughtThrows} throws, the last: ${this.executive.lastCaughtThrow}`,
      });
    }
    const arrivals = this.ground.take();
    this.checks += arrivals.undecodable.length;
    for (const problem of arrivals.undecodable) this.fail({ invariant: 'telemetry-decodes', timeS: this.stack.timeS, detail: problem });
    for (const tm of arrivals.decoded) this.packet(tm);
    if (arrivals.decoded.length > 0) this.fail(this.accounting.check(this.stack.timeS));
  }

  private packet(tm: DecodedTelemetry): void {
    this.checks++;
    this.accounting.note(tm);
    const name = tm.entry.def.name;
    if (name === 'verification') {
      this.checks++;
      this.fail(this.ledger.note(tm));
    } else if (name === 'job_summary') {
      this.checks++;
      this.summaries.set(tm.data.jobId as number, tm.data.state as string);
      this.fail(checkResult(tm, this.jobs, this.stack.spacecraft, this.tally));
    }
  }

  /** Flies to untilS, uplinking the commands that fall due; stops at the first violation. */
  flyCommands(untilS: number): void {
    const commands = this.scenario.commands;
    const sent: Uplinked[] = [];
    let next = 0;
    while (this.stack.timeS < untilS - 1e-9 && !this.violation) {
      for (; next < commands.length && commands[next]!.atS <= this.stack.timeS + 1e-9; next++) {
        const command = commands[next]!;
        if (isRetransmission(command)) {
          const original = sent[command.retransmit]!;
          this.ground.retransmit(original);
          sent.push(original);
        } else {
          const uplinked = this.ground.send(command.name, command.args);
          sent.push(uplinked);
          if (command.name === 'submit_job')
            this.jobs.set(command.args.jobId as number, { kind: command.args.kind as string, size: command.args.size as number, seq: uplinked.seq });
        }
      }
      this.tick();
    }
  }

  run(untilS: number, done: () => boolean = () => false): void {
    while (this.stack.timeS < untilS - 1e-9 && !this.violation && !done()) this.tick();
  }

  accepted(seq: bigint): boolean {
    return this.ledger.get(seq)?.finalStage === 'completed';
  }

  /**
   * The end of the pass, as a ground that keeps asking: each round it
   * retransmits every accepted command without a final report (and every
   * unanswered query), and asks again with a new get_result for a job whose
   * summary was lost on the way; then the checks.
   */
  endOfPass(): void {
    const acceptedJobs = [...this.jobs].filter(([, job]) => this.accepted(job.seq)).map(([jobId]) => jobId);
    this.summaries.clear();
    const queries = new Map<number, Uplinked>();
    const ask = (jobId: number) => queries.set(jobId, this.ground.send('get_result', { jobId }));
    acceptedJobs.forEach(ask);
    const settled = () =>
      this.ledger.withoutFinal().length === 0 &&
      [...queries].every(([jobId, query]) => this.ledger.get(query.seq)?.finalStage === 'failed' || this.summaries.has(jobId));
    const untilS = this.stack.timeS + ANSWER_WAIT_S_MAX;
    this.run(this.stack.timeS + ANSWER_ROUND_S, settled);
    while (!settled() && this.stack.timeS < untilS && !this.violation) {
      const missing = new Set(this.ledger.withoutFinal());
      for (const uplinked of this.ground.uplinked) if (missing.has(uplinked.seq.toString())) this.ground.retransmit(uplinked);
      for (const [jobId, query] of queries) {
        const stage = this.ledger.get(query.seq)?.finalStage;
        if (stage === undefined || stage === null) this.ground.retransmit(query);
        else if (stage === 'completed' && !this.summaries.has(jobId)) ask(jobId);
      }
      this.run(Math.min(untilS, this.stack.timeS + ANSWER_ROUND_S), settled);
    }
    if (this.violation) return;
    this.checks += this.ground.uplinked.length + queries.size;
    const stillMissing = this.ledger.withoutFinal();
    if (stillMissing.length > 0) {
      this.fail({
        invariant: 'one-final-report-per-command',
        timeS: this.stack.timeS,
        detail: `accepted, no final report after ${ANSWER_WAIT_S_MAX} s of retransmissions: seq ${stillMissing.join(', ')}`,
      });
      return;
    }
    for (const [jobId, query] of queries) {
      if (this.summaries.has(jobId)) continue;
      const reports = this.ledger.get(query.seq);
      this.fail({
        invariant: 'no-accepted-job-lost',
        timeS: this.stack.timeS,
        detail: `job ${jobId} was accepted; get_result: ${reports?.finalStage ?? 'no answer'} ${reports?.detail ?? ''}`.trim(),
      });
      return;
    }
  }
}

/** Flies one scenario; the outcome carries the first violation (or null), the telemetry hash and the figures. */
export function flyScenario(scenario: CampaignScenario, options: FlyOptions = {}): FlightOutcome {
  const flight = new Flight(scenario, options);
  flight.flyCommands(Math.max(scenario.durationS, faultsEndS(scenario.faults)));
  flight.run(flight.stack.timeS + SETTLE_S);
  if (!flight.violation) flight.endOfPass();
  const commandsAccepted = flight.ground.uplinked.filter((uplinked) => (flight.ledger.get(uplinked.seq)?.accepted ?? 0) > 0).length;
  return {
    violation: flight.violation,
    telemetrySha256: flight.ground.telemetrySha256(),
    figures: {
      ...flight.extremes,
      ...flight.tally,
      ticks: flight.ticks,
      checks: flight.checks,
      packets: flight.ground.packetsReceived,
      starts: flight.stack.starts,
      commandsAccepted,
      jobsAccepted: [...flight.jobs.values()].filter((job) => flight.accepted(job.seq)).length,
      sequenceCountsMissing: flight.accounting.missing,
      countedDrops: flight.accounting.counted(),
      lostAtResets: flight.accounting.lostAtResets,
    },
  };
}
