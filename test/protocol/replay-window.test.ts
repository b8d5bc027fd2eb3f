import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { REPLAY_WINDOW_WIDTH, ReplayWindow } from '../../protocol/index.js';

describe('anti-replay window', () => {
  it('accepts increasing numbers and refuses a repeat', () => {
    const window = new ReplayWindow();
    expect(window.check(1, 1n)).toBe('new');
    window.accept(1, 1n);
    expect(window.check(1, 1n)).toBe('duplicate');
    expect(window.check(1, 2n)).toBe('new');
  });

  it('refuses 0, which is never a valid number', () => {
    expect(new ReplayWindow().check(1, 0n)).not.toBe('new');
  });

  it('accepts an older number once inside the window (out-of-order delivery) and refuses it beyond', () => {
    const window = new ReplayWindow();
    window.accept(1, 100n);
    expect(window.check(1, 100n - BigInt(REPLAY_WINDOW_WIDTH) + 1n)).toBe('new');
    expect(window.check(1, 100n - BigInt(REPLAY_WINDOW_WIDTH))).toBe('stale');
    window.accept(1, 99n);
    expect(window.check(1, 99n)).toBe('duplicate');
  });

  it('keeps one window per key id', () => {
    const window = new ReplayWindow();
    window.accept(1, 500n);
    expect(window.check(2, 1n)).toBe('new');
    expect(window.check(1, 1n)).toBe('stale');
  });

  it('handles the top of the 64-bit range', () => {
    const window = new ReplayWindow();
    window.accept(1, (1n << 64n) - 1n);
    expect(window.check(1, (1n << 64n) - 1n)).toBe('duplicate');
    expect(() => window.accept(1, 1n << 64n)).toThrow(RangeError);
  });

  it('survives a persist and restore through JSON', () => {
    const window = new ReplayWindow();
    for (const seq of [5n, 9n, 7n, 1000n]) window.accept(3, seq);
    const restored = ReplayWindow.fromRecord(JSON.parse(JSON.stringify(window.toRecord())));
    for (const seq of [5n, 7n, 9n, 1000n, 999n, 1001n, 10n]) expect(restored.check(3, seq)).toBe(window.check(3, seq));
  });

  it('refuses a corrupt record', () => {
    expect(() => ReplayWindow.fromRecord({ width: 32, keys: {} })).toThrow();
    expect(() => ReplayWindow.fromRecord({ width: REPLAY_WINDOW_WIDTH, keys: { x: { highest: '1', seen: '1' } } })).toThrow();
  });

  // Model: a set of accepted numbers and the highest one.
  test.prop([fc.array(fc.bigInt({ min: 1n, max: 300n }), { maxLength: 200 })])('agrees with a set-based model on every sequence', (numbers) => {
    const window = new ReplayWindow();
    const accepted = new Set<bigint>();
    let highest = 0n;
    for (const seq of numbers) {
      const expected = accepted.has(seq) ? 'duplicate' : seq <= highest - BigInt(REPLAY_WINDOW_WIDTH) ? 'stale' : 'new';
      const verdict = window.check(1, seq);
      expect(verdict === 'new').toBe(expected === 'new');
      if (verdict === 'new') {
        window.accept(1, seq);
        accepted.add(seq);
        if (seq > highest) highest = seq;
      }
    }
  });
});
