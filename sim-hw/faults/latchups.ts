/**
 * A latch-up tick by tick: it draws its extra current while its rail is on,
 * ends when the rail is switched off (power-cycled), and left powered beyond
 * latchupDamageS it damages the part for good: a dead part's rail is held
 * off, a dead accelerator fails every later job.
 */

import type { RailName } from '../../fsw/hal/frames.js';
import { markFailed } from '../accelerator/index.js';
import type { FaultTargets } from './apply.js';

/** The parts damaged for good, kept by the spacecraft. */
export interface Damage {
  /** Why each part died, in order. */
  readonly reasons: string[];
  /** Rails whose part is dead: their switch is held off. */
  readonly deadRails: Set<RailName>;
}

export function createDamage(): Damage {
  return { reasons: [], deadRails: new Set() };
}

/**
 * Advances the latch-ups by dtS at mission time timeS and writes each rail's
 * extra current into currentA (0 where none).
 */
export function stepLatchups(
  targets: FaultTargets,
  damage: Damage,
  damageS: number,
  dtS: number,
  timeS: number,
  currentA: Record<RailName, number>,
): Record<RailName, number> {
  currentA.avionics = 0;
  currentA.comms = 0;
  currentA.heaters = 0;
  currentA.payload = 0;
  currentA.accelerator = 0;
  const railsOn = targets.power.rails.on;
  for (const [rail, latchup] of targets.latchups) {
    if (!railsOn[rail]) {
      targets.latchups.delete(rail); // power-cycled: the latch-up is cleared
      continue;
    }
    currentA[rail] = latchup.extraCurrentA;
    latchup.onS += dtS;
    if (latchup.onS > damageS) damageRail(targets, damage, rail, `latch-up left powered beyond ${damageS} s (at ${timeS.toFixed(1)} s)`);
  }
  return currentA;
}

/** Holds the rails of dead parts off (after the software's requests and after a power-up). */
export function holdDeadRailsOff(targets: FaultTargets, damage: Damage): void {
  for (const rail of damage.deadRails) targets.power.rails.requested[rail] = false;
}

function damageRail(targets: FaultTargets, damage: Damage, rail: RailName, cause: string): void {
  targets.latchups.delete(rail);
  const why = `${rail}: ${cause}`;
  damage.reasons.push(why);
  if (rail === 'accelerator') markFailed(targets.accelerator, why);
  else {
    // The part on the rail is dead; its switch is held off.
    damage.deadRails.add(rail);
    targets.power.rails.requested[rail] = false;
  }
}
