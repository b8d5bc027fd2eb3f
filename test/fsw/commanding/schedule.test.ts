import { describe, expect, it } from 'vitest';
import { VERIFICATION_CODES } from '../../../protocol/index.js';
import { TestGround, testStack } from '../../helpers/ground.js';

function bootedGround(): TestGround {
  const ground = new TestGround(testStack());
  ground.run(2);
  return ground;
}

describe('time-tagged commands', () => {
  it('a command tagged for a time executes at that time and not before', () => {
    const ground = bootedGround();
    const releaseS = ground.stack.timeS + 30;
    const inner = ground.build('ping', { token: 42 });
    const insert = ground.send('schedule_insert', { releaseS, packet: inner });
    ground.run(20);
    expect(ground.stages(insert)).toEqual(['accepted', 'started', 'completed']);
    expect(ground.stages(1n)).toEqual(['accepted']);
    expect(ground.events('pong')).toHaveLength(0);
    ground.run(15);
    expect(ground.stages(1n)).toEqual(['accepted', 'started', 'completed']);
    const started = ground.reports(1n)[1]!;
    expect(started.timeS).toBeGreaterThanOrEqual(releaseS);
    expect(started.timeS).toBeLessThan(releaseS + 0.2);
    expect(ground.events('pong').map((event) => event.data.token)).toEqual([42]);
  });

  it('lists, deletes and clears, ending each removed command with one final report', () => {
    const ground = bootedGround();
    const a = ground.build('noop');
    const b = ground.build('noop');
    const c = ground.build('noop');
    ground.send('schedule_insert', { releaseS: 1000, packet: a });
    ground.send('schedule_insert', { releaseS: 500, packet: b });
    ground.send('schedule_insert', { releaseS: 700, packet: c });
    ground.run(2);
    ground.send('schedule_list');
    ground.run(2);
    expect((ground.last('schedule_report')!.entries as { releaseS: number }[]).map((entry) => entry.releaseS)).toEqual([500, 700, 1000]);
    ground.send('schedule_delete', { keyId: 1, seq: '2' });
    ground.run(2);
    expect(ground.stages(2n)).toEqual(['accepted', 'failed']);
    expect(ground.reports(2n)[1]?.code).toBe(VERIFICATION_CODES.descheduled);
    ground.send('schedule_clear');
    ground.run(2);
    expect(ground.stages(1n)).toEqual(['accepted', 'failed']);
    expect(ground.stages(3n)).toEqual(['accepted', 'failed']);
    expect(ground.last('commanding_hk')).toBeDefined();
  });

  it('refuses a release time in the past, a hazardous inner command and a forged inner packet', () => {
    const ground = bootedGround();
    const past = ground.send('schedule_insert', { releaseS: 1, packet: ground.build('noop') });
    const hazardous = ground.send('schedule_insert', { releaseS: 5000, packet: ground.build('reset_computer') });
    const forged = ground.build('noop');
    forged[30] = forged[30]! ^ 1;
    const bad = ground.send('schedule_insert', { releaseS: 5000, packet: forged });
    ground.run(2);
    expect(ground.reports(past).at(-1)).toMatchObject({ stage: 'failed', code: VERIFICATION_CODES['release-in-past'] });
    expect(ground.reports(hazardous).at(-1)).toMatchObject({ stage: 'failed', code: VERIFICATION_CODES['not-schedulable'] });
    expect(ground.reports(bad).at(-1)).toMatchObject({ stage: 'failed', code: VERIFICATION_CODES['invalid-value'], detail: expect.stringMatching(/bad-crc/) });
  });

  it('keeps the queue across a reset and still releases on time', () => {
    const ground = bootedGround();
    const releaseS = ground.stack.timeS + 60;
    ground.send('schedule_insert', { releaseS, packet: ground.build('ping', { token: 5 }) });
    ground.run(5);
    ground.stack.spacecraft.inject({ atS: 0, kind: 'obc-hang', durationS: 600 });
    ground.run(30);
    expect(ground.stack.starts).toBe(2);
    ground.run(40);
    expect(ground.stages(2n)).toEqual(['accepted', 'started', 'completed']);
    expect(ground.events('pong').map((event) => event.data.token)).toEqual([5]);
  });
});

describe('routines (cron on mission time)', () => {
  it('validates the expression on upload and runs the command when it matches', () => {
    const ground = bootedGround();
    const bad = ground.send('routine_add', { id: 1, cron: '61 * * * *', command: 'ping' });
    const good = ground.send('routine_add', { id: 2, cron: '*/10 * * * * *', command: 'ping', args: { token: 3 } });
    ground.run(35);
    expect(ground.reports(bad).at(-1)).toMatchObject({ stage: 'failed', detail: expect.stringMatching(/minute/) });
    expect(ground.stages(good)).toEqual(['accepted', 'started', 'completed']);
    const runs = ground.events('routine_ran');
    expect(runs.length).toBeGreaterThanOrEqual(3);
    expect(runs.every((event) => event.data.outcome === 'completed')).toBe(true);
    // Each run falls in the first tick of a second that is a multiple of ten.
    for (const event of runs) {
      expect(Math.floor(event.timeS + 1e-6) % 10).toBe(0);
      expect(event.timeS - Math.floor(event.timeS + 1e-6)).toBeLessThan(0.15);
    }
    expect(ground.events('pong').length).toBe(runs.length);
  });

  it('refuses a hazardous routine and reports the table', () => {
    const ground = bootedGround();
    const hazardous = ground.send('routine_add', { id: 4, cron: '* * * * *', command: 'reset_computer' });
    ground.send('routine_add', { id: 5, cron: '0 0 * * *', command: 'noop' });
    ground.send('routine_list');
    ground.run(2);
    expect(ground.reports(hazardous).at(-1)?.code).toBe(VERIFICATION_CODES['not-schedulable']);
    expect(ground.last('routine_report')?.routines).toEqual([{ id: 5, cron: '0 0 * * *', command: 'noop', runs: 0, lastOutcome: 'none' }]);
  });
});
