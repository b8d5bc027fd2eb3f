/**
 * When faults happen: a scenario's faults start at their times (in time
 * order), live injections start now, and lasting faults end after their
 * duration. What a fault does is apply.ts.
 */

import { applyFault, revertFault, type FaultTargets } from './apply.js';
import type { TimedFault } from './types.js';

/** A lasting fault, until its end. */
interface ActiveFault {
  readonly fault: TimedFault;
  readonly endS: number;
}

const LASTING_END = Number.POSITIVE_INFINITY;

export class FaultSchedule {
  private readonly scheduled: TimedFault[];
  private nextScheduled = 0;
  private readonly active: ActiveFault[] = [];

  constructor(
    private readonly targets: FaultTargets,
    scenario: readonly TimedFault[],
  ) {
    this.scheduled = [...scenario].sort((a, b) => a.atS - b.atS);
  }

  /** Starts a fault at startS (durationS, where the kind lasts, counts from then). */
  start(fault: TimedFault, startS: number): void {
    const endS = fault.durationS === undefined ? LASTING_END : startS + fault.durationS;
    applyFault(this.targets, fault, endS);
    if (fault.durationS !== undefined) this.active.push({ fault, endS });
  }

  /** At mission time timeS: the scenario's faults due start, then the lasting faults that reached their end are reverted. */
  advance(timeS: number): void {
    while (this.nextScheduled < this.scheduled.length && this.scheduled[this.nextScheduled]!.atS <= timeS) {
      const fault = this.scheduled[this.nextScheduled++]!;
      this.start(fault, fault.atS);
    }
    for (let i = this.active.length - 1; i >= 0; i--) {
      const entry = this.active[i]!;
      if (entry.endS <= timeS) {
        this.active.splice(i, 1);
        revertFault(this.targets, entry.fault);
      }
    }
  }
}
