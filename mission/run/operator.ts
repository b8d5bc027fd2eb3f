/**
 * The scripted ground operator. It acts only in contact, once per second of
 * mission time, with a bounded number of transmissions per second:
 *
 *   1. sends again (same bytes) each command with no report after
 *      retransmitAfterS, or accepted with no final report after
 *      finalAfterS, up to transmissionsMax transmissions (its book,
 *      commands.ts: the ground's commander on mission time);
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
import type { CommandRecord, CommandStageRecord, SpacecraftWatch } from '../../ground/index.js';
import type { DecodedTelemetry } from '../../protocol/index.js';
import type { ArchiveSink } from './archive-sink.js';
import { CommandBook, type SentCommand } from './commands.js';
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
  /** waiting: not (or no longer) on its way; submitted: a submit_job is on its way or done; refused: the runner refused it; cancelled: by the fleet's broker before it was sent. */
  ground: 'waiting' | 'submitted' | 'refused' | 'cancelled';
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
  readonly book: CommandBook;
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
  private modeCommand: SentCommand | null = null;
  private resubmissions = 0;
  private resultAsks = 0;
  private readonly evicted = new Set<number>();
  /** cancel_job commands the fleet's broker asked for, not yet sent. */
  private readonly cancels: number[] = [];

  /**
   * @param watch in a fleet run, the ground's view of this spacecraft for
   *   the job broker: told of refused submissions and of results home
   */
  constructor(
    private readonly uplink: MissionUplink,
    private readonly sink: ArchiveSink,
    workload: Workload,
    private readonly golden: (jobId: number) => GoldenDigests | null,
    private readonly policy: OperatorPolicy = DEFAULT_OPERATOR_POLICY,
    private readonly watch: Pick<SpacecraftWatch, 'refused' | 'resultHome'> | null = null,
  ) {
    this.book = new CommandBook(uplink, sink.archive.commands, policy, (record, report) => this.answered(record, report));
    this.order = workload.jobs.map(groundJob);
    for (const job of this.order) this.jobs.set(job.spec.jobId, job);
    this.setup = [
      ['param_set', { name: 'telemetry.eventsPerWindow', value: policy.eventsPerWindow }],
      ['param_save', {}],
    ];
  }

  /** A job the fleet's broker placed here: sent after the ones waiting (a repeated id is ignored). */
  enqueue(spec: WorkloadJob): void {
    if (this.jobs.has(spec.jobId)) return;
    const job = groundJob(spec);
    this.order.push(job);
    this.jobs.set(spec.jobId, job);
  }

  /** The broker moved a job away: not sent yet, it is dropped; sent, a cancel_job goes in the next contact. */
  cancel(jobId: number): void {
    const job = this.jobs.get(jobId);
    if (!job || job.ground === 'cancelled' || job.ground === 'refused') return;
    const index = this.order.indexOf(job);
    if (job.ground === 'waiting' && index >= this.next) {
      this.order.splice(index, 1);
      job.ground = 'cancelled';
      return;
    }
    if (!this.cancels.includes(jobId)) this.cancels.push(jobId);
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
          this.book.report(data, tm.timeS, nowS);
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

  /** Once per second of mission time; acts only in contact, each transmission (new or again) spending one of its commandsPerS. */
  step(nowS: number, inContact: boolean): void {
    this.book.at(nowS);
    if (!inContact) {
      this.inContact = false;
      return;
    }
    if (!this.inContact) {
      this.inContact = true;
      this.contacts++;
      this.listAsked = false;
    }
    this.uplink.open(this.policy.commandsPerS);
    try {
      this.act(nowS);
    } finally {
      this.uplink.close();
    }
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

  /** The operator's turn, in contact: what is due again first, then the script's new commands while tries are left. */
  private act(nowS: number): void {
    this.book.retransmitDue();
    while (this.setup.length > 0 && this.uplink.remaining > 0) {
      const [name, args] = this.setup[0]!;
      if (this.send(name, args) === null) break;
      this.setup.shift();
    }
    if (this.mode.mode !== 'NOMINAL' && this.uplink.remaining > 0 && !this.recent(this.modeCommand, nowS)) {
      this.modeCommand = this.send('set_mode', { mode: 'NOMINAL' });
    }
    while (this.cancels.length > 0 && this.uplink.remaining > 0) {
      if (this.send('cancel_job', { jobId: this.cancels[0]! }) === null) break;
      this.cancels.shift();
    }
    const listDue = !this.listAsked || (nowS - this.lastListS >= this.policy.listEveryS && this.outstanding() > 0);
    if (listDue && this.uplink.remaining > 0) {
      if (this.send('list_jobs', {}) !== null) {
        this.listAsked = true;
        this.lastListS = nowS;
      }
    }
    this.askResults(nowS);
    if (this.mode.mode === 'NOMINAL') this.submit(nowS);
  }

  /** Sends a new command (one try of the turn); null when the link did not take it (out of contact, transmitter full). */
  private send(name: string, args: Readonly<Record<string, unknown>>): SentCommand | null {
    return this.book.send(name, args);
  }

  /** A command first sent less than its whole retransmission span ago (a new one would only repeat it). */
  private recent(sent: SentCommand | null, nowS: number): boolean {
    return sent !== null && nowS - sent.sentS < this.policy.retransmitAfterS * this.policy.transmissionsMax;
  }

  /** A command's first final report. */
  private answered(record: CommandRecord, report: CommandStageRecord): void {
    if (record.state === 'completed' && record.name === 'set_mode') this.noteMode(report.timeS, record.args.mode);
    if (record.name !== 'submit_job') return;
    const job = this.jobs.get(record.args.jobId as number);
    if (!job || job.submitSeq !== record.seq) return;
    if (record.state === 'failed') {
      job.ground = 'refused';
      job.refusal = report.detail ?? '';
      this.watch?.refused(job.spec.jobId, report.timeS, job.refusal);
    } else if (record.state === 'rejected') {
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
    const verification = job.summary.verification;
    this.watch?.resultHome({
      jobId: job.spec.jobId,
      digestHex: job.resultDigest,
      timeS: nowS,
      verification: typeof verification === 'string' ? verification : null,
      golden: job.golden === 'unknown' ? null : job.golden,
      station: this.uplink.station(),
    });
  }

  private askResults(nowS: number): void {
    let inFlight = 0;
    const due: GroundJob[] = [];
    for (const job of this.order) {
      if (job.board !== 'done' || job.resultDigest !== null || this.evicted.has(job.spec.jobId)) continue;
      if (job.asks > 0 && nowS - job.lastAskS < this.policy.resultAskAgainS) inFlight++;
      else if (job.asks < this.policy.resultAsksMax) due.push(job);
    }
    for (const job of due) {
      if (this.uplink.remaining <= 0 || inFlight >= this.policy.resultRequestsInFlight) break;
      if (this.send('get_result', { jobId: job.spec.jobId }) === null) break;
      job.asks++;
      job.lastAskS = nowS;
      this.resultAsks++;
      inFlight++;
    }
  }

  /** Jobs sent and not known finished. */
  private outstanding(): number {
    let count = 0;
    for (const job of this.order) if (job.ground === 'submitted' && !FINISHED.has(job.board ?? '')) count++;
    return count;
  }

  private submit(nowS: number): void {
    let outstanding = this.outstanding();
    while (this.uplink.remaining > 0 && outstanding < this.policy.queueTarget && this.next < this.order.length) {
      const job = this.order[this.next]!;
      const sent = this.send('submit_job', submitArgs(job.spec));
      if (sent === null) return;
      this.next++;
      if (job.submissions > 0) this.resubmissions++;
      job.submissions++;
      job.ground = 'submitted';
      job.submitSeq = sent.record.seq;
      job.submittedS ??= nowS;
      outstanding++;
    }
  }
}

function groundJob(spec: WorkloadJob): GroundJob {
  return {
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
  };
}
