import { describe, expect, it } from 'vitest';
import { VERIFICATION_CODES } from '../../../protocol/index.js';
import { TestGround, testStack } from '../../helpers/ground.js';

function ground(): TestGround {
  const g = new TestGround(testStack());
  g.run(2);
  return g;
}

describe('time-tagged commands', () => {
  it('a command tagged for a time executes at that time and not before', () => {
    const g = ground();
    const releaseS = g.stack.timeS + 30;
    const inner = g.build('ping', { token: 42 });
    const insert = g.send('schedule_insert', { releaseS, packet: inner });
    g.run(20);
    expect(g.stages(insert)).toEqual(['accepted', 'started', 'completed']);
    expect(g.stages(1n)).toEqual(['accepted']);
    expect(g.events('pong')).toHaveLength(0);
    g.run(15);
    expect(g.stages(1n)).toEqual(['accepted', 'started', 'completed']);
    const started = g.reports(1n)[1]!;
    expect(started.timeS).toBeGreaterThanOrEqual(releaseS);
    expect(started.timeS).toBeLessThan(releaseS + 0.2);
    expect(g.events('pong').map((event) => event.data.token)).toEqual([42]);
  });

  it('lists, deletes and clears, ending each removed command with one final report', () => {
    const g = ground();
    const a = g.build('noop');
    const b = g.build('noop');
    const c = g.build('noop');
    g.send('schedule_insert', { releaseS: 1000, packet: a });
    g.send('schedule_insert', { releaseS: 500, packet: b });
    g.send('schedule_insert', { releaseS: 700, packet: c });
    g.run(2);
    g.send('schedule_list');
    g.run(2);
    expect((g.last('schedule_report')!.entries as { releaseS: number }[]).map((entry) => entry.releaseS)).toEqual([500, 700, 1000]);
    g.send('schedule_delete', { keyId: 1, seq: '2' });
    g.run(2);
    expect(g.stages(2n)).toEqual(['accepted', 'failed']);
    expect(g.reports(2n)[1]?.code).toBe(VERIFICATION_CODES.descheduled);
    g.send('schedule_clear');
    g.run(2);
    expect(g.stages(1n)).toEqual(['accepted', 'failed']);
    expect(g.stages(3n)).toEqual(['accepted', 'failed']);
    expect(g.last('commanding_hk')).toBeDefined();
  });

  it('refuses a release time in the past, a hazardous inner command and a forged inner packet', () => {
    const g = ground();
    const past = g.send('schedule_insert', { releaseS: 1, packet: g.build('noop') });
    const hazardous = g.send('schedule_insert', { releaseS: 5000, packet: g.build('reset_computer') });
    const forged = g.build('noop');
    forged[30] = forged[30]! ^ 1;
    const bad = g.send('schedule_insert', { releaseS: 5000, packet: forged });
    g.run(2);
    expect(g.reports(past).at(-1)).toMatchObject({ stage: 'failed', code: VERIFICATION_CODES['release-in-past'] });
    expect(g.reports(hazardous).at(-1)).toMatchObject({ stage: 'failed', code: VERIFICATION_CODES['not-schedulable'] });
    expect(g.reports(bad).at(-1)).toMatchObject({ stage: 'failed', code: VERIFICATION_CODES['invalid-value'], detail: expect.stringMatching(/bad-crc/) });
  });

  it('keeps the queue across a reset and still releases on time', () => {
    const g = ground();
    const releaseS = g.stack.timeS + 60;
    g.send('schedule_insert', { releaseS, packet: g.build('ping', { token: 5 }) });
    g.run(5);
    g.stack.spacecraft.inject({ atS: 0, kind: 'obc-hang', durationS: 600 });
    g.run(30);
    expect(g.stack.starts).toBe(2);
    g.run(40);
    expect(g.stages(2n)).toEqual(['accepted', 'started', 'completed']);
    expect(g.events('pong').map((event) => event.data.token)).toEqual([5]);
  });
});

describe('routines (cron on mission time)', () => {
  it('validates the expression on upload and runs the command when it matches', () => {
    const g = ground();
    const bad = g.send('routine_add', { id: 1, cron: '61 * * * *', command: 'ping' });
    const good = g.send('routine_add', { id: 2, cron: '*/10 * * * * *', command: 'ping', args: { token: 3 } });
    g.run(35);
    expect(g.reports(bad).at(-1)).toMatchObject({ stage: 'failed', detail: expect.stringMatching(/minute/) });
    expect(g.stages(good)).toEqual(['accepted', 'started', 'completed']);
    const runs = g.events('routine_ran');
    expect(runs.length).toBeGreaterThanOrEqual(3);
    expect(runs.every((event) => event.data.outcome === 'completed')).toBe(true);
    // Each run falls in the first tick of a second that is a multiple of ten.
    for (const event of runs) {
      expect(Math.floor(event.timeS + 1e-6) % 10).toBe(0);
      expect(event.timeS - Math.floor(event.timeS + 1e-6)).toBeLessThan(0.15);
    }
    expect(g.events('pong').length).toBe(runs.length);
  });

  it('refuses a hazardous routine and reports the table', () => {
    const g = ground();
    const hazardous = g.send('routine_add', { id: 4, cron: '* * * * *', command: 'reset_computer' });
    g.send('routine_add', { id: 5, cron: '0 0 * * *', command: 'noop' });
    g.send('routine_list');
    g.run(2);
    expect(g.reports(hazardous).at(-1)?.code).toBe(VERIFICATION_CODES['not-schedulable']);
    expect(g.last('routine_report')?.routines).toEqual([{ id: 5, cron: '0 0 * * *', command: 'noop', runs: 0, lastOutcome: 'none' }]);
  });
});
