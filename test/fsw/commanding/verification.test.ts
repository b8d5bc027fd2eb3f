import { describe, expect, it } from 'vitest';
import { VERIFICATION_CODES } from '../../../protocol/index.js';
import { TestGround, testStack } from '../../helpers/ground.js';

function bootedGround(): TestGround {
  const ground = new TestGround(testStack());
  ground.run(2); // boot
  return ground;
}

describe('commanding against the in-process simulator', () => {
  it('a noop round-trips with acceptance, start and completion reports', () => {
    const ground = bootedGround();
    const seq = ground.send('noop');
    ground.run(2);
    expect(ground.stages(seq)).toEqual(['accepted', 'started', 'completed']);
    expect(ground.reports(seq).every((report) => report.code === 0)).toBe(true);
    expect(ground.undecodable).toEqual([]);
  });

  it('a replayed command is rejected with an event, and not executed', () => {
    const ground = bootedGround();
    const ping = ground.build('ping', { token: 7 });
    ground.stack.uplink(ping);
    ground.run(2);
    // A different authentic packet with a used sequence number is a replay, not a retransmission.
    ground.stack.uplink(ground.build('ping', { token: 8 }, 1n));
    ground.run(2);
    expect(ground.stages(1n)).toEqual(['accepted', 'started', 'completed', 'rejected']);
    expect(ground.reports(1n).at(-1)?.code).toBe(VERIFICATION_CODES.replay);
    expect(ground.events('command_rejected').map((event) => event.data.reason)).toEqual(['replay']);
    expect(ground.events('pong').map((event) => event.data.token)).toEqual([7]);
  });

  it('a retransmitted duplicate is answered, not executed twice', () => {
    const ground = bootedGround();
    const ping = ground.build('ping', { token: 9 });
    ground.stack.uplink(ping);
    ground.run(2);
    ground.stack.uplink(ping);
    ground.stack.uplink(ping);
    ground.run(2);
    expect(ground.stages(1n)).toEqual(['accepted', 'started', 'completed', 'accepted*', 'completed*', 'accepted*', 'completed*']);
    expect(ground.events('pong')).toHaveLength(1);
    expect(ground.events('command_rejected')).toHaveLength(0);
    expect(ground.last('commanding_hk')).toBeDefined();
  });

  it('refuses a command the mode does not allow, with its reason', () => {
    const ground = bootedGround();
    const seq = ground.send('submit_job', { jobId: 1, kind: 'matmul', size: 16 });
    ground.run(2);
    expect(ground.stages(seq)).toEqual(['rejected']);
    expect(ground.reports(seq)[0]).toMatchObject({ code: VERIFICATION_CODES['mode-forbidden'], detail: expect.stringMatching(/not allowed in SAFE/) });
  });

  it('refuses a hazardous command without an arm, and runs it after one', () => {
    const ground = bootedGround();
    const unarmed = ground.send('reset_computer');
    ground.run(2);
    expect(ground.stages(unarmed)).toEqual(['rejected']);
    expect(ground.reports(unarmed)[0]?.code).toBe(VERIFICATION_CODES['not-armed']);
    const arm = ground.send('arm', { command: 'reset_computer' });
    ground.run(1);
    const fire = ground.send('reset_computer');
    ground.run(10);
    expect(ground.stages(arm)).toEqual(['accepted', 'started', 'completed']);
    expect(ground.stages(fire)).toEqual(['accepted', 'started', 'completed']);
    // The watchdog resets the computer; the boot says why.
    expect(ground.stack.starts).toBe(2);
    expect(ground.events('boot').at(-1)?.data).toMatchObject({ bootCount: 2, resetCause: 'commanded' });
  });

  it('an arm does not outlive its window', () => {
    const ground = bootedGround();
    ground.send('param_set', { name: 'commanding.armWindowS', value: 2 });
    ground.run(1);
    ground.send('arm', { command: 'reset_computer' });
    ground.run(4);
    const late = ground.send('reset_computer');
    ground.run(2);
    expect(ground.stages(late)).toEqual(['rejected']);
    expect(ground.stack.starts).toBe(1);
  });
});
