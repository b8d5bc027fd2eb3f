/** The fleet job service's file: the broker written down and read back whole, runs on a spacecraft gone from the fleet placed again. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { FleetBroker } from '../../../ground/fleet/broker.js';
import { DEFAULT_BROKER_PARAMS } from '../../../ground/fleet/broker-params.js';
import { FleetJobFile } from '../../../ground/fleet/fleet-job-file.js';
import { FLEET_BOARD_ID_BASE } from '../../../ground/fleet/spacecraft-view.js';
import { ALWAYS, change, home, report, view } from './fleet-fixtures.js';

const PLANS = new Map([
  ['a', ALWAYS],
  ['b', ALWAYS],
]);

describe('the fleet job file', () => {
  it('reads back every job, the counts, rates and ids of a broker, infinities kept, so that it goes on where it stopped', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'fleet-job-file-')), 'fleet-jobs.sqlite');
    const broker = new FleetBroker(['a', 'b'], PLANS, DEFAULT_BROKER_PARAMS, 100);
    expect(broker.submit({ kind: 'inference', size: 8 }, 100).ok).toBe(true);
    expect(broker.submit({ kind: 'matmul', size: 16, deadlineS: 50_000 }, 100).ok).toBe(true);
    expect(broker.submit({ kind: 'bogus', size: 1 }, 100).ok).toBe(false);
    broker.step(110, new Map([['a', report(view('a'))]]));
    const [first] = broker.list();
    const boardId = first!.runs[0]!.boardJobId;
    const where = first!.runs[0]!.spacecraft;
    broker.step(
      200,
      new Map([[where, report(view(where, { lastHeardS: 200 }), [change(boardId, 'running', 150), change(boardId, 'done', 190)], [home(boardId, 'ab', 195)])]]),
    );
    expect(broker.job(1)!.state).toBe('done');

    const file = FleetJobFile.open(path);
    file.write(broker.state(), broker.takeTouched(), (id) => (id === 1 ? 'alice' : 'bob'));
    expect(broker.takeTouched()).toEqual([]);
    file.close();

    const again = FleetJobFile.open(path);
    const stored = again.read();
    expect(stored.jobs).toEqual(broker.list());
    // A run never reported keeps its -Infinity time tag (JSON alone would make it null).
    expect(stored.jobs[1]!.runs[0]!.stateTimeS).toBe(Number.NEGATIVE_INFINITY);
    expect([...stored.submittedBy]).toEqual([
      [1, 'alice'],
      [2, 'bob'],
    ]);
    const restored = FleetBroker.restore(['a', 'b'], PLANS, DEFAULT_BROKER_PARAMS, stored.state!, stored.jobs);
    expect(restored.counts()).toEqual(broker.counts());
    expect(restored.rateOf(where)).toBe(broker.rateOf(where));
    expect(restored.run(boardId)?.job.id).toBe(1);
    const next = restored.submit({ kind: 'inference', size: 8 }, 300);
    expect(next.ok && next.value.id).toBe(3);
    const actions = restored.step(300, new Map());
    expect(actions.find((action) => action.kind === 'submit' && action.args.jobId >= FLEET_BOARD_ID_BASE + 2)).toBeDefined();
    again.close();
  });

  it('abandons the runs of a spacecraft no longer in the fleet and places the job again; refuses a file of another version', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fleet-job-file-'));
    const broker = new FleetBroker(['a', 'b'], PLANS, { ...DEFAULT_BROKER_PARAMS, policy: 'round-robin' }, 0);
    broker.submit({ kind: 'inference', size: 8 }, 0);
    broker.step(1, new Map());
    expect(broker.job(1)!.runs[0]!.spacecraft).toBe('a');
    const restored = FleetBroker.restore(['b'], new Map([['b', ALWAYS]]), DEFAULT_BROKER_PARAMS, broker.state(), broker.list());
    expect(restored.job(1)!.runs[0]).toMatchObject({ state: 'abandoned', detail: 'a is no longer in the fleet' });
    expect(restored.job(1)!.state).toBe('queued');
    const actions = restored.step(2, new Map());
    expect(actions).toEqual([expect.objectContaining({ kind: 'submit', spacecraft: 'b' })]);
    expect(restored.counts().lost).toBe(0);

    const path = join(dir, 'old.sqlite');
    FleetJobFile.open(path).close();
    const db = new Database(path);
    db.prepare("UPDATE meta SET value = '9' WHERE key = 'version'").run();
    db.close();
    expect(() => FleetJobFile.open(path)).toThrow(/is a fleet job file of version 9; this ground reads version 1/);
  });
});
