import { fc, test } from '@fast-check/vitest';
import { describe, expect } from 'vitest';
import { FleetBroker } from '../../../ground/fleet/broker.js';
import { DEFAULT_BROKER_PARAMS } from '../../../ground/fleet/broker-params.js';
import { RUN_WORKING } from '../../../ground/fleet/fleet-job.js';
import type { BoardChange, ResultHome, SpacecraftReport } from '../../../ground/fleet/spacecraft-view.js';
import { scriptedPlan, view } from './fleet-fixtures.js';

const NAMES = ['a', 'b', 'c'];

/** One step of the world: jobs arriving, and what the spacecraft do to the runs the broker has given them. */
const stepArb = fc.record({
  arrivals: fc.array(fc.record({ redundant: fc.constantFrom(1, 1, 2), size: fc.integer({ min: 16, max: 64 }) }), { maxLength: 3 }),
  // per live run (by its order): 0 nothing, 1 running, 2 done, 3 failed, 4 result home (correct), 5 result home (corrupt), 6 refused
  fates: fc.array(fc.integer({ min: 0, max: 6 }), { maxLength: 12 }),
  // per spacecraft: 0 fine, 1 goes SAFE, 2 silent this step, 3 boots
  health: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 3, maxLength: 3 }),
});

describe('the fleet job broker under any sequence of board reports, failures and silences', () => {
  test.prop([fc.array(stepArb, { minLength: 5, maxLength: 40 })], { numRuns: 150 })(
    'loses no accepted job, never completes one twice, and accepts only a result agreed by `redundant` runs',
    (steps) => {
      const plans = new Map(NAMES.map((name, i) => [name, scriptedPlan(300, i * 100, 100)]));
      const broker = new FleetBroker(NAMES, plans, { ...DEFAULT_BROKER_PARAMS, silentAfterS: 600, missedContactsMin: 1 }, 0);
      const heard = new Map(NAMES.map((name) => [name, 0]));
      const boots = new Map<string, number[]>(NAMES.map((name) => [name, []]));
      const safeSince = new Map<string, number | null>(NAMES.map((name) => [name, null]));
      steps.forEach((s, index) => {
        const nowS = (index + 1) * 120;
        for (const a of s.arrivals) broker.submit({ kind: 'inference', size: a.size, redundant: a.redundant }, nowS);
        const changes = new Map<string, BoardChange[]>(NAMES.map((name) => [name, []]));
        const results = new Map<string, ResultHome[]>(NAMES.map((name) => [name, []]));
        const live = broker.list().flatMap((job) => job.runs.filter((run) => run.state !== 'cancelled' && run.state !== 'failed'));
        live.forEach((run, i) => {
          const fate = s.fates[i] ?? 0;
          const t = nowS - 1;
          if (fate === 1) changes.get(run.spacecraft)!.push({ jobId: run.boardJobId, state: 'running', timeS: t, detail: '' });
          if (fate === 2) changes.get(run.spacecraft)!.push({ jobId: run.boardJobId, state: 'done', timeS: t, detail: '' });
          if (fate === 3) changes.get(run.spacecraft)!.push({ jobId: run.boardJobId, state: 'failed', timeS: t, detail: 'upset' });
          if (fate === 6) changes.get(run.spacecraft)!.push({ jobId: run.boardJobId, state: 'refused', timeS: t, detail: 'queue full' });
          if (fate === 4 || fate === 5)
            results
              .get(run.spacecraft)!
              .push({ jobId: run.boardJobId, digestHex: fate === 4 ? 'good' : `bad${i}`, timeS: t, verification: null, golden: null, station: null });
        });
        const reports = new Map<string, SpacecraftReport>();
        NAMES.forEach((name, i) => {
          const h = s.health[i]!;
          if (h !== 2) heard.set(name, nowS);
          if (h === 3) boots.get(name)!.push(nowS - 2);
          if (h === 1) safeSince.set(name, nowS - 3);
          if (h === 0) safeSince.set(name, null);
          const v = view(name, {
            lastHeardS: heard.get(name)!,
            mode: safeSince.get(name) === null ? 'NOMINAL' : 'SAFE',
            modeSinceS: safeSince.get(name)!,
            bootTimesS: boots.get(name)!.slice(-8),
          });
          reports.set(name, { view: v, changes: changes.get(name)!, results: results.get(name)!, changesDropped: 0 });
        });
        broker.step(nowS, reports);
        const counts = broker.counts();
        expect(counts.lost).toBe(0);
        expect(counts.doubleCompletions).toBe(0);
        for (const job of broker.list()) {
          if (job.state === 'done') {
            const agreeing = job.runs.filter((run) => run.digestHex === job.digestHex);
            expect(agreeing.length).toBeGreaterThanOrEqual(job.spec.redundant);
            expect(job.runs.filter((run) => RUN_WORKING.has(run.state))).toEqual([]);
          } else if (job.state === 'failed') expect(job.reason).not.toBe('');
          else if (job.state === 'placed') expect(job.runs.some((run) => RUN_WORKING.has(run.state) || run.state === 'done')).toBe(true);
        }
      });
      const c = broker.counts();
      expect(c.done + c.failed + c.open).toBe(c.submitted);
    },
  );
});
