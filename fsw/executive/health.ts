/**
 * Health: every module answers a ping each second. A module that throws in
 * its step, or answers false, misses the ping. After `lateAfter` missed pings
 * in a row it is reported late; after `deadAfter` it is dead, and the
 * executive stops stroking the hardware watchdog, so that the hardware resets
 * the computer.
 */

interface ModuleHealth {
  missed: number;
  reportedLate: boolean;
  dead: boolean;
  /** The last failure of this cycle (a thrown error), if any. */
  failure: string | null;
}

export interface HealthVerdict {
  readonly late: readonly { readonly module: string; readonly missed: number }[];
  readonly dead: readonly { readonly module: string; readonly detail: string }[];
}

export class HealthMonitor {
  private readonly modules = new Map<string, ModuleHealth>();

  constructor(names: readonly string[]) {
    for (const name of names) this.modules.set(name, { missed: 0, reportedLate: false, dead: false, failure: null });
  }

  /** A module's step threw: it misses this cycle's ping. */
  noteFailure(module: string, detail: string): void {
    const health = this.modules.get(module);
    if (health) health.failure = detail;
  }

  /** One ping cycle; `answered` says which modules answered. */
  cycle(answered: (module: string) => boolean, lateAfter: number, deadAfter: number): HealthVerdict {
    const late: { module: string; missed: number }[] = [];
    const dead: { module: string; detail: string }[] = [];
    for (const [module, health] of this.modules) {
      const ok = health.failure === null && answered(module);
      const failure = health.failure;
      health.failure = null;
      if (ok) {
        health.missed = 0;
        health.reportedLate = false;
        continue;
      }
      health.missed++;
      if (health.missed >= lateAfter && !health.reportedLate) {
        health.reportedLate = true;
        late.push({ module, missed: health.missed });
      }
      if (health.missed >= deadAfter && !health.dead) {
        health.dead = true;
        dead.push({ module, detail: failure ?? `no answer to ${health.missed} pings` });
      }
    }
    return { late, dead };
  }

  get alive(): number {
    let count = 0;
    for (const health of this.modules.values()) if (!health.dead) count++;
    return count;
  }

  get deadCount(): number {
    return this.modules.size - this.alive;
  }
}
