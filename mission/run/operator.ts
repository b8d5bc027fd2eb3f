/**
 * The scripted ground operator. It acts only in contact, once per second of
 * mission time, with a bounded number of new transmissions per second:
 *
 *   1. sends again (same bytes) each command with no report after
 *      retransmitAfterS, or accepted with no final report after
 *      finalAfterS, up to transmissionsMax transmissions;
 *   2. at the first contact lets every event come down (raises the event
 *      throttle and saves the parameters, so a reset keeps it);
 *   3. commands NOMINAL while the latest mode it knows of (by time tag:
 *      executive_hk, mode_changed, boot) is another;
 *   4. asks for the job list at the start of each contact, and again every
 *      listEveryS while jobs of its are outstanding (a lost job_state event
 *      does not leave a finished job unnoticed);
 *   5. asks for the result (get_result) of each job it knows is done,
 *      a few at a time, again after resultAskAgainS if the result is still
 *      incomplete; the archive reassembles the job_result chunks and checks
 *      them against the job_summary's SHA-256, and the operator compares
 *      that digest with the simulator's golden result;
 *   6. in NOMINAL, uplinks the workload's next jobs while fewer than
 *      queueTarget of its jobs are outstanding on board.
 *
 * A submission rejected on board (the mode, say) goes back to the workload
 * and is sent again as a new command; one that fails (refused by the job
 * runner) is final.
 */
import type { DecodedTelemetry } from '../../protocol/index.js';
import type { Uplinked } from '../campaign/ground.js';
import type { ArchiveSink } from './archive-sink.js';
import { CommandBook, type BookedCommand } from './commands.js';
import { expectedDigest, type GoldenDigests } from '../golden.js';
import type { MissionUplink } from './uplink.js';
import { submitArgs, type Workload, type WorkloadJob } from './workload.js';

export interface OperatorPolicy {
  /** Jobs of the operator outstanding on board (sent, not known finished) it aims to keep. */
  readonly queueTarget: number;
  /** New transmissions (first or repeated) per second of contact. */
  readonly commandsPerS: number;
  readonly retransmitAfterS: number;
  readonly finalAfterS: number;
  /** Transmissions of one command, the first included. */
  readonly transmissionsMax: number;
  /** get_result requests waiting for their result at once. */
  readonly resultRequestsInFlight: number;
  readonly resultAskAgainS: number;
  readonly resultAsksMax: number;
  readonly listEveryS: number;
  /** telemetry.eventsPerWindow set at the first contact. */
  readonly eventsPerWindow: number;
}

export const DEFAULT_OPERATOR_POLICY: OperatorPolicy = {
  queueTarget: 24,
  commandsPerS: 4,
  retransmitAfterS: 15,
  finalAfterS: 60,
  transmissionsMax: 4,
  resultRequestsInFlight: 4,
  resultAskAgainS: 60,
  resultAsksMax: 10,
  listEveryS: 120,
  eventsPerWindow: 1000,
};

const FINISHED = new Set(['done', 'failed']);

export interface GroundJob {
  readonly spec: WorkloadJob;
  /** waiting: not (or no longer) on its way; submitted: a submit_job is on its way or done; refused: the runner refused it. */
  ground: 'waiting' | 'submitted' | 'refused';
  submitSeq: string | null;
  /** submit_job commands sent for it (more than one after a rejection). */
  submissions: number;
  /** First time the link took its submit_job. */
  submittedS: number | null;
  refusal: string;
  /** Latest on-board state the ground has seen, by time tag. */
  board: string | null;
  boardTimeS: number;
  summary: Readonly<Record<string, unknown>> | null;
  asks: number;
  lastAskS: number;
  /** SHA-256 of the result reassembled from its chunks and matching the summary's digest. */
  resultDigest: string | null;
  resultVerifiedS: number | null;
  /** The result against the simulator's golden result. */
  golden: 'match' | 'mismatch' | 'unknown' | null;
}

export interface OperatorCounts {
  readonly contacts: number;
  readonly jobsSubmitted: number;
  readonly jobsRefused: number;
  readonly resubmissions: number;
  readonly resultAsks: number;
  readonly resultsVerified: number;
  readonly goldenMatches: number;
  readonly goldenMismatches: number;
  readonly goldenUnknown: number;
  /** Done jobs whose result was no longer held on board (evicted) when asked. */
  readonly resultsEvicted: number;
}

export class GroundOperator {
  readonly book = new CommandBook();
  readonly jobs = new Map<number, GroundJob>();
  private readonly order: GroundJob[];
  private next = 0;
  private inContact = false;
  private contacts = 0;
  private listAsked = false;
  private lastListS = Number.NEGATIVE_INFINITY;
  /** Sent once, at the first contact: every event comes down, also after a reset. */
  private readonly setup: Array<readonly [string, Readonly<Record<string, unknown>>]>;
  private mode: { readonly timeS: number; readonly mode: string } = { timeS: -Infinity, mode: 'unknown' };
  private modeCommand: BookedCommand | null = null;
  private resubmissions = 0;
  private resultAsks = 0;
  private readonly evicted = new Set<number>();

  constructor(
    private readonly uplink: MissionUplink,
    private readonly sink: ArchiveSink,
    workload: Workload,
    private readonly golden: (jobId: number) => GoldenDigests | null,
    private readonly policy: OperatorPolicy = DEFAULT_OPERATOR_POLICY,
  ) {
    this.order = workload.jobs.map((spec) => ({
      spec,
      ground: 'waiting',
      submitSeq: null,
      submissions: 0,
      submittedS: null,
      refusal: '',
      board: null,
      boardTimeS: -Infinity,
      summary: null,
      asks: 0,
      lastAskS: -Infinity,
      resultDigest: null,
      resultVerifiedS: null,
      golden: null,
    }));
    for (const job of this.order) this.jobs.set(job.spec.jobId, job);
    this.setup = [
      ['param_set', { name: 'telemetry.eventsPerWindow', value: policy.eventsPerWindow }],
      ['param_save', {}],
    ];
  }

  /** The mode the operator believes the spacecraft is in. */
  get knownMode(): string {
    return this.mode.mode;
  }

  /** Telemetry that came down (decoded, in arrival order) at mission time nowS. */
  receive(packets: readonly DecodedTelemetry[], nowS: number): void {
    const touched = new Set<GroundJob>();
    for (const tm of packets) {
      const { data } = tm;
      switch (tm.entry.def.name) {
        case 'verification':
          this.report(data, tm.timeS, nowS);
          break;
        case 'executive_hk':
          this.noteMode(tm.timeS, data.mode);
          break;
        case 'mode_changed':
          this.noteMode(tm.timeS, data.to);
          break;
        case 'boot':
          this.noteMode(tm.timeS, data.mode);
          break;
        case 'job_state':
          this.noteBoard(data.jobId, data.state, tm.timeS, touched);
          break;
        case 'job_list':
          for (const item of Array.isArray(data.jobs) ? (data.jobs as Array<Record<string, unknown>>) : [])
            this.noteBoard(item.jobId, item.state, tm.timeS, touched);
          break;
        case 'job_summary': {
          const job = this.jobs.get(data.jobId as number);
          if (!job) break;
          job.summary = data;
          this.noteBoard(data.jobId, data.state, tm.timeS, touched);
          if (data.state === 'done' && data.resultStored === 0 && job.resultDigest === null) this.evicted.add(job.spec.jobId);
          touched.add(job);
          break;
        }
        case 'job_result': {
          const job = this.jobs.get(data.jobId as number);
          if (job) touched.add(job);
          break;
        }
      }
    }
    for (const job of touched) this.checkResult(job, nowS);
  }

  /** Once per second of mission time; acts only in contact. */
  step(nowS: number, inContact: boolean): void {
    if (!inContact) {
      this.inContact = false;
      return;
    }
    if (!this.inContact) {
      this.inContact = true;
      this.contacts++;
      this.listAsked = false;
    }
    let budget = this.policy.commandsPerS;
    for (const booked of this.book.due(nowS, this.policy.retransmitAfterS, this.policy.finalAfterS)) {
      if (budget <= 0) return;
      if (booked.transmissions >= this.policy.transmissionsMax) continue;
      budget--;
      this.retransmit(booked, nowS);
    }
    while (this.setup.length > 0 && budget > 0) {
      const [name, args] = this.setup[0]!;
      budget--;
      if (this.send(name, args, nowS) === null) break;
      this.setup.shift();
    }
    if (this.mode.mode !== 'NOMINAL' && budget > 0 && !this.recent(this.modeCommand, nowS)) {
      this.modeCommand = this.send('set_mode', { mode: 'NOMINAL' }, nowS);
      budget--;
    }
    const listDue = !this.listAsked || (nowS - this.lastListS >= this.policy.listEveryS && this.outstanding() > 0);
    if (listDue && budget > 0) {
      budget--;
      if (this.send('list_jobs', {}, nowS) !== null) {
        this.listAsked = true;
        this.lastListS = nowS;
      }
    }
    budget = this.askResults(nowS, budget);
    if (this.mode.mode === 'NOMINAL') this.submit(nowS, budget);
  }

  counts(): OperatorCounts {
    let jobsSubmitted = 0;
    let jobsRefused = 0;
    let resultsVerified = 0;
    let goldenMatches = 0;
    let goldenMismatches = 0;
    let goldenUnknown = 0;
    for (const job of this.order) {
      if (job.submittedS !== null) jobsSubmitted++;
      if (job.ground === 'refused') jobsRefused++;
      if (job.resultDigest !== null) resultsVerified++;
      if (job.golden === 'match') goldenMatches++;
      else if (job.golden === 'mismatch') goldenMismatches++;
      else if (job.golden === 'unknown') goldenUnknown++;
    }
    return {
      contacts: this.contacts,
      jobsSubmitted,
      jobsRefused,
      resubmissions: this.resubmissions,
      resultAsks: this.resultAsks,
      resultsVerified,
      goldenMatches,
      goldenMismatches,
      goldenUnknown,
      resultsEvicted: this.evicted.size,
    };
  }

  // ---------------------------------------------------------------- internals

  /** Sends a new command; null when the link did not take it (out of contact, transmitter full). */
  private send(name: string, args: Readonly<Record<string, unknown>>, nowS: number): BookedCommand | null {
    const command: Uplinked = this.uplink.build(name, args);
    const outcome = this.uplink.transmit(command);
    if (outcome === 'no-contact' || outcome === 'backlog-full') return null;
    const booked = this.book.add(command, nowS);
    this.sink.commandSent(booked, nowS);
    return booked;
  }

  private retransmit(booked: BookedCommand, nowS: number): void {
    const outcome = this.uplink.transmit(booked.command);
    if (outcome === 'no-contact' || outcome === 'backlog-full') return;
    booked.transmissions++;
    booked.lastSentS = nowS;
    this.sink.commandChanged(booked, 'sent');
  }

  /** A command first sent less than its whole retransmission span ago (a new one would only repeat it). */
  private recent(booked: BookedCommand | null, nowS: number): boolean {
    return booked !== null && nowS - booked.firstSentS < this.policy.retransmitAfterS * this.policy.transmissionsMax;
  }

  private report(data: Readonly<Record<string, unknown>>, timeS: number, nowS: number): void {
    const noted = this.book.note(data);
    if (!noted) return;
    const { booked, finalNow } = noted;
    this.sink.commandReport(booked, data, timeS, nowS);
    if (finalNow && booked.final === 'completed' && booked.command.name === 'set_mode') this.noteMode(timeS, booked.command.args.mode);
    if (!finalNow || booked.command.name !== 'submit_job') return;
    const job = this.jobs.get(booked.command.args.jobId as number);
    if (!job || job.submitSeq !== booked.command.seq.toString()) return;
    if (booked.final === 'failed') {
      job.ground = 'refused';
      job.refusal = booked.detail;
    } else if (booked.final === 'rejected') {
      // Not executed (the mode, say): back to the workload, to go again as a new command.
      job.ground = 'waiting';
      this.requeue(job);
    }
  }

  /** Puts a job already taken from the workload back as the next one to send. */
  private requeue(job: GroundJob): void {
    const index = this.order.indexOf(job);
    if (index < 0 || index >= this.next) return;
    this.order.splice(index, 1);
    this.next--;
    this.order.splice(this.next, 0, job);
  }

  private noteMode(timeS: number, mode: unknown): void {
    if (typeof mode === 'string' && timeS >= this.mode.timeS) this.mode = { timeS, mode };
  }

  private noteBoard(jobId: unknown, state: unknown, timeS: number, touched: Set<GroundJob>): void {
    const job = this.jobs.get(jobId as number);
    if (!job || typeof state !== 'string') return;
    if (timeS >= job.boardTimeS) {
      job.board = state;
      job.boardTimeS = timeS;
    }
    touched.add(job);
  }

  private checkResult(job: GroundJob, nowS: number): void {
    if (job.resultDigest !== null || job.board !== 'done' || job.summary?.state !== 'done') return;
    const result = this.sink.archive.jobs.result(job.spec.jobId);
    if (!result?.ok) return;
    job.resultDigest = result.value.digestHex;
    job.resultVerifiedS = nowS;
    this.evicted.delete(job.spec.jobId);
    const golden = this.golden(job.spec.jobId);
    if (golden === null) job.golden = 'unknown';
    else job.golden = expectedDigest(golden, job.summary.verification as string | undefined, job.spec.kind) === job.resultDigest ? 'match' : 'mismatch';
  }

  private askResults(nowS: number, budget: number): number {
    let inFlight = 0;
    const due: GroundJob[] = [];
    for (const job of this.order) {
      if (job.board !== 'done' || job.resultDigest !== null || this.evicted.has(job.spec.jobId)) continue;
      if (job.asks > 0 && nowS - job.lastAskS < this.policy.resultAskAgainS) inFlight++;
      else if (job.asks < this.policy.resultAsksMax) due.push(job);
    }
    for (const job of due) {
      if (budget <= 0 || inFlight >= this.policy.resultRequestsInFlight) break;
      budget--;
      if (this.send('get_result', { jobId: job.spec.jobId }, nowS) === null) break;
      job.asks++;
      job.lastAskS = nowS;
      this.resultAsks++;
      inFlight++;
    }
    return budget;
  }

  /** Jobs sent and not known finished. */
  private outstanding(): number {
    let count = 0;
    for (const job of this.order) if (job.ground === 'submitted' && !FINISHED.has(job.board ?? '')) count++;
    return count;
  }

  private submit(nowS: number, budget: number): void {
    let outstanding = this.outstanding();
    while (budget > 0 && outstanding < this.policy.queueTarget && this.next < this.order.length) {
      const job = this.order[this.next]!;
      budget--;
      const booked = this.send('submit_job', submitArgs(job.spec), nowS);
      if (booked === null) return;
      this.next++;
      if (job.submissions > 0) this.resubmissions++;
      job.submissions++;
      job.ground = 'submitted';
      job.submitSeq = booked.command.seq.toString();
      job.submittedS ??= nowS;
      outstanding++;
    }
  }
}
