/**
 * The fleet job service's broker: a step function over the jobs it holds.
 * Jobs are submitted to the fleet, not to a spacecraft; each step takes
 * what every spacecraft's telemetry told (views, board states, results
 * home) and gives the commands to send (submit_job, cancel_job), which
 * the caller's link carries when each spacecraft can hear it:
 *
 *   1. folds board states and results into the runs (by on-board id);
 *   2. ends what must end: a run failed or refused; a run whose
 *      spacecraft stopped answering (abandoned), went SAFE, booted more
 *      than resetsMax times since it was placed, or, not yet started,
 *      can no longer meet the deadline where another could (cancelled);
 *      a job past its deadline fails;
 *   3. judges results: a job is done when `redundant` results agree
 *      (one, without redundancy); a disagreement asks for another run;
 *      the other runs are cancelled; a result of a done job is discarded
 *      and counted, never a second result;
 *   4. places the jobs that need runs, priority first, then deadline,
 *      then submission, each on a spacecraft it does not run on
 *      already, by the policy (placement.ts).
 * A job ends done or failed with its reason; until then it always has a
 * run or waits on the ground (`audit` counts any that does neither: lost).
 */
import { JOB_KINDS } from '../../protocol/dictionary/jobs.js';
import { jobWork, type JobKindName } from '../../protocol/job-work.js';
import { accept, fail, type Outcome } from '../../protocol/index.js';
import { checkBrokerParams, type BrokerParams } from './broker-params.js';
import type { ContactPlan } from './contact-plan.js';
import { REDUNDANCY_MAX, RUN_ENDED, RUN_WORKING, liveRuns, type FleetJob, type JobRun, type RunState } from './fleet-job.js';
import { bestPrediction, isSilent, leastQueuedPick, predict, roundRobinPick, type Candidate, type JobNeed, type Prediction } from './placement.js';
import { FLEET_BOARD_ID_BASE, type BoardChange, type ResultHome, type SpacecraftReport, type SpacecraftView } from './spacecraft-view.js';

export interface FleetJobRequest {
  readonly kind: string;
  readonly size: number;
  readonly priority?: number;
  readonly deadlineS?: number | null;
  readonly redundant?: number;
  readonly inputSeed?: number;
}

export interface SubmitArgs {
  readonly jobId: number;
  readonly kind: JobKindName;
  readonly size: number;
  readonly priority: number;
  readonly inputSeed: number;
  readonly deadlineS?: number;
}

export type BrokerAction =
  | { readonly kind: 'submit'; readonly spacecraft: string; readonly args: SubmitArgs }
  | { readonly kind: 'cancel'; readonly spacecraft: string; readonly jobId: number };

export interface BrokerCounts {
  readonly submitted: number;
  readonly refused: number;
  /** Jobs placed at least once. */
  readonly placed: number;
  /** Jobs placed again at least once (moved or re-run). */
  readonly replaced: number;
  readonly replacements: number;
  readonly done: number;
  readonly failed: number;
  /** Jobs not finished: waiting on the ground or running. */
  readonly open: number;
  /** Accepted jobs neither finished, running nor waiting: must be 0. */
  readonly lost: number;
  /** Jobs that became done more than once: must be 0. */
  readonly doubleCompletions: number;
  readonly resultsDiscarded: number;
  readonly disagreements: number;
  /** Board reports of ids the broker does not know (other operators' or forgotten). */
  readonly strayReports: number;
  readonly changesDropped: number;
}

/**
 * Everything a broker holds, to be written down and read back (a ground
 * restarted goes on with the same jobs, ids and counts). Plain data:
 * CBOR keeps the infinities of its times.
 */
export interface BrokerState {
  readonly startS: number;
  readonly nextJobId: number;
  readonly nextRun: number;
  readonly cursor: number;
  readonly refused: number;
  readonly doubleCompletions: number;
  readonly disagreements: number;
  readonly strayReports: number;
  readonly changesDropped: number;
  readonly rates: readonly (readonly [string, number])[];
  readonly views: readonly SpacecraftView[];
}

const BOARD_STATES: ReadonlySet<string> = new Set(['queued', 'running', 'checkpointed', 'verifying', 'done', 'failed']);

export class FleetBroker {
  private readonly jobs = new Map<number, FleetJob>();
  private readonly byBoard = new Map<number, { readonly job: FleetJob; readonly run: JobRun }>();
  private readonly rates = new Map<string, number>();
  private readonly views = new Map<string, SpacecraftView>();
  private nextJobId = 1;
  private nextRun = 0;
  private cursor = 0;
  private refused = 0;
  private doubleCompletions = 0;
  private disagreements = 0;
  private strayReports = 0;
  private changesDropped = 0;
  /** Jobs changed (or maybe changed) since `takeTouched` last ran. */
  private touched = new Set<FleetJob>();

  /**
   * @param fleet the spacecraft names, in fleet order
   * @param plans each spacecraft's contacts and eclipses
   * @param startS mission time the service started (silence is counted from it for a spacecraft never heard)
   */
  constructor(
    private readonly fleet: readonly string[],
    private readonly plans: ReadonlyMap<string, ContactPlan>,
    private readonly params: BrokerParams,
    private readonly startS: number,
  ) {
    const problems = checkBrokerParams(params);
    if (problems.length > 0) throw new RangeError(`broker parameters: ${problems.join('; ')}`);
    const missing = fleet.find((name) => !plans.has(name));
    if (missing !== undefined) throw new Error(`broker: spacecraft ${missing} has no contact plan`);
  }

  /** The jobs that may have changed since the last call (for writing them down). */
  takeTouched(): FleetJob[] {
    const jobs = [...this.touched];
    this.touched = new Set();
    return jobs;
  }

  /** Its counters, rates and views (the jobs go apart: `list`, and `restore` takes them back). */
  state(): BrokerState {
    return {
      startS: this.startS,
      nextJobId: this.nextJobId,
      nextRun: this.nextRun,
      cursor: this.cursor,
      refused: this.refused,
      doubleCompletions: this.doubleCompletions,
      disagreements: this.disagreements,
      strayReports: this.strayReports,
      changesDropped: this.changesDropped,
      rates: [...this.rates],
      views: [...this.views.values()],
    };
  }

  /**
   * A broker as `state` and its jobs left it. A run on a spacecraft the
   * fleet no longer has is abandoned (its job placed again), so that
   * nothing accepted is lost when the fleet changes between two starts.
   */
  static restore(
    fleet: readonly string[],
    plans: ReadonlyMap<string, ContactPlan>,
    params: BrokerParams,
    state: BrokerState,
    jobs: readonly FleetJob[],
  ): FleetBroker {
    const broker = new FleetBroker(fleet, plans, params, state.startS);
    broker.nextRun = state.nextRun;
    broker.cursor = state.cursor;
    broker.refused = state.refused;
    broker.doubleCompletions = state.doubleCompletions;
    broker.disagreements = state.disagreements;
    broker.strayReports = state.strayReports;
    broker.changesDropped = state.changesDropped;
    for (const [name, rate] of state.rates) if (plans.has(name)) broker.rates.set(name, rate);
    for (const view of state.views) if (plans.has(view.name)) broker.views.set(view.name, view);
    let nextJobId = state.nextJobId;
    let nextRun = state.nextRun;
    for (const job of jobs) {
      broker.jobs.set(job.id, job);
      nextJobId = Math.max(nextJobId, job.id + 1);
      for (const run of job.runs) {
        nextRun = Math.max(nextRun, run.boardJobId - FLEET_BOARD_ID_BASE + 1);
        broker.byBoard.set(run.boardJobId, { job, run });
        if (!plans.has(run.spacecraft) && !RUN_ENDED.has(run.state)) broker.endRun(run, 'abandoned', `${run.spacecraft} is no longer in the fleet`);
      }
      if (job.state === 'placed' && liveRuns(job).length === 0 && broker.runsWanted(job) > 0) job.state = 'queued';
    }
    broker.nextJobId = nextJobId;
    broker.nextRun = nextRun;
    return broker;
  }

  get policy(): BrokerParams['policy'] {
    return this.params.policy;
  }

  /** A job for the fleet, checked whole; the ground's id it keeps for ever. */
  submit(request: FleetJobRequest, nowS: number): Outcome<FleetJob> {
    const problem = this.requestProblem(request, nowS);
    if (problem !== null) {
      this.refused++;
      return fail(problem);
    }
    const id = this.nextJobId++;
    const job: FleetJob = {
      id,
      spec: {
        kind: request.kind as JobKindName,
        size: request.size,
        priority: request.priority ?? 5,
        deadlineS: request.deadlineS ?? null,
        redundant: request.redundant ?? 1,
        inputSeed: request.inputSeed ?? id,
      },
      submittedS: nowS,
      state: 'queued',
      runs: [],
      replacements: 0,
      reason: '',
      digestHex: null,
      doneS: null,
      agreeing: [],
      resultsDiscarded: 0,
    };
    this.jobs.set(id, job);
    this.touched.add(job);
    return accept(job);
  }

  /** Cancels a job the operator no longer wants: it fails with that reason, its runs are told. */
  cancel(id: number, nowS: number, actions: BrokerAction[]): Outcome<FleetJob> {
    const job = this.jobs.get(id);
    if (!job) return fail(`no fleet job ${id}`);
    if (job.state === 'done' || job.state === 'failed') return fail(`fleet job ${id} is already ${job.state}`);
    this.finish(job, 'failed', 'cancelled by the operator', nowS, actions);
    this.touched.add(job);
    return accept(job);
  }

  job(id: number): FleetJob | undefined {
    return this.jobs.get(id);
  }

  /** Every job, by id. */
  list(): FleetJob[] {
    return [...this.jobs.values()];
  }

  /** The newest view of each spacecraft, in fleet order (a spacecraft never reported: its unheard view). */
  spacecraftViews(): SpacecraftView[] {
    return this.fleet.map((name) => this.views.get(name) ?? unheard(name));
  }

  /** The run behind an on-board id (the ground's job and the run). */
  run(boardJobId: number): { readonly job: FleetJob; readonly run: JobRun } | undefined {
    return this.byBoard.get(boardJobId);
  }

  /** Job FLOPs per second measured on a spacecraft (the prior until one of its runs is done). */
  rateOf(name: string): number {
    return this.rates.get(name) ?? this.params.ratePriorFlopPerS;
  }

  /** One step at mission time nowS with what each spacecraft reported; the commands to send. */
  step(nowS: number, reports: ReadonlyMap<string, SpacecraftReport>): BrokerAction[] {
    const actions: BrokerAction[] = [];
    for (const [name, report] of reports) {
      if (!this.plans.has(name)) continue;
      this.views.set(name, report.view);
      this.changesDropped += report.changesDropped;
      for (const change of report.changes) this.takeChange(name, change);
      for (const result of report.results) this.takeResult(name, result, actions, nowS);
    }
    for (const job of this.jobs.values()) {
      if (job.state !== 'placed' && job.state !== 'queued') continue;
      this.touched.add(job);
      this.judge(job, nowS, actions);
    }
    this.place(nowS, actions);
    return actions;
  }

  counts(): BrokerCounts {
    let placed = 0;
    let replaced = 0;
    let replacements = 0;
    let done = 0;
    let failed = 0;
    let open = 0;
    let resultsDiscarded = 0;
    for (const job of this.jobs.values()) {
      if (job.runs.length > 0) placed++;
      if (job.replacements > 0) replaced++;
      replacements += job.replacements;
      resultsDiscarded += job.resultsDiscarded;
      if (job.state === 'done') done++;
      else if (job.state === 'failed') failed++;
      else open++;
    }
    return {
      submitted: this.jobs.size,
      refused: this.refused,
      placed,
      replaced,
      replacements,
      done,
      failed,
      open,
      lost: this.audit().length,
      doubleCompletions: this.doubleCompletions,
      resultsDiscarded,
      disagreements: this.disagreements,
      strayReports: this.strayReports,
      changesDropped: this.changesDropped,
    };
  }

  /** Jobs accepted and neither finished, waiting on the ground, nor with a run: lost (must be none). */
  audit(): FleetJob[] {
    return [...this.jobs.values()].filter((job) => job.state === 'placed' && liveRuns(job).length === 0);
  }

  // ---------------------------------------------------------------- internals

  private requestProblem(request: FleetJobRequest, nowS: number): string | null {
    if (!(JOB_KINDS as readonly string[]).includes(request.kind)) return `kind "${request.kind}" is not one of ${JOB_KINDS.join(', ')}`;
    if (!Number.isInteger(request.size) || request.size < 1 || request.size > 4096) return `size ${request.size} is not an integer in 1..4096`;
    const { priority, deadlineS, redundant, inputSeed } = request;
    if (priority !== undefined && (!Number.isInteger(priority) || priority < 0 || priority > 9)) return `priority ${priority} is not an integer in 0..9`;
    if (deadlineS !== undefined && deadlineS !== null && !(Number.isFinite(deadlineS) && deadlineS > nowS))
      return `deadline ${deadlineS} s is not after the mission time now (${Math.round(nowS)} s)`;
    if (redundant !== undefined && (!Number.isInteger(redundant) || redundant < 1 || redundant > REDUNDANCY_MAX))
      return `redundant ${redundant} is not 1..${REDUNDANCY_MAX}`;
    if ((redundant ?? 1) > this.fleet.length) return `redundant ${redundant} needs as many spacecraft; the fleet has ${this.fleet.length}`;
    if (inputSeed !== undefined && (!Number.isInteger(inputSeed) || inputSeed < 0 || inputSeed > 0xffffffff))
      return `inputSeed ${inputSeed} is not a 32-bit unsigned integer`;
    const waiting = [...this.jobs.values()].filter((job) => job.state === 'queued').length;
    if (waiting >= this.params.queueMax) return `the fleet queue is full (${this.params.queueMax} jobs wait for a placement)`;
    if (this.jobs.size >= this.params.jobsMax) return `the service holds ${this.params.jobsMax} jobs, its limit`;
    if (jobWork(request.kind as JobKindName, request.size).resultBytes > 64 * 1024) return `${request.kind} size ${request.size} gives a result over 64 KiB`;
    return null;
  }

  private takeChange(name: string, change: BoardChange): void {
    const found = this.byBoard.get(change.jobId);
    if (!found || found.run.spacecraft !== name) {
      this.strayReports++;
      return;
    }
    const { job, run } = found;
    this.touched.add(job);
    if (RUN_ENDED.has(run.state) || change.timeS < run.stateTimeS) return;
    if (change.state === 'refused') {
      this.endRun(run, 'failed', `refused on board: ${change.detail}`);
      return;
    }
    if (!BOARD_STATES.has(change.state)) return;
    // a state older than one already taken, at the same time tag, never undoes done or failed
    if (run.state === 'done' && change.state !== 'failed') return;
    run.stateTimeS = change.timeS;
    if (change.state === 'running' && run.runningS === null) run.runningS = change.timeS;
    if (change.state === 'failed') {
      this.endRun(run, 'failed', change.detail || 'failed on board');
      return;
    }
    run.state = change.state as RunState;
    if (change.state === 'done' && run.doneS === null) {
      run.doneS = change.timeS;
      if (run.runningS !== null && run.doneS > run.runningS) this.learnRate(name, jobWork(job.spec.kind, job.spec.size).flop / (run.doneS - run.runningS));
    }
  }

  private learnRate(name: string, sampleFlopPerS: number): void {
    const before = this.rates.get(name);
    this.rates.set(name, before === undefined ? sampleFlopPerS : before + this.params.rateWeight * (sampleFlopPerS - before));
  }

  private takeResult(name: string, result: ResultHome, actions: BrokerAction[], nowS: number): void {
    const found = this.byBoard.get(result.jobId);
    if (!found || found.run.spacecraft !== name) {
      this.strayReports++;
      return;
    }
    const { job, run } = found;
    this.touched.add(job);
    if (run.digestHex !== null) return; // the same result again
    run.digestHex = result.digestHex;
    run.homeS = result.timeS;
    run.golden = result.golden;
    run.homeStation = result.station;
    run.verification = result.verification;
    if (job.state === 'done' || job.state === 'failed') {
      job.resultsDiscarded++;
      if (!RUN_ENDED.has(run.state)) this.endRun(run, 'cancelled', `job already ${job.state}`);
      return;
    }
    // a result can come home from a run the broker had given up on (abandoned, cancelled): it counts
    run.state = 'home';
    this.agree(job, nowS, actions);
  }

  /** A job is done when `redundant` home results agree; a disagreement wants one more run. */
  private agree(job: FleetJob, nowS: number, actions: BrokerAction[]): void {
    const byDigest = new Map<string, JobRun[]>();
    for (const run of job.runs) if (run.digestHex !== null) byDigest.set(run.digestHex, [...(byDigest.get(run.digestHex) ?? []), run]);
    let best: JobRun[] = [];
    for (const runs of byDigest.values()) if (runs.length > best.length) best = runs;
    if (best.length >= job.spec.redundant) {
      job.digestHex = best[0]!.digestHex;
      job.agreeing = best.map((run) => run.boardJobId);
      this.finish(job, 'done', byDigest.size > 1 ? `${best.length} of ${best.length + 1} results agree` : '', nowS, actions);
    } else if (byDigest.size > 1 && job.reason.startsWith('results disagree') === false) {
      this.disagreements++;
      job.reason = `results disagree (${byDigest.size} digests): another run`;
    }
  }

  private finish(job: FleetJob, state: 'done' | 'failed', reason: string, nowS: number, actions: BrokerAction[]): void {
    if (state === 'done') {
      if (job.doneS !== null) this.doubleCompletions++;
      job.doneS = nowS;
    }
    job.state = state;
    job.reason = reason;
    for (const run of liveRuns(job)) {
      // a run finished on board needs no cancel: its result, if it comes, is discarded
      if (RUN_WORKING.has(run.state)) this.cancelOnBoard(run, actions);
      this.endRun(run, 'cancelled', state === 'done' ? 'done elsewhere' : reason);
    }
  }

  private cancelOnBoard(run: JobRun, actions: BrokerAction[]): void {
    if (run.cancelSent) return;
    run.cancelSent = true;
    actions.push({ kind: 'cancel', spacecraft: run.spacecraft, jobId: run.boardJobId });
  }

  private endRun(run: JobRun, state: 'failed' | 'cancelled' | 'abandoned', detail: string): void {
    run.state = state;
    run.detail = detail;
  }

  /** Step 2 for one job: ends the runs that must end; fails a job out of time or out of placements. */
  private judge(job: FleetJob, nowS: number, actions: BrokerAction[]): void {
    if (job.spec.deadlineS !== null && nowS > job.spec.deadlineS) {
      this.finish(job, 'failed', `deadline ${Math.round(job.spec.deadlineS)} s passed`, nowS, actions);
      return;
    }
    for (const run of liveRuns(job)) {
      const view = this.views.get(run.spacecraft);
      const plan = this.plans.get(run.spacecraft)!;
      if (view && isSilent(view, plan, nowS, Math.max(this.startS, run.placedS), this.params)) {
        this.endRun(run, 'abandoned', `${run.spacecraft} stopped answering`);
        this.cancelOnBoard(run, actions);
        job.reason = `moved: ${run.spacecraft} stopped answering`;
        continue;
      }
      if (!RUN_WORKING.has(run.state) || !view) continue;
      const boots = view.bootTimesS.filter((timeS) => timeS > run.placedS).length;
      const why =
        view.mode === 'SAFE' && ((view.modeSinceS ?? Number.NEGATIVE_INFINITY) > run.placedS || (view.lastHeardS ?? 0) - run.placedS > this.params.silentAfterS)
          ? `${run.spacecraft} went SAFE`
          : boots > this.params.resetsMax
            ? `${run.spacecraft} reset ${boots} times`
            : null;
      const move = why === null && (run.state === 'uplink' || run.state === 'queued') ? this.betterElsewhere(job, run, nowS) : null;
      if (why !== null || move !== null) {
        const reason = why ?? move!.reason;
        this.endRun(run, 'cancelled', reason);
        this.cancelOnBoard(run, actions);
        job.reason = `moved: ${reason}`;
        // a move for a better prediction goes where the prediction was made, now
        if (move !== null) this.startRun(job, move.to, `moved: ${reason}`, nowS, actions);
      }
    }
    if (liveRuns(job).length === 0 && job.runs.length > 0 && this.runsWanted(job) > 0 && job.replacements >= this.params.replacementsMax) {
      const last = job.runs.at(-1)!;
      this.finish(job, 'failed', `${job.runs.length} runs, none home: ${last.detail || last.state}`, nowS, actions);
    }
  }

  /**
   * A run not started that should move (once: predictions are estimates, and
   * moving again would only chase them): its spacecraft now misses the
   * deadline where another would meet it, or another would bring the
   * result home moveGainS sooner. Why, or null.
   */
  private betterElsewhere(job: FleetJob, run: JobRun, nowS: number): { readonly to: string; readonly reason: string } | null {
    if (this.params.policy !== 'broker' || job.replacements > 0) return null;
    const need = this.need(job);
    const here = predict(need, { ...this.candidate(run.spacecraft, job, run), aboard: run.state === 'queued' }, nowS, this.startS, this.params);
    const elsewhere = bestPrediction(
      this.fleet
        .filter((name) => !job.runs.some((other) => other.spacecraft === name && !RUN_ENDED.has(other.state)))
        .map((name) => predict(need, this.candidate(name, job), nowS, this.startS, this.params)),
    );
    if (elsewhere === null) return null;
    const to = elsewhere.name;
    if (job.spec.deadlineS !== null && !(here.eligible && here.meetsDeadline) && elsewhere.meetsDeadline)
      return { to, reason: `${run.spacecraft} would miss the deadline, ${to} would not` };
    const hereHomeS = here.eligible ? here.homeS : Number.POSITIVE_INFINITY;
    if (hereHomeS - elsewhere.homeS > this.params.moveGainS)
      return {
        to,
        reason: `${to} would bring it home ${here.eligible ? `${Math.round(hereHomeS - elsewhere.homeS)} s sooner` : `(${run.spacecraft}: ${here.reason})`}`,
      };
    return null;
  }

  private need(job: FleetJob): JobNeed {
    const work = jobWork(job.spec.kind, job.spec.size);
    return { flop: work.flop, resultBytes: work.resultBytes, deadlineS: job.spec.deadlineS };
  }

  /** Runs the job still wants started: agreeing results missing, less those on their way. */
  private runsWanted(job: FleetJob): number {
    if (job.state === 'done' || job.state === 'failed') return 0;
    const counts = new Map<string, number>();
    for (const run of job.runs) if (run.digestHex !== null) counts.set(run.digestHex, (counts.get(run.digestHex) ?? 0) + 1);
    const agreeing = Math.max(0, ...counts.values());
    return Math.max(0, job.spec.redundant - agreeing - liveRuns(job).length);
  }

  /** What a spacecraft looks like to the placement of a job (`excluding`: a run of it not to count). */
  private candidate(name: string, job: FleetJob, excluding?: JobRun): Candidate {
    let runs = 0;
    let workAheadFlop = 0;
    for (const other of this.jobs.values()) {
      if (other.state !== 'placed') continue;
      for (const run of other.runs) {
        if (run.spacecraft !== name || !RUN_WORKING.has(run.state) || run === excluding) continue;
        runs++;
        workAheadFlop += jobWork(other.spec.kind, other.spec.size).flop;
      }
    }
    return {
      name,
      view: this.views.get(name) ?? unheard(name),
      plan: this.plans.get(name)!,
      liveRuns: runs,
      workAheadFlop,
      rateFlopPerS: this.rateOf(name),
      failedHere: job.runs.some((run) => run.spacecraft === name && (run.state === 'failed' || run.state === 'abandoned')),
    };
  }

  /** Step 4: every job wanting runs, in order, gets them where the policy says. */
  private place(nowS: number, actions: BrokerAction[]): void {
    const open = [...this.jobs.values()].filter((job) => job.state === 'queued' || job.state === 'placed');
    open.sort(
      (a, b) =>
        b.spec.priority - a.spec.priority || (a.spec.deadlineS ?? Number.POSITIVE_INFINITY) - (b.spec.deadlineS ?? Number.POSITIVE_INFINITY) || a.id - b.id,
    );
    for (const job of open) {
      for (let wanted = this.runsWanted(job); wanted > 0; wanted--) {
        if (job.runs.length > 0 && job.replacements >= this.params.replacementsMax && liveRuns(job).length === 0) break;
        const choice = this.choose(job, nowS);
        if (choice === null) break;
        this.startRun(job, choice.name, choice.because, nowS, actions);
      }
      if (job.state === 'placed' && liveRuns(job).length === 0 && this.runsWanted(job) > 0) {
        // nowhere to go now: back to the ground queue, nothing lost
        job.state = 'queued';
      }
    }
  }

  private choose(job: FleetJob, nowS: number): { readonly name: string; readonly because: string } | null {
    const usable = this.fleet.filter((name) => !job.runs.some((run) => run.spacecraft === name && (run.state === 'home' || !RUN_ENDED.has(run.state))));
    if (usable.length === 0) return null;
    if (this.params.policy === 'round-robin') {
      // the cursor walks the whole fleet in order; a spacecraft that holds the job already is passed over
      const all = this.fleet.map((name) =>
        usable.includes(name) ? this.candidate(name, job) : { ...this.candidate(name, job), liveRuns: Number.POSITIVE_INFINITY },
      );
      const index = roundRobinPick(all, this.cursor % all.length, this.params);
      if (index < 0) return null;
      this.cursor = index + 1;
      return { name: all[index]!.name, because: 'round-robin' };
    }
    const candidates = usable.map((name) => this.candidate(name, job));
    if (this.params.policy === 'least-queued') {
      const index = leastQueuedPick(candidates, this.params);
      return index < 0 ? null : { name: candidates[index]!.name, because: `least queued (${candidates[index]!.liveRuns} runs)` };
    }
    const predictions: Prediction[] = candidates.map((candidate) => predict(this.need(job), candidate, nowS, this.startS, this.params));
    const best = bestPrediction(predictions);
    if (best === null) return null;
    return {
      name: best.name,
      because: `result home ~${Math.round(best.homeS)} s (uplink ${Math.round(best.uplinkS)} s, done ${Math.round(best.doneS)} s)${best.meetsDeadline ? '' : ', late for the deadline'}`,
    };
  }

  private startRun(job: FleetJob, spacecraft: string, because: string, nowS: number, actions: BrokerAction[]): void {
    if (job.runs.length >= job.spec.redundant) job.replacements++;
    const boardJobId = FLEET_BOARD_ID_BASE + this.nextRun++;
    const run: JobRun = {
      boardJobId,
      spacecraft,
      placedS: nowS,
      because,
      state: 'uplink',
      stateTimeS: Number.NEGATIVE_INFINITY,
      runningS: null,
      doneS: null,
      detail: '',
      digestHex: null,
      homeS: null,
      golden: null,
      homeStation: null,
      verification: null,
      cancelSent: false,
    };
    job.runs.push(run);
    job.state = 'placed';
    this.byBoard.set(boardJobId, { job, run });
    const { kind, size, priority, inputSeed, deadlineS } = job.spec;
    actions.push({ kind: 'submit', spacecraft, args: { jobId: boardJobId, kind, size, priority, inputSeed, ...(deadlineS !== null ? { deadlineS } : {}) } });
  }
}

/** The view of a spacecraft never heard from. */
function unheard(name: string): SpacecraftView {
  return {
    name,
    lastHeardS: null,
    mode: null,
    modeSinceS: null,
    socPct: null,
    capW: null,
    acceleratorC: null,
    queueLength: null,
    holdReason: null,
    bootTimesS: [],
    retiredPages: null,
    acceleratorResets: null,
    acceleratorFailed: false,
    bulkQueued: null,
  };
}
