/**
 * The actuator requests of one tick, merged from every module into the one
 * ActuatorFrame the hardware receives. A field nobody set stays absent (the
 * hardware holds it). The accelerator power cap is the lowest any module
 * asks for; setting an accelerator command twice in a tick is a programming
 * error.
 */
import type { AcceleratorCommand, ActuatorFrame, HeaterName, PageRef, RailName, ScrubRequest } from '../hal/frames.js';

export class ActuatorRequests {
  private rails: Partial<Record<RailName, boolean>> | undefined;
  private heaters: Partial<Record<HeaterName, number>> | undefined;
  private chargeLimitA: number | undefined;
  private capW: number | undefined;
  private clockMHz: number | undefined;
  private command: AcceleratorCommand | undefined;
  private scrubs: ScrubRequest[] | undefined;
  private retire: PageRef[] | undefined;

  rail(name: RailName, on: boolean): void {
    (this.rails ??= {})[name] = on;
  }

  heaterDuty(name: HeaterName, dutyPct: number): void {
    (this.heaters ??= {})[name] = Math.min(100, Math.max(0, dutyPct));
  }

  chargeLimit(currentA: number): void {
    this.chargeLimitA = Math.max(0, currentA);
  }

  /** Caps the accelerator's power; the lowest cap asked for this tick wins. */
  acceleratorCap(powerW: number): void {
    const capW = Math.max(0, powerW);
    this.capW = this.capW === undefined ? capW : Math.min(this.capW, capW);
  }

  acceleratorClock(clockMHz: number): void {
    this.clockMHz = clockMHz;
  }

  acceleratorCommand(command: AcceleratorCommand): void {
    if (this.command !== undefined) throw new Error(`accelerator command "${command.op}" requested after "${this.command.op}" in one tick`);
    this.command = command;
  }

  /** An accelerator command is already set this tick. */
  get acceleratorBusy(): boolean {
    return this.command !== undefined;
  }

  scrub(request: ScrubRequest): void {
    (this.scrubs ??= []).push(request);
  }

  retirePage(page: PageRef): void {
    (this.retire ??= []).push(page);
  }

  /** The frame for the hardware; the requests start empty again. */
  take(watchdogStroke: boolean): ActuatorFrame {
    // Fields in this order, absent when nobody set them (assignments in place of spreads: same keys, same order).
    const frame: { -readonly [K in keyof ActuatorFrame]: ActuatorFrame[K] } = { watchdogStroke };
    if (this.rails) frame.rails = this.rails;
    if (this.heaters) frame.heaterDutyPct = this.heaters;
    if (this.chargeLimitA !== undefined) frame.chargeCurrentLimitA = this.chargeLimitA;
    if (this.capW !== undefined || this.clockMHz !== undefined || this.command !== undefined) {
      const accelerator: { -readonly [K in keyof NonNullable<ActuatorFrame['accelerator']>]: NonNullable<ActuatorFrame['accelerator']>[K] } = {};
      if (this.capW !== undefined) accelerator.powerCapW = this.capW;
      if (this.clockMHz !== undefined) accelerator.clockMHz = this.clockMHz;
      if (this.command) accelerator.command = this.command;
      frame.accelerator = accelerator;
    }
    if (this.scrubs) frame.scrub = this.scrubs;
    if (this.retire) frame.retirePages = this.retire;
    this.rails = undefined;
    this.heaters = undefined;
    this.chargeLimitA = undefined;
    this.capW = undefined;
    this.clockMHz = undefined;
    this.command = undefined;
    this.scrubs = undefined;
    this.retire = undefined;
    return frame;
  }
}
