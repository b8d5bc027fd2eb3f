/**
 * Test-only modules standing in for the power and memory modules (written
 * separately): one switches the accelerator rail on when the mode allows the
 * accelerator and publishes the cap and state of charge the test sets; the
 * other resets the accelerator when its heartbeat stops (SEFI), as the
 * memory module does.
 */
import type { Executive } from '../../../fsw/executive/executive.js';
import { MODE_RULES } from '../../../fsw/executive/modes.js';
import type { FlightModule } from '../../../fsw/executive/module.js';

export interface RailKnobs {
  capW: number | null;
  socPct: number;
  computePaused: number;
}

export function railStandIn(knobs: RailKnobs): (core: Executive) => FlightModule {
  return () => ({
    name: 'test-power',
    rateHz: 10,
    step(ctx) {
      ctx.actuators.rail('accelerator', MODE_RULES[ctx.mode].acceleratorAllowed);
      if (knobs.capW !== null) ctx.published.set('power.acceleratorCapW', knobs.capW);
      ctx.published.set('power.socPct', knobs.socPct);
      ctx.published.set('memory.computePaused', knobs.computePaused);
    },
  });
}

/** Resets the accelerator when its heartbeat has not moved for stuckS while it is hung. */
export function sefiStandIn(stuckS = 1): (core: Executive) => FlightModule {
  let lastBeat = -1;
  let sinceS = 0;
  let resets = 0;
  return () => ({
    name: 'test-memory',
    rateHz: 10,
    step(ctx, dtS) {
      const device = ctx.frame.accelerator;
      if (device.heartbeat !== lastBeat || device.state === 'off') {
        lastBeat = device.heartbeat;
        sinceS = 0;
        return;
      }
      sinceS += dtS;
      if (sinceS >= stuckS && !ctx.actuators.acceleratorBusy) {
        ctx.actuators.acceleratorCommand({ op: 'reset' });
        resets++;
        sinceS = 0;
        ctx.published.set('memory.acceleratorResets', resets);
      }
    },
  });
}
