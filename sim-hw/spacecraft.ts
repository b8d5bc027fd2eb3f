/**
 * The simulated spacecraft: every hardware model wired into one step per
 * control tick. It implements the hardware contract (fsw/hal): `current()`
 * shows the SensorFrame, `step(actuators)` applies the software's answer,
 * advances dtS and returns the next frame. Order within a tick:
 *
 *   1. latch the actuators (rails, heater duty, charge limit, accelerator
 *      settings and command, scrub and retirement requests, watchdog stroke)
 *   2. advance the clock; scheduled faults start or end
 *   3. world: orbit, sunlight, station visibility, South Atlantic Anomaly
 *   4. radiation: memory upsets, logic upsets, hangs (Poisson, seeded)
 *   5. heaters, accelerator (jobs, its HBM scrub), the RAM scrub
 *   6. power: array, rails and loads (latch-up currents), bus, battery;
 *      brown-out; latch-up damage
 *   7. thermal network, then its sensors
 *   8. watchdog and the flight computer's boot state; link geometry
 *   9. the SensorFrame
 *
 * All randomness comes from config.seed, split into named streams; the same
 * seed and the same actuator frames give a bit-identical stream of frames.
 */

import type { ActuatorFrame, RailName, SensorFrame, ZoneName } from '../fsw/hal/frames.js';
import type { SimulatedHardware } from '../fsw/hal/link.js';
import {
  type AcceleratorState,
  acceleratorSensors,
  createAcceleratorState,
  createMemoryRegionState,
  goldenResult,
  injectLogicUpset,
  injectRandomUpsets,
  injectSefi,
  injectUpsetsInBuffer,
  jobTruth,
  markFailed,
  memorySensors,
  requestScrub,
  retirePage,
  stepAccelerator,
  stepRandomUpsets,
  stepScrub,
  type JobTruth,
  type MemoryRegionState,
} from './accelerator/index.js';
import { checkSpacecraftConfig, type SpacecraftConfig } from './config.js';
import type { TimedFault } from './faults/types.js';
import { SPEED_OF_LIGHT_KM_S, createLinkState, linkSensors, updateLinkGeometry, type LinkState } from './link/channel.js';
import { degradeArray } from './power/array.js';
import { fadeBattery } from './power/battery.js';
import type { EnergyLedger } from './power/ledger.js';
import {
  applyPowerActuators,
  brownOut,
  createPowerOutputs,
  createPowerState,
  powerSensors,
  powerUp,
  powerUpAllowed,
  stepPower,
  type PowerInputs,
  type PowerOutputs,
  type PowerState,
} from './power/power.js';
import { applyRailRequests } from './power/rails.js';
import { Random } from './random.js';
import {
  createHeaterOutputs,
  createHeaterState,
  heaterSensors,
  requestHeaterDuty,
  setHeaterFault,
  stepHeaters,
  type HeaterOutputs,
  type HeaterState,
} from './thermal/heaters.js';
import { createThermalOutputs, createThermalState, stepThermal, type ThermalOutputs, type ThermalState } from './thermal/network.js';
import {
  clearSensorFault,
  createSensorReadings,
  createTemperatureSensorState,
  setSensorFault,
  stepTemperatureSensors,
  thermalSensors,
  type SensorReadings,
  type TemperatureSensorState,
} from './thermal/sensors.js';
import { fillZoneHeatW, zoneTemperaturesC } from './thermal/zones.js';
import { createObcState, obcSensors, resetObc, stepObc, type ObcState } from './watchdog/obc.js';
import { createWatchdogState, stepWatchdog, type WatchdogState } from './watchdog/watchdog.js';
import { createOrbitSample, orbitAt, type OrbitSample } from './world/orbit.js';
import { inSaa, meanDoseRateRadPerS, upsetRateMultiplier } from './world/radiation.js';
import { lookAngles, type LookAngles } from './world/station.js';

/** What the simulator knows that the flight software does not: for tests, campaigns and reports. */
export interface SpacecraftTruth {
  readonly timeS: number;
  readonly orbitNumber: number;
  readonly sunlit: boolean;
  readonly inSaa: boolean;
  readonly inContact: boolean;
  readonly elevationDeg: number;
  readonly rangeKm: number;
  readonly socFraction: number;
  readonly busVoltageV: number;
  readonly temperaturesC: Readonly<Record<ZoneName, number>>;
  /** The flight computer has power (false between a brown-out and the power-up). */
  readonly obcPowered: boolean;
  /** An obc-hang fault holds the flight computer until this time (the harness honours it). */
  readonly obcHangUntilS: number;
  readonly counts: Readonly<SpacecraftCounts>;
  readonly ledger: Readonly<EnergyLedger>;
  /** Parts damaged for good, with why. */
  readonly damage: readonly string[];
  /** Rails with a latch-up drawing extra current now. */
  readonly latchups: readonly RailName[];
}

export interface SpacecraftCounts {
  hbmUpsets: number;
  ramUpsets: number;
  logicUpsets: number;
  sefis: number;
  latchups: number;
  brownouts: number;
  watchdogResets: number;
  faultsInjected: number;
}

interface LatchupState {
  extraCurrentA: number;
  onS: number;
}

interface ActiveFault {
  readonly fault: TimedFault;
  readonly endS: number;
}

const LASTING_END = Number.POSITIVE_INFINITY;
/** The truth's empty lists (most ticks): one frozen array rather than a copy each time. */
const NONE: readonly never[] = Object.freeze([]);

export class Spacecraft implements SimulatedHardware {
  readonly config: SpacecraftConfig;
  readonly dtS: number;
  private timeS: number;
  private frameNumber = 0;
  private frame: SensorFrame;

  private readonly rng: { radiation: Random; sensors: Random; faults: Random; link: Random };
  private readonly orbit: OrbitSample = createOrbitSample();
  private readonly look: LookAngles = { elevationDeg: 0, rangeKm: 0 };
  private readonly power: PowerState;
  private readonly powerOut: PowerOutputs = createPowerOutputs();
  private readonly thermal: ThermalState;
  private readonly thermalOut: ThermalOutputs = createThermalOutputs();
  private readonly heatW = new Float64Array(5);
  private readonly temperaturesC: Record<ZoneName, number>;
  private readonly heaters: HeaterState = createHeaterState();
  private readonly heaterOut: HeaterOutputs = createHeaterOutputs();
  private readonly sensors: TemperatureSensorState;
  private readonly readings: SensorReadings;
  private readonly accelerator: AcceleratorState;
  private readonly ram: MemoryRegionState;
  private readonly watchdog: WatchdogState = createWatchdogState();
  private readonly obc: ObcState = createObcState();
  private readonly linkState: LinkState = createLinkState();

  private readonly latchups = new Map<RailName, LatchupState>();
  private readonly deadRails = new Set<RailName>();
  private readonly damage: string[] = [];
  private readonly scheduled: TimedFault[];
  private nextScheduled = 0;
  private readonly active: ActiveFault[] = [];
  private stormMultiplier = 1;
  private outageUntilS = -1;
  private obcHangUntilS = -1;
  private obcPowered = true;
  private saaNow = false;
  private readonly counts: SpacecraftCounts = {
    hbmUpsets: 0,
    ramUpsets: 0,
    logicUpsets: 0,
    sefis: 0,
    latchups: 0,
    brownouts: 0,
    watchdogResets: 0,
    faultsInjected: 0,
  };

  /** Throws when the configuration is invalid: build one with checkSpacecraftConfig first to report problems. */
  constructor(config: SpacecraftConfig, scenario: readonly TimedFault[] = []) {
    const problems = checkSpacecraftConfig(config);
    if (problems.length > 0) throw new Error(`invalid spacecraft configuration:\n  ${problems.join('\n  ')}`);
    this.config = config;
    this.dtS = config.dtS;
    this.timeS = config.startTimeS;
    const root = Random.fromSeed(config.seed);
    this.rng = { radiation: root.split('radiation'), sensors: root.split('sensor-noise'), faults: root.split('fault-effects'), link: root.split('link-loss') };
    this.thermal = createThermalState(config.thermal);
    this.temperaturesC = zoneTemperaturesC(this.thermal);
    this.power = createPowerState(config.power, this.temperaturesC.battery);
    this.sensors = createTemperatureSensorState(config.sensors);
    this.readings = createSensorReadings(config.sensors);
    this.accelerator = createAcceleratorState(config.accelerator);
    this.ram = createMemoryRegionState(config.ram);
    this.scheduled = [...scenario].sort((a, b) => a.atS - b.atS);
    this.updateWorld();
    // Settle the bus for the first frame: a microsecond of power flow, nothing else moves.
    stepPower(this.power, this.powerInputs(0, { avionics: 0, comms: 0, heaters: 0, payload: 0, accelerator: 0 }), config.power, 1e-6, this.powerOut);
    stepTemperatureSensors(this.sensors, this.temperaturesC, config.sensors, this.rng.sensors, this.readings);
    this.frame = this.buildFrame();
  }

  current(): SensorFrame {
    return this.frame;
  }

  step(actuators: ActuatorFrame): SensorFrame {
    const { config, dtS } = this;
    // 1. actuators
    applyPowerActuators(this.power, actuators, config.power);
    for (const rail of this.deadRails) this.power.rails.requested[rail] = false;
    requestHeaterDuty(this.heaters, actuators.heaterDutyPct);
    for (const request of actuators.scrub ?? []) {
      const region = request.region === 'hbm' ? this.accelerator.hbm : this.ram;
      requestScrub(region, request.firstPage, request.pages);
    }
    for (const page of actuators.retirePages ?? []) retirePage(page.region === 'hbm' ? this.accelerator.hbm : this.ram, page.page);

    // 2. time (counted in ticks, so it never drifts) and scheduled faults
    this.frameNumber++;
    this.timeS = config.startTimeS + this.frameNumber * dtS;
    const timeS = this.timeS;
    this.runFaultSchedule(timeS);

    // 3. world
    this.updateWorld();

    // 4. radiation
    const multiplier = upsetRateMultiplier(config.radiation, this.orbit.subLatDeg, this.orbit.subLonDeg, this.stormMultiplier);
    const { effects } = config;
    this.counts.hbmUpsets += stepRandomUpsets(
      this.accelerator.hbm,
      this.rng.radiation,
      effects.hbmUpsetsPerBitPerDay * multiplier,
      effects.multiBitFraction,
      dtS,
    );
    this.counts.ramUpsets += stepRandomUpsets(this.ram, this.rng.radiation, effects.ramUpsetsPerBitPerDay * multiplier, effects.multiBitFraction, dtS);
    const doseRad = meanDoseRateRadPerS(config.radiation) * multiplier * dtS;
    for (let n = this.rng.radiation.poisson(doseRad * effects.logicUpsetsPerRad); n > 0; n--) {
      if (injectLogicUpset(this.accelerator, this.rng.radiation)) this.counts.logicUpsets++;
    }
    for (let n = this.rng.radiation.poisson(doseRad * effects.sefisPerRad); n > 0; n--) {
      if (injectSefi(this.accelerator)) this.counts.sefis++;
    }

    // 5. heaters, accelerator, RAM scrub
    applyRailRequests(this.power.rails);
    const railsOn = this.power.rails.on;
    stepHeaters(this.heaters, railsOn.heaters, config.heaters, this.heaterOut);
    const accel = actuators.accelerator;
    const device = stepAccelerator(
      this.accelerator,
      // an absent setting is undefined (stepAccelerator tests !== undefined): no spreads
      {
        powered: railsOn.accelerator,
        powerCapW: accel?.powerCapW,
        clockMHz: accel?.clockMHz,
        command: accel?.command ?? null,
        dieTemperatureC: this.temperaturesC.accelerator,
      },
      config.accelerator,
      dtS,
      timeS,
    );
    stepScrub(this.ram, dtS, timeS);

    // 6. power
    const latchupCurrentA = { avionics: 0, comms: 0, heaters: 0, payload: 0, accelerator: 0 };
    for (const [rail, latchup] of this.latchups) {
      if (!railsOn[rail]) {
        this.latchups.delete(rail); // power-cycled: the latch-up is cleared
        continue;
      }
      latchupCurrentA[rail] = latchup.extraCurrentA;
      latchup.onS += dtS;
      if (latchup.onS > effects.latchupDamageS) this.damageRail(rail, timeS);
    }
    const out = stepPower(this.power, this.powerInputs(device.powerW, latchupCurrentA), config.power, dtS, this.powerOut);
    if (out.brownout && this.obcPowered) {
      brownOut(this.power);
      this.latchups.clear();
      this.obcPowered = false;
      this.counts.brownouts++;
    } else if (!this.obcPowered && powerUpAllowed(this.power, config.power, out.arrayAvailableW)) {
      powerUp(this.power, config.power);
      for (const rail of this.deadRails) this.power.rails.requested[rail] = false;
      this.obcPowered = true;
      resetObc(this.obc, 'brownout');
      this.obcHangUntilS = -1;
      this.watchdog.sinceStrokeS = 0;
    }

    // 7. thermal
    const rail = out.railPowerW;
    fillZoneHeatW(this.heatW, {
      acceleratorW: rail.accelerator,
      boardElectronicsW: rail.avionics + rail.comms + rail.payload,
      boardHeaterW: this.heaterOut.powerW.board,
      batteryHeaterW: this.heaterOut.powerW.battery,
      batteryLossW: out.batteryHeatW,
    });
    stepThermal(this.thermal, { heatW: this.heatW, sunlit: this.orbit.sunlit, earthSunCos: this.orbit.earthSunCos }, config.thermal, dtS, this.thermalOut);
    zoneTemperaturesC(this.thermal, this.temperaturesC);
    stepTemperatureSensors(this.sensors, this.temperaturesC, config.sensors, this.rng.sensors, this.readings);

    // 8. watchdog, boots, link
    if (this.obcPowered) {
      if (stepWatchdog(this.watchdog, actuators.watchdogStroke, config.watchdog, dtS)) {
        resetObc(this.obc, 'watchdog');
        this.obcHangUntilS = -1; // a reset clears a hung computer
        this.counts.watchdogResets++;
      } else {
        stepObc(this.obc, dtS);
      }
    }

    // 9. frame
    this.frame = this.buildFrame();
    return this.frame;
  }

  /** Applies a fault now; atS is ignored, durationS (where the kind lasts) counts from now. */
  inject(fault: TimedFault): void {
    this.apply(fault, this.timeS);
  }

  status(): Record<string, unknown> {
    const truth = this.truth();
    return {
      timeS: truth.timeS,
      frame: this.frameNumber,
      orbitNumber: truth.orbitNumber,
      sunlit: truth.sunlit,
      inContact: truth.inContact,
      socPct: truth.socFraction * 100,
      bootCount: this.obc.bootCount,
      counts: truth.counts,
      damage: truth.damage,
    };
  }

  truth(): SpacecraftTruth {
    return {
      timeS: this.timeS,
      orbitNumber: this.orbit.orbitNumber,
      sunlit: this.orbit.sunlit,
      inSaa: this.saaNow,
      inContact: this.linkState.inContact,
      elevationDeg: this.look.elevationDeg,
      rangeKm: this.look.rangeKm,
      socFraction: this.power.battery.socFraction,
      busVoltageV: this.powerOut.busVoltageV,
      temperaturesC: { ...this.temperaturesC },
      obcPowered: this.obcPowered,
      obcHangUntilS: this.obcHangUntilS,
      counts: { ...this.counts },
      ledger: this.power.ledger,
      damage: this.damage.length === 0 ? NONE : [...this.damage],
      latchups: this.latchups.size === 0 ? NONE : [...this.latchups.keys()],
    };
  }

  /** The link channel, for the harness that carries packets (in process, or the HIL relay). */
  get link(): LinkState {
    return this.linkState;
  }

  /** The link's own random stream (loss draws). */
  get linkRandom(): Random {
    return this.rng.link;
  }

  goldenResult(jobId: number): Uint8Array | null {
    return goldenResult(this.accelerator, jobId);
  }

  jobTruth(jobId: number): JobTruth | null {
    return jobTruth(this.accelerator, jobId);
  }

  // ---------------------------------------------------------------- internals

  private powerInputs(acceleratorPowerW: number, latchupCurrentA: Record<RailName, number>): PowerInputs {
    return {
      sunlit: this.orbit.sunlit,
      incidenceCos: this.orbit.sunIncidenceCos,
      batteryTemperatureC: this.temperaturesC.battery,
      commsTransmitting: this.linkState.inContact,
      heaterPowerW: this.heaterOut.totalPowerW,
      acceleratorPowerW,
      latchupCurrentA,
    };
  }

  private updateWorld(): void {
    const { config } = this;
    orbitAt(config.orbit, this.timeS, this.orbit);
    lookAngles(this.orbit.positionEciKm, config.station, this.timeS, this.look);
    this.saaNow = inSaa(config.radiation, this.orbit.subLatDeg, this.orbit.subLonDeg);
    const up = this.timeS >= this.outageUntilS;
    if (config.link.relay) {
      updateLinkGeometry(this.linkState, up, config.link.relayLightTimeS * SPEED_OF_LIGHT_KM_S);
    } else {
      updateLinkGeometry(this.linkState, up && this.look.elevationDeg >= config.station.minElevationDeg, this.look.rangeKm);
    }
  }

  private runFaultSchedule(timeS: number): void {
    while (this.nextScheduled < this.scheduled.length && this.scheduled[this.nextScheduled]!.atS <= timeS) {
      const fault = this.scheduled[this.nextScheduled++]!;
      this.apply(fault, fault.atS);
    }
    for (let i = this.active.length - 1; i >= 0; i--) {
      const entry = this.active[i]!;
      if (entry.endS <= timeS) {
        this.active.splice(i, 1);
        this.revert(entry.fault);
      }
    }
  }

  private apply(fault: TimedFault, startS: number): void {
    this.counts.faultsInjected++;
    const endS = fault.durationS === undefined ? LASTING_END : startS + fault.durationS;
    switch (fault.kind) {
      case 'sensor-stuck':
        setSensorFault(this.sensors, fault.zone, fault.sensor, { kind: 'stuck' });
        break;
      case 'sensor-dead':
        setSensorFault(this.sensors, fault.zone, fault.sensor, { kind: 'dead' });
        break;
      case 'sensor-noisy':
        setSensorFault(this.sensors, fault.zone, fault.sensor, { kind: 'noisy', sigmaC: fault.sigmaC });
        break;
      case 'sensor-offset':
        setSensorFault(this.sensors, fault.zone, fault.sensor, { kind: 'offset', offsetC: fault.offsetC });
        break;
      case 'heater-stuck':
        setHeaterFault(this.heaters, fault.heater, fault.state === 'on' ? 'stuck-on' : 'stuck-off');
        break;
      case 'battery-capacity-loss':
        fadeBattery(this.power.battery, Math.min(0.9, 1 - (1 - this.power.battery.capacityFadeFraction) * (1 - fault.fraction)));
        break;
      case 'array-degradation':
        degradeArray(this.power.array, Math.min(1, 1 - (1 - this.power.array.degradationFraction) * (1 - fault.fraction)));
        break;
      case 'latchup':
        // A latch-up needs power; on the avionics rail the hardware's current limiter trips at once.
        if (!this.power.rails.on[fault.rail]) break;
        this.counts.latchups++;
        if (fault.rail === 'avionics') {
          resetObc(this.obc, 'power-on');
          this.obcHangUntilS = -1;
          this.watchdog.sinceStrokeS = 0;
          break;
        }
        this.latchups.set(fault.rail, { extraCurrentA: fault.extraCurrentA, onS: 0 });
        break;
      case 'sefi':
        if (injectSefi(this.accelerator)) this.counts.sefis++;
        break;
      case 'upset-burst': {
        const region = fault.region === 'hbm' ? this.accelerator.hbm : this.ram;
        const fraction = fault.multiBitFraction ?? this.config.effects.multiBitFraction;
        const buffers = fault.target === 'job' && fault.region === 'hbm' ? (this.accelerator.job?.buffers ?? []) : [];
        if (buffers.length > 0) {
          for (let n = 0; n < fault.count; n++) injectUpsetsInBuffer(region, this.rng.faults, this.rng.faults.pick(buffers), 1, fraction);
        } else {
          injectRandomUpsets(region, this.rng.faults, fault.count, fraction);
        }
        if (fault.region === 'hbm') this.counts.hbmUpsets += fault.count;
        else this.counts.ramUpsets += fault.count;
        break;
      }
      case 'logic-upset':
        if (injectLogicUpset(this.accelerator, this.rng.faults)) this.counts.logicUpsets++;
        break;
      case 'solar-storm':
        this.stormMultiplier *= fault.multiplier;
        break;
      case 'link-outage':
        this.outageUntilS = Math.max(this.outageUntilS, endS);
        break;
      case 'obc-hang':
        this.obcHangUntilS = Math.max(this.obcHangUntilS, endS);
        break;
    }
    if (fault.durationS !== undefined) this.active.push({ fault, endS });
  }

  private revert(fault: TimedFault): void {
    switch (fault.kind) {
      case 'sensor-stuck':
      case 'sensor-dead':
        clearSensorFault(this.sensors, fault.zone, fault.sensor, fault.kind === 'sensor-stuck' ? 'stuck' : 'dead');
        break;
      case 'sensor-noisy':
        clearSensorFault(this.sensors, fault.zone, fault.sensor, 'noisy');
        break;
      case 'sensor-offset':
        clearSensorFault(this.sensors, fault.zone, fault.sensor, 'offset');
        break;
      case 'heater-stuck':
        setHeaterFault(this.heaters, fault.heater, 'none');
        break;
      case 'solar-storm':
        this.stormMultiplier /= fault.multiplier;
        break;
      default:
        // Outages and hangs end by time; the other kinds have no duration.
        break;
    }
  }

  private damageRail(rail: RailName, timeS: number): void {
    this.latchups.delete(rail);
    const why = `${rail}: latch-up left powered beyond ${this.config.effects.latchupDamageS} s (at ${timeS.toFixed(1)} s)`;
    this.damage.push(why);
    if (rail === 'accelerator') markFailed(this.accelerator, why);
    else {
      // The part on the rail is dead; its switch is held off.
      this.deadRails.add(rail);
      this.power.rails.requested[rail] = false;
    }
  }

  private buildFrame(): SensorFrame {
    const temperature = this.temperaturesC;
    return {
      frame: this.frameNumber,
      timeS: this.timeS,
      obc: obcSensors(this.obc),
      power: powerSensors(this.power, this.powerOut, this.readings.battery[0] ?? temperature.battery),
      thermal: thermalSensors(this.readings, heaterSensors(this.heaterOut)),
      accelerator: acceleratorSensors(this.accelerator),
      memory: { hbm: memorySensors(this.accelerator.hbm), ram: memorySensors(this.ram) },
      watchdog: { timeoutS: this.config.watchdog.timeoutS, sinceStrokeS: this.watchdog.sinceStrokeS, resets: this.watchdog.resets },
      link: linkSensors(this.linkState, this.config.link),
    };
  }
}
