/**
 * The uplink's frame layer on board: TC frames for this spacecraft are
 * taken, those naming another are refused and counted; a telecommand too
 * long for one frame arrives in segments; the TM frame counts and the SDLS
 * sequence number go on across a reset (no frame counted lost, none refused
 * as a replay).
 */
import { describe, expect, it } from 'vitest';
import { TcFramer, VERIFICATION_CODES } from '../../../protocol/index.js';
import { TestGround, testStack } from '../../helpers/ground.js';

describe('TC and TM frames on board', () => {
  it('refuses a TC frame for another spacecraft and counts it; takes the same command for this one', () => {
    const ground = new TestGround(testStack());
    ground.run(2);
    const ping = ground.build('ping', { token: 77 });
    for (const frame of new TcFramer({ spacecraftId: ground.stack.spacecraftId + 1 }).frames([ping])) ground.stack.uplinkFrame(frame);
    ground.run(2);
    expect(ground.events('pong')).toEqual([]);
    ground.send('param_set', { name: 'telemetry.hkPeriodS.commanding', value: 1 });
    ground.run(3);
    expect(ground.last('commanding_hk')).toMatchObject({ framesWrongSpacecraft: 1, framesRejected: 0 });
    ground.stack.uplink(ping);
    ground.run(2);
    expect(ground.events('pong').map((event) => event.data.token)).toEqual([77]);
    expect(ground.undecodable).toEqual([]);
  });

  it('takes a telecommand longer than one TC frame in segments', () => {
    const ground = new TestGround(testStack());
    ground.run(2);
    const input = new Uint8Array(2000).map((_, i) => i & 0xff);
    const packet = ground.build('submit_job', { jobId: 41, kind: 'matmul', size: 16, inputSeed: 1, input, priority: 1 });
    expect(packet.length).toBeGreaterThan(1016);
    expect(ground.stack.groundFramer.frames([packet])).toHaveLength(3);
    ground.stack.uplink(packet);
    ground.run(2);
    // It arrived whole and authentic: decoded, and refused only by the mode (SAFE sheds the payload).
    expect(ground.reports(ground.seq - 1n)).toMatchObject([{ stage: 'rejected', code: VERIFICATION_CODES['mode-forbidden'] }]);
  });

  it('goes on with the frame counts and the SDLS sequence number across a reset: the ground counts no frame lost and refuses none', () => {
    const ground = new TestGround(testStack({ scenario: [{ atS: 30, kind: 'obc-hang', durationS: 10 }] }));
    ground.run(80);
    expect(ground.stack.starts).toBe(2);
    const deframer = ground.stack.groundDeframer;
    expect(deframer.refusedTotal).toBe(0);
    for (const [, counters] of deframer.allChannels()) expect(counters).toMatchObject({ framesLost: 0, packetsCut: 0 });
    expect(deframer.channel(0).frames).toBeGreaterThan(0);
    expect(ground.undecodable).toEqual([]);
  });
});
