/**
 * The receiver's anti-replay window, one per key id. Sequence numbers are
 * unsigned 64-bit and start at 1. A number above the highest accepted is new;
 * one within the window below it is new only if not yet seen (out-of-order
 * delivery); anything at or below the window's lower edge is stale.
 */

export const REPLAY_WINDOW_WIDTH = 64;
export const SEQ_MAX = (1n << 64n) - 1n;

export type ReplayVerdict = 'new' | 'duplicate' | 'stale';

interface KeyWindow {
  /** Highest accepted sequence number (0 before the first). */
  highest: bigint;
  /** Bit i set: number highest - i has been accepted. */
  seen: bigint;
}

/** What persists: plain JSON, numbers as decimal and hex strings. */
export interface ReplayWindowRecord {
  readonly width: number;
  readonly keys: Readonly<Record<string, { readonly highest: string; readonly seen: string }>>;
}

const WIDTH_MASK = (1n << BigInt(REPLAY_WINDOW_WIDTH)) - 1n;

export class ReplayWindow {
  private readonly windows = new Map<number, KeyWindow>();

  check(keyId: number, seq: bigint): ReplayVerdict {
    const window = this.windows.get(keyId) ?? { highest: 0n, seen: 1n };
    if (seq > window.highest) return 'new';
    const back = window.highest - seq;
    if (back >= BigInt(REPLAY_WINDOW_WIDTH)) return 'stale';
    return (window.seen >> back) & 1n ? 'duplicate' : 'new';
  }

  /** Records seq as accepted; the caller has had 'new' from check() (asserted: accepting anything else is a programming error). */
  accept(keyId: number, seq: bigint): void {
    if (seq < 1n || seq > SEQ_MAX) throw new RangeError(`sequence number ${seq} is not 1..2^64-1`);
    const verdict = this.check(keyId, seq);
    if (verdict !== 'new') throw new Error(`replay window: accepting key ${keyId} sequence number ${seq}, which is ${verdict}`);
    const window = this.windows.get(keyId) ?? { highest: 0n, seen: 1n };
    if (seq > window.highest) {
      const shift = seq - window.highest;
      window.seen = shift >= BigInt(REPLAY_WINDOW_WIDTH) ? 1n : ((window.seen << shift) | 1n) & WIDTH_MASK;
      window.highest = seq;
    } else {
      window.seen |= 1n << (window.highest - seq);
    }
    this.windows.set(keyId, window);
  }

  /** Highest accepted number for the key, 0 when none. */
  highest(keyId: number): bigint {
    return this.windows.get(keyId)?.highest ?? 0n;
  }

  toRecord(): ReplayWindowRecord {
    const keys: Record<string, { highest: string; seen: string }> = {};
    for (const [keyId, window] of this.windows) {
      keys[String(keyId)] = { highest: window.highest.toString(10), seen: window.seen.toString(16) };
    }
    return { width: REPLAY_WINDOW_WIDTH, keys };
  }

  /** Restores a persisted window; throws on a record this version cannot read. */
  static fromRecord(record: ReplayWindowRecord): ReplayWindow {
    if (record.width !== REPLAY_WINDOW_WIDTH) throw new Error(`replay window width ${record.width} is not ${REPLAY_WINDOW_WIDTH}`);
    const restored = new ReplayWindow();
    for (const [keyId, entry] of Object.entries(record.keys)) {
      const highest = BigInt(entry.highest);
      const seen = BigInt(`0x${entry.seen}`);
      if (!/^\d+$/.test(keyId) || highest < 0n || highest > SEQ_MAX || seen > WIDTH_MASK) {
        throw new Error(`replay window entry for key ${keyId} is invalid`);
      }
      restored.windows.set(Number(keyId), { highest, seen });
    }
    return restored;
  }
}
