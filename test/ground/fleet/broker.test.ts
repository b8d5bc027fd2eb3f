import { describe, expect, it } from 'vitest';
import { FleetBroker, type BrokerAction } from '../../../ground/fleet/broker.js';
import { DEFAULT_BROKER_PARAMS, type BrokerParams } from '../../../ground/fleet/broker-params.js';
import type { ContactPlan } from '../../../ground/fleet/contact-plan.js';
import { FLEET_BOARD_ID_BASE, type SpacecraftReport, type SpacecraftView } from '../../../ground/fleet/spacecraft-view.js';
import { ALWAYS, change, home, report, scriptedPlan, view } from './fleet-fixtures.js';

const submits = (actions: readonly BrokerAction[]) => actions.filter((a): a is Extract<BrokerAction, { kind: 'submit' }> => a.kind === 'submit');
const cancels = (actions: readonly BrokerAction[]) => actions.filter((a): a is Extract<BrokerAction, { kind: 'cancel' }> => a.kind === 'cancel');

function fleet(plans: Record<string, ContactPlan>, params: Partial<BrokerParams> = {}) {
  const names = Object.keys(plans);
  const broker = new FleetBroker(names, new Map(Object.entries(plans)), { ...DEFAULT_BROKER_PARAMS, ...params }, 0);
  const views = new Map<string, SpacecraftView>(names.map((name) => [name, view(name)]));
  const step = (nowS: number, extra: Record<string, Partial<SpacecraftReport>> = {}) => {
    const reports = new Map(names.map((name) => [name, { ...report(views.get(name)!), ...extra[name] }]));
    return broker.step(nowS, reports);
  };
  return { broker, views, step };
}

describe('the fleet job broker', () => {
  it('places a job where its result is predicted home first: a spacecraft in contact now over one whose pass is later', () => {
    const { broker, step } = fleet({ late: scriptedPlan(5000, 3000, 600), now: scriptedPlan(5000, 0, 600) });
    broker.submit({ kind: 'inference', size: 16 }, 10);
    const placed = submits(step(10));
    expect(placed).toHaveLength(1);
    expect(placed[0]!.spacecraft).toBe('now');
    expect(placed[0]!.args.jobId).toBe(FLEET_BOARD_ID_BASE);
    expect(broker.job(1)!.runs[0]!.because).toMatch(/result home ~\d+ s/);
  });

  it('keeps jobs off a spacecraft in SAFE, with a failed accelerator, too hot, or resetting, and prefers a full battery over one that must wait out an eclipse', () => {
    const plans = {
      safe: ALWAYS,
      failed: ALWAYS,
      hot: ALWAYS,
      resets: ALWAYS,
      low: scriptedPlan(1000, 0, 1000, [[0, 2000]]),
      good: scriptedPlan(1000, 0, 1000),
    };
    const { broker, views, step } = fleet(plans);
    views.set('safe', view('safe', { mode: 'SAFE' }));
    views.set('failed', view('failed', { acceleratorFailed: true }));
    views.set('hot', view('hot', { acceleratorC: 88 }));
    views.set('resets', view('resets', { bootTimesS: [100, 200, 300] }));
    views.set('low', view('low', { socPct: 20 }));
    broker.submit({ kind: 'training', size: 64 }, 400);
    expect(submits(step(400)).map((a) => a.spacecraft)).toEqual(['good']);
  });

  it('round-robin takes the spacecraft in fleet order; least-queued the one with the fewest runs', () => {
    const rr = fleet({ a: ALWAYS, b: ALWAYS, c: ALWAYS }, { policy: 'round-robin' });
    for (let i = 0; i < 4; i++) rr.broker.submit({ kind: 'inference', size: 16 }, 0);
    expect(submits(rr.step(0)).map((a) => a.spacecraft)).toEqual(['a', 'b', 'c', 'a']);
    const lq = fleet({ a: ALWAYS, b: ALWAYS }, { policy: 'least-queued' });
    lq.broker.submit({ kind: 'inference', size: 16 }, 0);
    lq.step(0);
    lq.broker.submit({ kind: 'inference', size: 16 }, 1);
    expect(submits(lq.step(1)).map((a) => a.spacecraft)).toEqual(['b']);
  });

  it('re-places a job whose run failed on board, elsewhere, and fails it with the reason after replacementsMax', () => {
    const { broker, step } = fleet({ a: ALWAYS, b: ALWAYS }, { replacementsMax: 1 });
    broker.submit({ kind: 'matmul', size: 32 }, 0);
    const first = submits(step(0))[0]!;
    const again = submits(step(10, { [first.spacecraft]: { changes: [change(first.args.jobId, 'failed', 5, 'corruption not corrected')] } }));
    expect(again).toHaveLength(1);
    expect(again[0]!.spacecraft).not.toBe(first.spacecraft);
    expect(broker.job(1)!.replacements).toBe(1);
    step(20, { [again[0]!.spacecraft]: { changes: [change(again[0]!.args.jobId, 'failed', 15, 'retries exhausted')] } });
    const job = broker.job(1)!;
    expect(job.state).toBe('failed');
    expect(job.reason).toMatch(/2 runs, none home: retries exhausted/);
    expect(broker.counts().lost).toBe(0);
  });

  it('abandons the runs of a spacecraft that stopped answering over missed contacts and places them again', () => {
    const params = { silentAfterS: 1000, missedContactsMin: 2 };
    const { broker, views, step } = fleet({ quiet: scriptedPlan(600, 0, 100), other: scriptedPlan(600, 300, 100) }, params);
    broker.submit({ kind: 'inference', size: 16 }, 0);
    const first = submits(step(0))[0]!;
    expect(first.spacecraft).toBe('quiet');
    views.set('other', view('other', { lastHeardS: 2000 }));
    const actions = step(2100);
    expect(cancels(actions).map((a) => a.spacecraft)).toEqual(['quiet']);
    expect(submits(actions).map((a) => a.spacecraft)).toEqual(['other']);
    expect(broker.job(1)!.runs[0]!.state).toBe('abandoned');
    expect(broker.job(1)!.reason).toMatch(/quiet stopped answering/);
  });

  it('moves a run when its spacecraft goes SAFE after the placement, but not for the SAFE it booted in before', () => {
    const { broker, views, step } = fleet({ a: ALWAYS, b: ALWAYS });
    views.set('b', view('b', { mode: 'SAFE' }));
    broker.submit({ kind: 'inference', size: 16 }, 0);
    expect(submits(step(0)).map((a) => a.spacecraft)).toEqual(['a']);
    views.set('a', view('a', { mode: 'SAFE', modeSinceS: null, lastHeardS: 50 }));
    expect(cancels(step(60))).toEqual([]);
    views.set('a', view('a', { mode: 'SAFE', modeSinceS: 70, lastHeardS: 80 }));
    views.set('b', view('b'));
    const moved = step(90);
    expect(cancels(moved).map((a) => a.spacecraft)).toEqual(['a']);
    expect(submits(moved).map((a) => a.spacecraft)).toEqual(['b']);
  });

  it('with redundant 2 runs on two spacecraft and is done only when their digests agree; a disagreement asks for a third run, the majority wins; each run keeps the station that carried its result and its check', () => {
    const { broker, step } = fleet({ a: ALWAYS, b: ALWAYS, c: ALWAYS });
    broker.submit({ kind: 'training', size: 64, redundant: 2 }, 0);
    const runs = submits(step(0));
    expect(new Set(runs.map((a) => a.spacecraft)).size).toBe(2);
    const [r1, r2] = runs;
    const third = submits(
      step(10, { [r1!.spacecraft]: { results: [home(r1!.args.jobId, 'aa', 10)] }, [r2!.spacecraft]: { results: [home(r2!.args.jobId, 'bb', 10)] } }),
    );
    const job = broker.job(1)!;
    expect(job.state).toBe('placed');
    expect(broker.counts().disagreements).toBe(1);
    expect(third).toHaveLength(1);
    expect(third[0]!.spacecraft).toBe('c');
    step(20, { c: { results: [home(third[0]!.args.jobId, 'aa', 20)] } });
    expect(job.state).toBe('done');
    expect(job.digestHex).toBe('aa');
    expect(job.agreeing).toEqual([r1!.args.jobId, third[0]!.args.jobId]);
    expect(job.runs.map((run) => [run.homeStation, run.verification])).toEqual(Array(3).fill(['Svalbard', 'abft']));
  });

  it('never completes a job twice: a result home after it is done is discarded and counted', () => {
    const { broker, step } = fleet({ a: ALWAYS, b: ALWAYS }, { replacementsMax: 2 });
    broker.submit({ kind: 'inference', size: 16 }, 0);
    const first = submits(step(0))[0]!;
    // a goes SAFE: the run is moved to b, but a's result still comes home later
    const moved = step(10, { [first.spacecraft]: { view: view(first.spacecraft, { mode: 'SAFE', modeSinceS: 5, lastHeardS: 5 }) } });
    const second = submits(moved)[0]!;
    step(20, { [second.spacecraft]: { results: [home(second.args.jobId, 'cc', 20)] } });
    step(30, { [first.spacecraft]: { results: [home(first.args.jobId, 'cc', 30)] } });
    const counts = broker.counts();
    expect(broker.job(1)!.state).toBe('done');
    expect(counts.done).toBe(1);
    expect(counts.doubleCompletions).toBe(0);
    expect(counts.resultsDiscarded).toBe(1);
  });

  it('fails a job past its deadline and cancels its runs', () => {
    const { broker, step } = fleet({ a: ALWAYS });
    broker.submit({ kind: 'inference', size: 16, deadlineS: 100 }, 0);
    step(0);
    const actions = step(101);
    expect(broker.job(1)!.state).toBe('failed');
    expect(broker.job(1)!.reason).toBe('deadline 100 s passed');
    expect(cancels(actions)).toHaveLength(1);
  });

  it('refuses a bad submission in one line and keeps jobs waiting on the ground when no spacecraft has room', () => {
    const { broker, step } = fleet({ a: ALWAYS }, { runsPerSpacecraftMax: 1, queueMax: 2 });
    expect(broker.submit({ kind: 'sorting', size: 1 }, 0)).toEqual({ ok: false, error: 'kind "sorting" is not one of matmul, inference, training' });
    expect(broker.submit({ kind: 'matmul', size: 0 }, 0)).toMatchObject({ ok: false, error: 'size 0 is not an integer in 1..4096' });
    expect(broker.submit({ kind: 'matmul', size: 8, redundant: 2 }, 0)).toMatchObject({
      ok: false,
      error: 'redundant 2 needs as many spacecraft; the fleet has 1',
    });
    expect(broker.submit({ kind: 'matmul', size: 8, deadlineS: 5 }, 10)).toMatchObject({ ok: false });
    expect(broker.submit({ kind: 'inference', size: 16 }, 0).ok).toBe(true);
    expect(broker.submit({ kind: 'inference', size: 16 }, 0).ok).toBe(true);
    step(0);
    expect(broker.list().map((job) => job.state)).toEqual(['placed', 'queued']);
    expect(broker.submit({ kind: 'inference', size: 16 }, 0).ok).toBe(true);
    expect(broker.submit({ kind: 'inference', size: 16 }, 0)).toMatchObject({ ok: false, error: 'the fleet queue is full (2 jobs wait for a placement)' });
    expect(broker.counts()).toMatchObject({ submitted: 3, refused: 5, lost: 0 });
  });
});
