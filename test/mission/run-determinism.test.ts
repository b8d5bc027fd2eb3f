/**
 * The mission is deterministic: two short flights with one seed give the
 * same SHA-256 over the telemetry that reached the ground and the same
 * record; another seed gives another digest.
 */
import { describe, expect, it } from 'vitest';
import { flyShort } from './run-fixture.js';

/** Past the start of the first contact (1332 s): telemetry has come down. */
const ORBITS = 0.25;

describe('mission determinism', () => {
  it('the same seed gives the same telemetry digest and the same record; another seed another digest', () => {
    const first = flyShort(1, ':memory:', ORBITS);
    const again = flyShort(1, ':memory:', ORBITS);
    const other = flyShort(2, ':memory:', ORBITS);
    expect(first.figures.telemetry.packets).toBeGreaterThan(100);
    expect(first.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(again.digest).toBe(first.digest);
    expect(JSON.stringify(again.record)).toBe(JSON.stringify(first.record));
    expect(other.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(other.digest).not.toBe(first.digest);
  });
});
