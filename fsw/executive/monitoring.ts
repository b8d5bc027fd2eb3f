/**
 * The on-board monitoring table: published values checked once a second
 * against limits; a value out of limits for `persistence` samples in a row
 * trips its response (an event, a mode change, or a command) once, and the
 * entry re-arms when the value is back in limits.
 */
import type { MonitorDef } from './module.js';
import type { Published } from './published.js';

interface MonitorState {
  readonly def: MonitorDef<string>;
  enabled: boolean;
  outCount: number;
  tripped: boolean;
}

export class MonitoringTable {
  private readonly entries = new Map<number, MonitorState>();
  trips = 0;

  /** Throws on a duplicate id or an empty limit band: the table is code. */
  constructor(defs: readonly MonitorDef<string>[]) {
    for (const def of defs) {
      if (this.entries.has(def.id)) throw new Error(`monitor id ${def.id} is declared twice`);
      if (!(def.low < def.high) || !(def.persistence >= 1))
        throw new Error(`monitor ${def.id} (${def.parameter}) has limits ${def.low}..${def.high}, persistence ${def.persistence}`);
      this.entries.set(def.id, { def, enabled: def.enabled, outCount: 0, tripped: false });
    }
  }

  /** False for an unknown id. */
  setEnabled(id: number, enabled: boolean): boolean {
    const entry = this.entries.get(id);
    if (!entry) return false;
    entry.enabled = enabled;
    entry.outCount = 0;
    entry.tripped = false;
    return true;
  }

  isEnabled(id: number): boolean | undefined {
    return this.entries.get(id)?.enabled;
  }

  /** Enable states that differ from the defaults, for non-volatile memory. */
  overrides(): Record<string, boolean> {
    const out: Record<string, boolean> = {};
    for (const [id, entry] of this.entries) if (entry.enabled !== entry.def.enabled) out[String(id)] = entry.enabled;
    return out;
  }

  applyOverrides(overrides: Readonly<Record<string, boolean>>): void {
    for (const [id, enabled] of Object.entries(overrides)) this.setEnabled(Number(id), enabled);
  }

  /** One sample of every enabled entry; `trip` carries out a response and says what it did. */
  evaluate(published: Published, trip: (def: MonitorDef<string>, value: number) => void): void {
    for (const entry of this.entries.values()) {
      if (!entry.enabled || !published.has(entry.def.parameter)) continue;
      const value = published.get(entry.def.parameter, 0);
      if (value >= entry.def.low && value <= entry.def.high) {
        entry.outCount = 0;
        entry.tripped = false;
        continue;
      }
      entry.outCount++;
      if (!entry.tripped && entry.outCount >= entry.def.persistence) {
        entry.tripped = true;
        this.trips++;
        trip(entry.def, value);
      }
    }
  }
}
