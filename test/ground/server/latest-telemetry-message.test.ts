/**
 * Event messages on the ground (ground/server/latest-telemetry.ts
 * eventMessage), as the ground server, the archive and the mission report
 * print them: the dictionary's message with its arguments, each number
 * rounded once, here, to what its unit deserves; "no job" where the
 * dictionary says 0 stands for none. The spacecraft's event arguments stay
 * as they were sent (the telemetry digest does not change).
 */
import { describe, expect, it } from 'vitest';
import { eventMessage, messageNumber, MESSAGE_DECIMALS_BY_UNIT } from '../../../ground/server/latest-telemetry.js';
import { missionDictionary, type EventDef } from '../../../protocol/index.js';

const dictionary = missionDictionary();

function event(name: string): EventDef {
  const entry = dictionary.downlink(name);
  if (entry?.kind !== 'event') throw new Error(`${name} is not an event`);
  return entry.def;
}

describe('eventMessage', () => {
  it('rounds numbers by the unit the dictionary gives the argument: A to 0.01, % to 0.1, per day to 1, no unit to 3 significant digits', () => {
    expect(eventMessage(event('latchup_tripped'), { rail: 'accelerator', currentA: 8.406896039592889 })).toBe(
      'latch-up on rail accelerator: 8.41 A, power-cycled',
    );
    expect(eventMessage(event('soc_estimate_started'), { socPct: 80.01416081516457, source: 'voltage' })).toBe('state of charge estimate 80.0 % from voltage');
    expect(eventMessage(event('upset_rate_high'), { region: 'ram', correctedPerDay: 87480.9387414194, factor: 5.00907591124201 })).toBe(
      'upset rate 87481/d in ram, 5.01 times the quiet rate',
    );
    expect(eventMessage(event('charging_changed'), { state: 'inhibited', temperatureC: -0.04 })).toBe('charging inhibited at battery temperature 0.0 C');
    expect(eventMessage(event('accelerator_reset'), { stalledS: 12.345678, state: 'hung', resets: 2 })).toBe(
      'accelerator heartbeat stopped for 12.3 s (hung): reset 2',
    );
  });

  it('gives an argument without a declared unit three significant digits', () => {
    expect(eventMessage({ message: '{a} and {b} of {c} ({d})', args: {} }, { a: 0.0123456, b: 12345.678, c: 7, d: 'x' })).toBe('0.0123 and 12346 of 7 (x)');
  });

  it('leaves integers, text, unknown placeholders and ground events as they were', () => {
    expect(eventMessage(event('boot'), { bootCount: 3, resetCause: 'watchdog', mode: 'SAFE', paramsSource: 'nvm', downlinkLost: 12 })).toBe(
      'boot 3 (watchdog), mode SAFE, parameters from nvm, 12 queued packets lost with the reset',
    );
    expect(eventMessage(event('mode_changed'), { from: 'SAFE', to: 'NOMINAL' })).toBe('mode SAFE -> NOMINAL ({cause})');
    expect(
      eventMessage({ message: '{failures} failed login(s) from {remote} ({reason})', args: {} }, { failures: 1, remote: '127.0.0.1', reason: 'unknown-token' }),
    ).toBe('1 failed login(s) from 127.0.0.1 (unknown-token)');
  });

  it('says "no job" where the dictionary declares 0 as none, and names a real job', () => {
    const def = event('uncorrectable_error');
    expect(eventMessage(def, { region: 'ram', page: 876083, during: 'scrub', jobId: 0 })).toBe(
      'uncorrectable error in ram page 876083 (found by scrub, no job): page retired',
    );
    expect(eventMessage(def, { region: 'hbm', page: 12, during: 'read', jobId: 7 })).toBe(
      'uncorrectable error in hbm page 12 (found by read, job 7): page retired',
    );
    // Page 0 is a page, not "none": its field declares no such thing.
    expect(eventMessage(def, { region: 'hbm', page: 0, during: 'read', jobId: 7 })).toContain('hbm page 0 (');
  });

  it('knows a precision for every unit the dictionary gives an event argument', () => {
    const units = new Set<string>();
    for (const entry of dictionary.downlinks()) {
      if (entry.kind !== 'event') continue;
      for (const field of Object.values(entry.def.args)) if (field.unit !== undefined && field.schema.type === 'number') units.add(field.unit);
    }
    expect(units.size).toBeGreaterThan(0);
    for (const unit of units) expect(MESSAGE_DECIMALS_BY_UNIT[unit], unit).toBeTypeOf('number');
    expect(messageNumber(Number.NaN, undefined)).toBe('NaN');
    expect(messageNumber(-0.0001, { schema: { type: 'number' }, description: 'x', unit: 'W' })).toBe('0.0');
  });
});
