import { describe, expect, it } from 'vitest';
import { VERIFICATION_CODES } from '../../../protocol/index.js';
import { TestGround, testStack } from '../../helpers/ground.js';

function ground(): TestGround {
  const g = new TestGround(testStack());
  g.run(2); // boot
  return g;
}

describe('commanding against the in-process simulator', () => {
  it('a noop round-trips with acceptance, start and completion reports', () => {
    const g = ground();
    const seq = g.send('noop');
    g.run(2);
    expect(g.stages(seq)).toEqual(['accepted', 'started', 'completed']);
    expect(g.reports(seq).every((report) => report.code === 0)).toBe(true);
    expect(g.undecodable).toEqual([]);
  });

  it('a replayed command is rejected with an event, and not executed', () => {
    const g = ground();
    const ping = g.build('ping', { token: 7 });
    g.stack.uplink(ping);
    g.run(2);
    // A different authentic packet with a used sequence number is a replay, not a retransmission.
    g.stack.uplink(g.build('ping', { token: 8 }, 1n));
    g.run(2);
    expect(g.stages(1n)).toEqual(['accepted', 'started', 'completed', 'rejected']);
    expect(g.reports(1n).at(-1)?.code).toBe(VERIFICATION_CODES.replay);
    expect(g.events('command_rejected').map((event) => event.data.reason)).toEqual(['replay']);
    expect(g.events('pong').map((event) => event.data.token)).toEqual([7]);
  });

  it('a retransmitted duplicate is answered, not executed twice', () => {
    const g = ground();
    const ping = g.build('ping', { token: 9 });
    g.stack.uplink(ping);
    g.run(2);
    g.stack.uplink(ping);
    g.stack.uplink(ping);
    g.run(2);
    expect(g.stages(1n)).toEqual(['accepted', 'started', 'completed', 'accepted*', 'completed*', 'accepted*', 'completed*']);
    expect(g.events('pong')).toHaveLength(1);
    expect(g.events('command_rejected')).toHaveLength(0);
    expect(g.last('commanding_hk')).toBeDefined();
  });

  it('refuses a command the mode does not allow, with its reason', () => {
    const g = ground();
    const seq = g.send('submit_job', { jobId: 1, kind: 'matmul', size: 16 });
    g.run(2);
    expect(g.stages(seq)).toEqual(['rejected']);
    expect(g.reports(seq)[0]).toMatchObject({ code: VERIFICATION_CODES['mode-forbidden'], detail: expect.stringMatching(/not allowed in SAFE/) });
  });

  it('refuses a hazardous command without an arm, and runs it after one', () => {
    const g = ground();
    const unarmed = g.send('reset_computer');
    g.run(2);
    expect(g.stages(unarmed)).toEqual(['rejected']);
    expect(g.reports(unarmed)[0]?.code).toBe(VERIFICATION_CODES['not-armed']);
    const arm = g.send('arm', { command: 'reset_computer' });
    g.run(1);
    const fire = g.send('reset_computer');
    g.run(10);
    expect(g.stages(arm)).toEqual(['accepted', 'started', 'completed']);
    expect(g.stages(fire)).toEqual(['accepted', 'started', 'completed']);
    // The watchdog resets the computer; the boot says why.
    expect(g.stack.starts).toBe(2);
    expect(g.events('boot').at(-1)?.data).toMatchObject({ bootCount: 2, resetCause: 'commanded' });
  });

  it('an arm does not outlive its window', () => {
    const g = ground();
    g.send('param_set', { name: 'commanding.armWindowS', value: 2 });
    g.run(1);
    g.send('arm', { command: 'reset_computer' });
    g.run(4);
    const late = g.send('reset_computer');
    g.run(2);
    expect(g.stages(late)).toEqual(['rejected']);
    expect(g.stack.starts).toBe(1);
  });
});
