/**
 * The fleet job service in the ground server: the broker (ground/fleet/)
 * stepped once a second at the fleet's mission time on what each
 * spacecraft's telemetry told (its SpacecraftWatch, fed as packets are
 * filed), its orders sent through each spacecraft's commander (held for
 * the next pass out of view), a submit_job the spacecraft refused or never
 * answered told back to the broker, results fetched (get_result) for runs
 * done on board and handed over once the archive has them whole and
 * digest-checked, and everything written to the fleet job file after each
 * change, so that a restarted ground goes on with the same jobs.
 */
import { Subscription, filter } from 'rxjs';
import type { FleetJobList, FleetJobRecord, FleetJobResult, FleetRunRecord, SubmitFleetJobRequest } from '../api/contract.js';
import type { Archive } from '../archive/archive.js';
import type { AuthUser } from '../auth/authenticator.js';
import { FleetBroker, type BrokerAction, type FleetJobRequest } from '../fleet/broker.js';
import type { BrokerParams } from '../fleet/broker-params.js';
import type { ContactPlan } from '../fleet/contact-plan.js';
import type { FleetJob, JobRun } from '../fleet/fleet-job.js';
import { FLEET_JOB_STATES } from '../fleet/fleet-job.js';
import type { FleetJobFile } from '../fleet/fleet-job-file.js';
import { FLEET_BOARD_ID_BASE, type SpacecraftReport, type SpacecraftWatch } from '../fleet/spacecraft-view.js';
import { apiFailure, type ApiFailure } from './api-result.js';
import type { Commander } from './commander.js';

/** The user the broker's own commands (submit_job, cancel_job, get_result) name. */
export const BROKER_USER: AuthUser = { name: 'fleet-broker', role: 'operator' };
/** A result asked for (get_result) and not whole yet is asked for again after this much mission time, at most RESULT_ASKS_MAX times. */
export const RESULT_ASK_AGAIN_S = 300;
export const RESULT_ASKS_MAX = 10;

/** What the dispatcher needs of one spacecraft the ground serves (a SpacecraftGround). */
export interface DispatchedSpacecraft {
  readonly name: string;
  readonly watch: SpacecraftWatch;
  readonly commander: Pick<Commander, 'submit' | 'updates'>;
  readonly archive: Pick<Archive, 'jobs'>;
  missionTimeS(): number | null;
  /** Whether it hears the ground now (null: not known). */
  inView(): boolean | null;
  /** The station it is in view of now (`relay` through a data relay; null: none, or not known). */
  station(): string | null;
}

export interface FleetDispatcherOptions {
  readonly spacecraft: readonly DispatchedSpacecraft[];
  readonly plans: ReadonlyMap<string, ContactPlan>;
  readonly params: BrokerParams;
  readonly file: FleetJobFile;
  readonly log?: (line: string) => void;
}

type Answer<T> = { readonly ok: true; readonly value: T } | ApiFailure;

const REQUEST_KEYS: ReadonlySet<string> = new Set(['kind', 'size', 'priority', 'deadlineS', 'deadlineInS', 'redundant', 'inputSeed']);

export class FleetDispatcher {
  /** Made at the first mission time known (silence is counted from it), unless read back from the file. */
  private brokerMade: FleetBroker | null;
  private readonly byName: ReadonlyMap<string, DispatchedSpacecraft>;
  private readonly submittedBy: Map<number, string>;
  /** get_result asks of runs done on board, by on-board id. */
  private readonly asks = new Map<number, { count: number; lastS: number }>();
  /** Runs whose result was handed to the broker, by on-board id (not looked up again; forgotten once their job ends). */
  private readonly handedOver = new Set<number>();
  private readonly flows = new Subscription();
  private lastStepS: number | null = null;

  constructor(private readonly options: FleetDispatcherOptions) {
    const names = options.spacecraft.map((cell) => cell.name);
    this.byName = new Map(options.spacecraft.map((cell) => [cell.name, cell]));
    const stored = options.file.read();
    this.brokerMade = stored.state ? FleetBroker.restore(names, options.plans, options.params, stored.state, stored.jobs) : null;
    this.submittedBy = new Map(stored.submittedBy);
    if (stored.jobs.length > 0) options.log?.(`fleet jobs ${options.file.path}: ${stored.jobs.length} jobs read back`);
    for (const cell of options.spacecraft) {
      // A submit_job of the broker's that ends without completing: refused on board, or never answered.
      this.flows.add(
        cell.commander.updates.pipe(filter((record) => record.final && record.name === 'submit_job' && record.state !== 'completed')).subscribe((record) => {
          const jobId = record.args.jobId;
          if (typeof jobId !== 'number' || jobId < FLEET_BOARD_ID_BASE) return;
          const last = record.stages.at(-1);
          cell.watch.refused(jobId, last?.timeS ?? this.nowS() ?? 0, last?.detail ?? `submit_job ${record.state}`);
        }),
      );
    }
  }

  /** The broker; made now (at mission time nowS) when none is yet. */
  private brokerAt(nowS: number): FleetBroker {
    this.brokerMade ??= new FleetBroker(
      this.options.spacecraft.map((cell) => cell.name),
      this.options.plans,
      this.options.params,
      nowS,
    );
    return this.brokerMade;
  }

  /** A broker with nothing in it, for the counts before the first (never kept). */
  private unmade(): FleetBroker {
    return new FleetBroker(
      this.options.spacecraft.map((cell) => cell.name),
      this.options.plans,
      this.options.params,
      0,
    );
  }

  /** The fleet's mission time: the newest any spacecraft's telemetry gives (null before any). */
  nowS(): number | null {
    let nowS: number | null = null;
    for (const cell of this.options.spacecraft) {
      const timeS = cell.missionTimeS();
      if (timeS !== null && (nowS === null || timeS > nowS)) nowS = timeS;
    }
    return nowS;
  }

  /** A job for the fleet (POST /api/fleet/jobs), checked whole, placed at once where it can be. */
  submit(body: unknown, user: AuthUser): Answer<FleetJobRecord> {
    const nowS = this.nowS();
    if (nowS === null)
      return apiFailure(
        503,
        'not-ready',
        'no spacecraft has been heard yet: the ground knows no mission time to place a job by; submit again once telemetry comes down',
      );
    const request = requestOf(body, nowS);
    if (!request.ok) return request;
    const accepted = this.brokerAt(nowS).submit(request.value, nowS);
    if (!accepted.ok) return apiFailure(400, 'bad-request', accepted.error);
    this.submittedBy.set(accepted.value.id, user.name);
    this.step(nowS);
    return { ok: true, value: this.record(accepted.value) };
  }

  /** The operator no longer wants the job: it fails as cancelled, its runs are told. */
  cancel(id: number): Answer<FleetJobRecord> {
    const broker = this.brokerMade;
    if (!broker?.job(id)) return apiFailure(404, 'not-found', `fleet job ${id} not found`);
    const actions: BrokerAction[] = [];
    const cancelled = broker.cancel(id, this.nowS() ?? this.lastStepS ?? 0, actions);
    if (!cancelled.ok) return apiFailure(409, 'conflict', cancelled.error);
    this.dispatch(actions, this.nowS() ?? 0);
    this.save();
    return { ok: true, value: this.record(cancelled.value) };
  }

  /** The jobs after `afterId` by id, at most `limit` of them (`newest`: the newest `limit`, newest first). */
  list(afterId: number, limit: number, state: string | undefined, newest = false): Answer<FleetJobList> {
    if (state !== undefined && !(FLEET_JOB_STATES as readonly string[]).includes(state))
      return apiFailure(400, 'bad-request', `state=${state} is not one of ${FLEET_JOB_STATES.join(', ')}`);
    const chosen = (this.brokerMade?.list() ?? []).filter((job) => job.id > afterId && (state === undefined || job.state === state));
    const jobs = (newest ? chosen.slice(-limit).reverse() : chosen.slice(0, limit)).map((job) => this.record(job));
    return { ok: true, value: { jobs, counts: { ...(this.brokerMade ?? this.unmade()).counts() }, missionTimeS: this.lastStepS } };
  }

  get(id: number): FleetJobRecord | undefined {
    const job = this.brokerMade?.job(id);
    return job ? this.record(job) : undefined;
  }

  /** The accepted result from the archive of a spacecraft whose run agreed; why not while there is none. */
  result(id: number): Answer<FleetJobResult> {
    const job = this.brokerMade?.job(id);
    if (!job) return apiFailure(404, 'not-found', `fleet job ${id} not found`);
    if (job.state !== 'done') {
      const where = job.runs
        .filter((run) => run.state !== 'failed' && run.state !== 'cancelled' && run.state !== 'abandoned')
        .map((run) => `${run.spacecraft} (${run.state})`);
      const why = job.state === 'failed' ? `failed: ${job.reason}` : `${job.state}${where.length > 0 ? `, on ${where.join(', ')}` : ''}`;
      return apiFailure(409, 'conflict', `fleet job ${id} has no result: it is ${why}`);
    }
    const agreeing = job.runs.filter((run) => job.agreeing.includes(run.boardJobId));
    for (const run of agreeing) {
      const stored = this.byName.get(run.spacecraft)?.archive.jobs.result(run.boardJobId);
      if (stored?.ok)
        return {
          ok: true,
          value: {
            id,
            spacecraft: run.spacecraft,
            boardJobId: run.boardJobId,
            dataHex: stored.value.dataHex,
            digestHex: stored.value.digestHex,
            agreeing: agreeing.map((other) => ({ spacecraft: other.spacecraft, boardJobId: other.boardJobId })),
          },
        };
    }
    return apiFailure(409, 'conflict', `fleet job ${id} is done, but no archive of ${agreeing.map((run) => run.spacecraft).join(', ')} holds its result`);
  }

  /** Once a second: results home, the broker's step, its orders sent, the file written. */
  tick(): void {
    const nowS = this.nowS();
    if (nowS !== null) this.step(nowS);
  }

  close(): void {
    this.flows.unsubscribe();
    this.save();
  }

  private step(nowS: number): void {
    this.fetchResults(nowS);
    const reports = new Map<string, SpacecraftReport>();
    for (const cell of this.options.spacecraft) reports.set(cell.name, cell.watch.report());
    this.dispatch(this.brokerAt(nowS).step(nowS, reports), nowS);
    this.lastStepS = nowS;
    this.save();
  }

  /** Runs done on board whose result is not home: handed over once the archive has it whole, else asked for (get_result) in view. */
  private fetchResults(nowS: number): void {
    const waiting = new Set<number>();
    const open = new Set<number>();
    for (const job of this.brokerMade?.list() ?? []) {
      if (job.state !== 'placed') continue;
      for (const run of job.runs) {
        open.add(run.boardJobId);
        if (run.state === 'done' && !this.handedOver.has(run.boardJobId)) this.fetchResult(run, nowS, waiting);
      }
    }
    for (const id of this.asks.keys()) if (!waiting.has(id)) this.asks.delete(id);
    for (const id of this.handedOver) if (!open.has(id)) this.handedOver.delete(id);
  }

  private fetchResult(run: JobRun, nowS: number, waiting: Set<number>): void {
    const cell = this.byName.get(run.spacecraft);
    if (!cell) return;
    const stored = cell.archive.jobs.result(run.boardJobId);
    if (stored?.ok) {
      const verification = cell.archive.jobs.get(run.boardJobId)?.summary?.verification;
      const taken = cell.watch.resultHome({
        jobId: run.boardJobId,
        digestHex: stored.value.digestHex,
        timeS: nowS,
        verification: typeof verification === 'string' ? verification : null,
        golden: null,
        station: cell.station(),
      });
      // a result the full report queue dropped is handed again at the next step
      if (taken) this.handedOver.add(run.boardJobId);
      return;
    }
    waiting.add(run.boardJobId);
    const asked = this.asks.get(run.boardJobId) ?? { count: 0, lastS: Number.NEGATIVE_INFINITY };
    if (asked.count >= RESULT_ASKS_MAX || nowS - asked.lastS < RESULT_ASK_AGAIN_S || cell.inView() === false) return;
    const sent = cell.commander.submit({ name: 'get_result', args: { jobId: run.boardJobId } }, BROKER_USER);
    if (!sent.ok) return this.options.log?.(`fleet jobs: cannot ask ${run.spacecraft} for job ${run.boardJobId}'s result: ${sent.error.error}`);
    this.asks.set(run.boardJobId, { count: asked.count + 1, lastS: nowS });
  }

  private dispatch(actions: readonly BrokerAction[], nowS: number): void {
    for (const action of actions) {
      const cell = this.byName.get(action.spacecraft);
      if (!cell) continue;
      const request = action.kind === 'submit' ? { name: 'submit_job', args: { ...action.args } } : { name: 'cancel_job', args: { jobId: action.jobId } };
      const sent = cell.commander.submit(request, BROKER_USER);
      if (sent.ok) continue;
      // Not even sent (no key file, say): the run is refused, and the broker places the job again.
      if (action.kind === 'submit') cell.watch.refused(action.args.jobId, nowS, `not sent: ${sent.error.error}`);
      this.options.log?.(`fleet jobs: ${request.name} to ${action.spacecraft} not sent: ${sent.error.error}`);
    }
  }

  private save(): void {
    const broker = this.brokerMade;
    if (!broker) return;
    try {
      this.options.file.write(broker.state(), broker.takeTouched(), (id) => this.submittedBy.get(id) ?? 'unknown');
    } catch (error) {
      this.options.log?.(`fleet jobs: cannot write ${this.options.file.path}: ${(error as Error).message}`);
    }
  }

  private record(job: FleetJob): FleetJobRecord {
    const { spec } = job;
    return {
      id: job.id,
      kind: spec.kind,
      size: spec.size,
      priority: spec.priority,
      deadlineS: spec.deadlineS,
      redundant: spec.redundant,
      inputSeed: spec.inputSeed,
      submittedS: job.submittedS,
      submittedBy: this.submittedBy.get(job.id) ?? 'unknown',
      state: job.state,
      reason: job.reason,
      digestHex: job.digestHex,
      doneS: job.doneS,
      replacements: job.replacements,
      resultsDiscarded: job.resultsDiscarded,
      agreeing: job.agreeing,
      runs: job.runs.map(runRecord),
    };
  }
}

function runRecord(run: JobRun): FleetRunRecord {
  return {
    boardJobId: run.boardJobId,
    spacecraft: run.spacecraft,
    placedS: run.placedS,
    because: run.because,
    state: run.state,
    runningS: run.runningS,
    doneS: run.doneS,
    homeS: run.homeS,
    homeStation: run.homeStation ?? null,
    verification: run.verification ?? null,
    detail: run.detail,
    digestHex: run.digestHex,
  };
}

/** The request body checked for its shape (the broker checks the values); a relative deadline made absolute. */
function requestOf(body: unknown, nowS: number): Answer<FleetJobRequest> {
  const usage = 'the body must be {"kind", "size", "priority"?, "deadlineS"? or "deadlineInS"?, "redundant"?, "inputSeed"?}';
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return apiFailure(400, 'bad-request', usage);
  const fields = body as Partial<Record<keyof SubmitFleetJobRequest, unknown>> & Record<string, unknown>;
  const unknown = Object.keys(fields).filter((key) => !REQUEST_KEYS.has(key));
  if (unknown.length > 0) return apiFailure(400, 'bad-request', `unknown field ${unknown.join(', ')}: ${usage}`);
  if (typeof fields.kind !== 'string') return apiFailure(400, 'bad-request', `kind is missing or not text: ${usage}`);
  for (const name of ['size', 'priority', 'deadlineS', 'deadlineInS', 'redundant', 'inputSeed'] as const) {
    const value = fields[name];
    if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value)))
      return apiFailure(400, 'bad-request', `${name} ${JSON.stringify(value)} is not a number`);
  }
  if (fields.size === undefined) return apiFailure(400, 'bad-request', `size is missing: ${usage}`);
  if (fields.deadlineS !== undefined && fields.deadlineInS !== undefined) return apiFailure(400, 'bad-request', 'give deadlineS or deadlineInS, not both');
  if (fields.deadlineInS !== undefined && !((fields.deadlineInS as number) > 0))
    return apiFailure(400, 'bad-request', `deadlineInS ${fields.deadlineInS} is not a time ahead (seconds > 0)`);
  const deadlineS = fields.deadlineInS !== undefined ? nowS + (fields.deadlineInS as number) : (fields.deadlineS as number | undefined);
  return {
    ok: true,
    value: {
      kind: fields.kind,
      size: fields.size as number,
      ...(fields.priority !== undefined ? { priority: fields.priority as number } : {}),
      ...(deadlineS !== undefined ? { deadlineS } : {}),
      ...(fields.redundant !== undefined ? { redundant: fields.redundant as number } : {}),
      ...(fields.inputSeed !== undefined ? { inputSeed: fields.inputSeed as number } : {}),
    },
  };
}
