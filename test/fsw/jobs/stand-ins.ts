/**
 * Test-only modules standing in for the power and memory modules (written
 * separately): one switches the accelerator rail on when the mode allows the
 * accelerator and publishes the cap and state of charge the test sets; the
 * other resets the accelerator when its heartbeat stops (SEFI), as the
 * memory module does, and publishes the compute pause the test sets.
 */
import { MODE_RULES } from '../../../fsw/executive/modes.js';
import { defineModule, type ModuleFactory } from '../../../fsw/executive/module.js';
import { OPEN_VALUES } from '../../helpers/stand-ins.js';

export interface RailKnobs {
  /** null: the cap no module holds back (the device maximum). */
  capW: number | null;
  socPct: number;
  computePaused: number;
}

export function railStandIn(knobs: RailKnobs): ModuleFactory {
  return defineModule('power', (ctx) => ({
    rateHz: 10,
    step() {
      ctx.actuators.rail('accelerator', MODE_RULES[ctx.mode].acceleratorAllowed);
      ctx.published.write('power.acceleratorCapW', knobs.capW ?? OPEN_VALUES['power.acceleratorCapW']!);
      ctx.published.write('power.socPct', knobs.socPct);
    },
  }));
}

/** Resets the accelerator when its heartbeat has not moved for stuckS while it is hung; publishes the knobs' compute pause. */
export function sefiStandIn(knobs: RailKnobs, stuckS = 1): ModuleFactory {
  let lastBeat = -1;
  let sinceS = 0;
  let resets = 0;
  return defineModule('memory', (ctx) => ({
    rateHz: 10,
    step(dtS) {
      ctx.published.write('memory.computePaused', knobs.computePaused);
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
        ctx.published.write('memory.acceleratorResets', resets);
      }
    },
  }));
}
