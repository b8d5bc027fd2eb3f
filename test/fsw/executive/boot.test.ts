import { describe, expect, it } from 'vitest';
import { TestGround, testStack } from '../../helpers/ground.js';

describe('boot and warm reset', () => {
  it('cold start: boot count 1, power-on, defaults, SAFE; the first housekeeping carries them', () => {
    const ground = new TestGround(testStack());
    ground.run(1);
    expect(ground.events('boot')[0]?.data).toEqual({ bootCount: 1, resetCause: 'power-on', mode: 'SAFE', paramsSource: 'defaults', downlinkLost: 0 });
    expect(ground.packets('executive_hk')[0]?.data).toMatchObject({ mode: 'SAFE', bootCount: 1, resetCause: 'power-on' });
    for (const hk of ['executive_hk', 'commanding_hk', 'telemetry_hk', 'storage_hk']) expect(ground.packets(hk).length).toBeGreaterThan(0);
  });

  it('a watchdog reset restores parameters and the anti-replay state', () => {
    const ground = new TestGround(testStack());
    ground.run(1);
    ground.send('param_set', { name: 'commanding.armWindowS', value: 123 });
    ground.send('param_save');
    const old = ground.build('ping', { token: 1 });
    ground.stack.uplink(old);
    ground.run(2);
    expect(ground.events('pong')).toHaveLength(1);

    ground.stack.spacecraft.inject({ atS: 0, kind: 'obc-hang', durationS: 60 });
    ground.run(10);
    expect(ground.stack.starts).toBe(2);
    expect(ground.events('boot').at(-1)?.data).toMatchObject({ bootCount: 2, resetCause: 'watchdog', paramsSource: 'nvm' });
    // An unplanned reset is also a warning; the power-on boot before it was not.
    expect(ground.events('unplanned_reset').map((event) => [event.entry.kind === 'event' && event.entry.def.severity, event.data])).toEqual([
      ['warning', { bootCount: 2, resetCause: 'watchdog', downlinkLost: expect.any(Number) }],
    ]);
    expect(ground.packets('executive_hk').at(-1)?.data).toMatchObject({ bootCount: 2, resetCause: 'watchdog' });

    ground.send('param_get', { name: 'commanding.armWindowS' });
    // A replay of a command accepted before the reset: answered as a duplicate, not run again.
    ground.stack.uplink(old);
    // A stale sequence number with a new body: rejected as a replay.
    ground.stack.uplink(ground.build('ping', { token: 2 }, 3n));
    ground.run(2);
    expect(ground.events('param_value').at(-1)?.data).toMatchObject({ name: 'commanding.armWindowS', value: '123' });
    expect(ground.events('pong')).toHaveLength(1);
    // seq 3 was the ping: its retransmission is answered as a duplicate, the new body with seq 3 is rejected.
    expect(ground.stages(3n)).toEqual(['accepted', 'started', 'completed', 'accepted*', 'completed*', 'rejected']);
  });

  it('resumes the mode before the reset, but enters SAFE on a boot loop', () => {
    const ground = new TestGround(testStack());
    ground.run(1);
    ground.send('set_mode', { mode: 'NOMINAL' });
    ground.run(2);
    for (let reset = 1; reset <= 3; reset++) {
      ground.stack.spacecraft.inject({ atS: 0, kind: 'obc-hang', durationS: 60 });
      ground.run(8);
    }
    // Three boots within the window (the cold start counts) are a boot loop.
    const boots = ground.events('boot').map((event) => event.data.mode);
    expect(boots).toEqual(['SAFE', 'NOMINAL', 'SAFE', 'SAFE']);
    expect(ground.events('mode_changed').map((event) => event.data.cause)).toContain('boot: 3 boots in the boot-loop window');
  });

  it('refuses an invalid parameter value, naming its range, and changes nothing', () => {
    const ground = new TestGround(testStack());
    ground.run(1);
    const seq = ground.send('param_set', { name: 'commanding.armWindowS', value: 99999 });
    const unknown = ground.send('param_set', { name: 'power.warpFactor', value: 9 });
    ground.send('param_get', { name: 'commanding.armWindowS' });
    ground.run(2);
    expect(ground.reports(seq).at(-1)).toMatchObject({
      stage: 'failed',
      detail: expect.stringMatching(/armWindowS must be a number from 1 to 3600 s, got 99999/),
    });
    expect(ground.reports(unknown).at(-1)).toMatchObject({ stage: 'failed', detail: expect.stringMatching(/warpFactor/) });
    expect(ground.events('param_value').at(-1)?.data).toMatchObject({ value: '60' });
  });
});
