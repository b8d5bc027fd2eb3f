import { describe, expect, it } from 'vitest';
import {
  DEFAULT_LINK_PARAMS,
  checkLinkParams,
  createLinkState,
  linkSensors,
  receivePackets,
  sendPacket,
  updateLinkGeometry,
} from '../../../sim-hw/link/channel.js';
import { Random } from '../../../sim-hw/random.js';

const lossless = { ...DEFAULT_LINK_PARAMS, lossProbability: 0 };
const packet = (bytes: number, tag = 0) => new Uint8Array(bytes).fill(tag);

describe('space link channel', () => {
  it('drops and counts packets out of contact', () => {
    const state = createLinkState();
    updateLinkGeometry(state, false, 2000);
    expect(sendPacket(state, lossless, 'downlink', packet(100), 0, Random.fromSeed(1))).toBe('no-contact');
    expect(state.downlink.counters).toMatchObject({ sent: 1, droppedNoContact: 1 });
    expect(linkSensors(state, lossless)).toEqual({ inContact: false, uplinkBps: 0, downlinkBps: 0 });
  });

  it('delivers after the light-time, in order', () => {
    const state = createLinkState();
    updateLinkGeometry(state, true, 2997.92458); // 10 ms of light-time
    const rng = Random.fromSeed(1);
    for (let tag = 1; tag <= 3; tag++) sendPacket(state, lossless, 'uplink', packet(400, tag), 0, rng);
    // 400 bytes at 32 kbit/s = 0.1 s each: the third leaves at 0.3 s and lands at 0.31 s.
    expect(receivePackets(state, 'uplink', 0.109)).toHaveLength(0);
    expect(receivePackets(state, 'uplink', 0.1101).map((p) => p[0])).toEqual([1]);
    expect(receivePackets(state, 'uplink', 0.3101).map((p) => p[0])).toEqual([2, 3]);
    expect(state.uplink.counters.delivered).toBe(3);
  });

  it('serialises at the data rate and bounds the backlog', () => {
    const state = createLinkState();
    updateLinkGeometry(state, true, 1000);
    const rng = Random.fromSeed(1);
    // 3200-byte packets take 0.1 s at 256 kbit/s; a 2 s backlog holds about 21.
    const outcomes = Array.from({ length: 40 }, () => sendPacket(state, lossless, 'downlink', packet(3200), 0, rng));
    const accepted = outcomes.filter((outcome) => outcome === 'in-flight').length;
    expect(accepted).toBe(21);
    expect(state.downlink.counters.droppedBacklog).toBe(19);
  });

  it('loses packets at the configured rate', () => {
    const state = createLinkState();
    updateLinkGeometry(state, true, 1000);
    const rng = Random.fromSeed(7);
    const params = { ...DEFAULT_LINK_PARAMS, lossProbability: 0.1, downlinkBps: 1e9 };
    for (let i = 0; i < 20_000; i++) sendPacket(state, params, 'downlink', packet(10), i, rng);
    // Binomial: mean 2000, sigma ~42.
    expect(Math.abs(state.downlink.counters.lost - 2000)).toBeLessThan(4 * 42.4);
  });

  it('refuses out-of-range parameters', () => {
    expect(checkLinkParams(DEFAULT_LINK_PARAMS)).toEqual([]);
    expect(checkLinkParams({ ...DEFAULT_LINK_PARAMS, lossProbability: 2, uplinkBps: 0 })).toHaveLength(2);
  });
});
