/**
 * The simulated spacecraft: every hardware model wired into one step per
 * control tick. It implements the hardware contract (fsw/hal): `current()`
 * shows the SensorFrame, `step(actuators)` applies the software's answer,
 * advances dtS and returns the next frame. Order within a tick (step):
 *
 *   1. latch the actuators: rail switch requests (held for step 5; rails of
 *      dead parts stay off), charge limit, heater duty, scrub and page
 *      retirement requests
 *   2. advance the clock (counted in ticks); scheduled faults start, lasting
 *      ones that reached their end are reverted (faults/schedule.ts)
 *   3. on a slow tick, the world: orbit, sunlight, station look angles,
 *      South Atlantic Anomaly (world/world.ts); every tick the link geometry
 *      from it: contact (outages included), range
 *   4. on a slow tick: radiation: memory upsets (HBM, RAM), logic upsets and
 *      SEFIs (Poisson, seeded) drawn for the slow step, at the rate of the SAA
 *      and any storm
 *   5. the held rail requests take effect; heaters; the accelerator with this
 *      tick's cap, clock and command (jobs, its HBM scrub); the RAM scrub
 *   6. latch-ups (extra currents, damage when left on: faults/latchups.ts);
 *      power: array, rails and loads, bus, battery, ledger; then a brown-out
 *      (every rail off, the computer unpowered) or the power-up after one
 *   7. the tick's heat into the thermal network's sum; on a slow tick the
 *      network advances one slow step on the mean heat, then its sensors read
 *   8. while powered: the watchdog (stroke or reset) and the flight
 *      computer's uptime
 *   9. the SensorFrame
 *
 * Slow ticks: every frame whose number is a multiple of slowTicks(config)
 * (config.slowStepS, 1 s by default, ten ticks: with a whole startTimeS, the
 * frames where the clock enters a new second, as the flight software's 1 Hz
 * group). The slow physics moves on time constants of minutes (the
 * smallest node of the thermal network: ~190 s), on rates, and with the
 * orbit (7.6 km/s: sunlight and contacts begin within a second): integrated
 * once a second it stays within a few millikelvin of the 0.1 s integration
 * (test/sim-hw/spacecraft.test.ts, SIM-012); slowStepS = dtS gives the
 * tick-by-tick integration bit for bit.
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
  injectSefi,
  jobTruth,
  memorySensors,
  requestScrub,
  retirePage,
  stepAccelerator,
  stepRandomUpsets,
  stepScrub,
  type JobTruth,
  type MemoryRegionState,
} from './accelerator/index.js';
import { checkSpacecraftConfig, slowTicks, type SpacecraftConfig } from './config.js';
import { createFaultConditions, type FaultConditions, type FaultCounts, type FaultTargets, type LatchupState } from './faults/apply.js';
import { createDamage, holdDeadRailsOff, stepLatchups, type Damage } from './faults/latchups.js';
import { FaultSchedule } from './faults/schedule.js';
import type { TimedFault } from './faults/types.js';
import { SPEED_OF_LIGHT_KM_S, createLinkState, linkSensors, updateLinkGeometry, type LinkState } from './link/channel.js';
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
  stepHeaters,
  type HeaterOutputs,
  type HeaterState,
} from './thermal/heaters.js';
import { createThermalOutputs, createThermalState, stepThermal, type ThermalOutputs, type ThermalState } from './thermal/network.js';
import {
  createSensorReadings,
  createTemperatureSensorState,
  stepTemperatureSensors,
  thermalSensors,
  type SensorReadings,
  type TemperatureSensorState,
} from './thermal/sensors.js';
import { fillZoneHeatW, zoneTemperaturesC } from './thermal/zones.js';
import { createObcState, obcSensors, resetObc, stepObc, type ObcState } from './watchdog/obc.js';
import { createWatchdogState, stepWatchdog, type WatchdogState } from './watchdog/watchdog.js';
import { meanDoseRateRadPerS, upsetRateMultiplier } from './world/radiation.js';
import { World } from './world/world.js';

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

export interface SpacecraftCounts extends FaultCounts {
  brownouts: number;
  watchdogResets: number;
}

/** The truth's empty lists (most ticks): one frozen array rather than a copy each time. */
const NONE: readonly never[] = Object.freeze([]);

export class Spacecraft implements SimulatedHardware {
  readonly config: SpacecraftConfig;
  readonly dtS: number;
  private timeS: number;
  private frameNumber = 0;
  private frame: SensorFrame;

  private readonly rng: { radiation: Random; sensors: Random; faults: Random; link: Random };
  private readonly world: World;
  private readonly power: PowerState;
  private readonly powerOut: PowerOutputs = createPowerOutputs();
  private readonly thermal: ThermalState;
  private readonly thermalOut: ThermalOutputs = createThermalOutputs();
  private readonly heatW = new Float64Array(5);
  /** The heat of the ticks since the last slow tick, per node (W, summed over ticks). */
  private readonly heatSumW = new Float64Array(5);
  private readonly slowTicks: number;
  private readonly slowStepS: number;
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
  private readonly latchupCurrentA: Record<RailName, number> = { avionics: 0, comms: 0, heaters: 0, payload: 0, accelerator: 0 };
  private readonly damage: Damage = createDamage();
  private readonly conditions: FaultConditions = createFaultConditions();
  /** What faults act on: the parts above, by reference. */
  private readonly faultTargets: FaultTargets;
  private readonly faults: FaultSchedule;
  private obcPowered = true;
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
    this.slowTicks = slowTicks(config);
    this.slowStepS = this.slowTicks * config.dtS;
    this.timeS = config.startTimeS;
    const root = Random.fromSeed(config.seed);
    this.rng = { radiation: root.split('radiation'), sensors: root.split('sensor-noise'), faults: root.split('fault-effects'), link: root.split('link-loss') };
    this.world = new World(config);
    this.thermal = createThermalState(config.thermal);
    this.temperaturesC = zoneTemperaturesC(this.thermal);
    this.power = createPowerState(config.power, this.temperaturesC.battery);
    this.sensors = createTemperatureSensorState(config.sensors);
    this.readings = createSensorReadings(config.sensors);
    this.accelerator = createAcceleratorState(config.accelerator);
    this.ram = createMemoryRegionState(config.ram);
    this.faultTargets = {
      sensors: this.sensors,
      heaters: this.heaters,
      power: this.power,
      accelerator: this.accelerator,
      ram: this.ram,
      obc: this.obc,
      watchdog: this.watchdog,
      latchups: this.latchups,
      conditions: this.conditions,
      counts: this.counts,
      random: this.rng.faults,
      multiBitFraction: config.effects.multiBitFraction,
    };
    this.faults = new FaultSchedule(this.faultTargets, scenario);
    this.updateWorld();
    // Settle the bus for the first frame: a microsecond of power flow, nothing else moves.
    stepPower(this.power, this.powerInputs(0, this.latchupCurrentA), config.power, 1e-6, this.powerOut);
    stepTemperatureSensors(this.sensors, this.temperaturesC, config.sensors, this.rng.sensors, this.readings);
    this.frame = this.buildFrame();
  }

  current(): SensorFrame {
    return this.frame;
  }

  /** One control tick (the order is in the file comment). */
  step(actuators: ActuatorFrame): SensorFrame {
    this.latchActuators(actuators);
    this.frameNumber++;
    this.timeS = this.config.startTimeS + this.frameNumber * this.dtS;
    this.faults.advance(this.timeS);
    const slow = this.frameNumber % this.slowTicks === 0;
    this.updateWorld(slow);
    if (slow) this.irradiate();
    const acceleratorPowerW = this.stepLoads(actuators.accelerator);
    this.stepPowerSystem(acceleratorPowerW);
    this.stepThermalNetwork(slow);
    if (this.obcPowered) this.stepComputer(actuators.watchdogStroke);
    this.frame = this.buildFrame();
    return this.frame;
  }

  /** Applies a fault now; atS is ignored, durationS (where the kind lasts) counts from now. */
  inject(fault: TimedFault): void {
    this.faults.start(fault, this.timeS);
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
    const { orbit, look } = this.world;
    const damage = this.damage.reasons;
    return {
      timeS: this.timeS,
      orbitNumber: orbit.orbitNumber,
      sunlit: orbit.sunlit,
      inSaa: this.world.inSaa,
      inContact: this.linkState.inContact,
      elevationDeg: look.elevationDeg,
      rangeKm: look.rangeKm,
      socFraction: this.power.battery.socFraction,
      busVoltageV: this.powerOut.busVoltageV,
      temperaturesC: { ...this.temperaturesC },
      obcPowered: this.obcPowered,
      obcHangUntilS: this.obc.hangUntilS,
      counts: { ...this.counts },
      ledger: this.power.ledger,
      damage: damage.length === 0 ? NONE : [...damage],
      latchups: this.latchups.size === 0 ? NONE : [...this.latchups.keys()],
    };
  }

  /** Whether the flight computer runs now: powered, and not held by an obc-hang fault (truth() without its copies, for the harness each tick). */
  computerRuns(): boolean {
    return this.obcPowered && this.timeS >= this.obc.hangUntilS;
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

  // ------------------------------------------------------- the steps of a tick

  /** 1. The software's requests, held until the hardware acts on them. */
  private latchActuators(actuators: ActuatorFrame): void {
    applyPowerActuators(this.power, actuators, this.config.power);
    holdDeadRailsOff(this.faultTargets, this.damage);
    requestHeaterDuty(this.heaters, actuators.heaterDutyPct);
    for (const request of actuators.scrub ?? []) {
      const region = request.region === 'hbm' ? this.accelerator.hbm : this.ram;
      requestScrub(region, request.firstPage, request.pages);
    }
    for (const page of actuators.retirePages ?? []) retirePage(page.region === 'hbm' ? this.accelerator.hbm : this.ram, page.page);
  }

  /**
   * A fleet's antenna grant: the link may use only this station of the
   * network from the next world update (-1: none; null: any, as alone).
   */
  grantStation(station: number | null): void {
    this.world.grantStation(station);
  }

  /** The station its link is through now (by name), or null out of contact. */
  linkStation(): string | null {
    return this.world.linkStation();
  }

  /** The stations that see the spacecraft now (at or above their minimum elevation), for a fleet's antenna rule. */
  stationViews(): { station: number; elevationDeg: number }[] {
    return this.world.stationViews();
  }

  /** 3. On a slow tick (and at the start) the world at the new time; every tick the link's geometry from it (an outage holds it down). */
  private updateWorld(slow = true): void {
    const { config, world } = this;
    if (slow) world.update(this.timeS);
    const linkUp = this.timeS >= this.conditions.outageUntilS;
    if (config.link.relay) {
      updateLinkGeometry(this.linkState, linkUp, config.link.relayLightTimeS * SPEED_OF_LIGHT_KM_S);
    } else {
      updateLinkGeometry(this.linkState, linkUp && world.inContact, world.look.rangeKm);
    }
  }

  /** 4. Radiation: memory upsets, logic upsets and SEFIs drawn for the slow step that ends now. */
  private irradiate(): void {
    const { config, counts } = this;
    const dtS = this.slowStepS;
    const { effects } = config;
    const random = this.rng.radiation;
    const { orbit } = this.world;
    const rateMultiplier = upsetRateMultiplier(config.radiation, orbit.subLatDeg, orbit.subLonDeg, this.conditions.stormMultiplier);
    counts.hbmUpsets += stepRandomUpsets(this.accelerator.hbm, random, effects.hbmUpsetsPerBitPerDay * rateMultiplier, effects.multiBitFraction, dtS);
    counts.ramUpsets += stepRandomUpsets(this.ram, random, effects.ramUpsetsPerBitPerDay * rateMultiplier, effects.multiBitFraction, dtS);
    const doseRad = meanDoseRateRadPerS(config.radiation) * rateMultiplier * dtS;
    for (let n = random.poisson(doseRad * effects.logicUpsetsPerRad); n > 0; n--) {
      if (injectLogicUpset(this.accelerator, random)) counts.logicUpsets++;
    }
    for (let n = random.poisson(doseRad * effects.sefisPerRad); n > 0; n--) {
      if (injectSefi(this.accelerator)) counts.sefis++;
    }
  }

  /** 5. Rail switches take effect; heaters, the accelerator and the RAM scrub advance. Returns the accelerator's power. */
  private stepLoads(settings: ActuatorFrame['accelerator']): number {
    const { config, dtS, timeS } = this;
    applyRailRequests(this.power.rails);
    const railsOn = this.power.rails.on;
    stepHeaters(this.heaters, railsOn.heaters, config.heaters, this.heaterOut);
    const acceleratorOut = stepAccelerator(
      this.accelerator,
      // an absent setting is undefined (stepAccelerator tests !== undefined): no spreads
      {
        powered: railsOn.accelerator,
        powerCapW: settings?.powerCapW,
        clockMHz: settings?.clockMHz,
        command: settings?.command ?? null,
        dieTemperatureC: this.temperaturesC.accelerator,
      },
      config.accelerator,
      dtS,
      timeS,
    );
    stepScrub(this.ram, dtS, timeS);
    return acceleratorOut.powerW;
  }

  /** 6. Latch-ups, the power flow of the tick (into powerOut), then a brown-out or the power-up after one. */
  private stepPowerSystem(acceleratorPowerW: number): void {
    const { config, dtS } = this;
    const latchupCurrentA = stepLatchups(this.faultTargets, this.damage, config.effects.latchupDamageS, dtS, this.timeS, this.latchupCurrentA);
    const powerOut = stepPower(this.power, this.powerInputs(acceleratorPowerW, latchupCurrentA), config.power, dtS, this.powerOut);
    if (powerOut.brownout && this.obcPowered) {
      brownOut(this.power);
      this.latchups.clear();
      this.obcPowered = false;
      this.counts.brownouts++;
    } else if (!this.obcPowered && powerUpAllowed(this.power, config.power, powerOut.arrayAvailableW)) {
      powerUp(this.power, config.power);
      holdDeadRailsOff(this.faultTargets, this.damage);
      this.obcPowered = true;
      resetObc(this.obc, 'brownout');
      this.watchdog.sinceStrokeS = 0;
    }
  }

  /**
   * 7. The heat of the tick into the sum; on a slow tick the network advances the slow step on the
   * mean heat of its ticks (the energy each node received, exactly), and the sensors read the new
   * temperatures. Sunlight and albedo are those of the slow tick.
   */
  private stepThermalNetwork(slow: boolean): void {
    const { config, powerOut, heatW, heatSumW } = this;
    const railPowerW = powerOut.railPowerW;
    fillZoneHeatW(heatW, {
      acceleratorW: railPowerW.accelerator,
      boardElectronicsW: railPowerW.avionics + railPowerW.comms + railPowerW.payload,
      boardHeaterW: this.heaterOut.powerW.board,
      batteryHeaterW: this.heaterOut.powerW.battery,
      batteryLossW: powerOut.batteryHeatW,
    });
    for (let i = 0; i < heatW.length; i++) heatSumW[i] = heatSumW[i]! + heatW[i]!;
    if (!slow) return;
    for (let i = 0; i < heatW.length; i++) {
      heatW[i] = heatSumW[i]! / this.slowTicks;
      heatSumW[i] = 0;
    }
    const { orbit } = this.world;
    stepThermal(this.thermal, { heatW, sunlit: orbit.sunlit, earthSunCos: orbit.earthSunCos }, config.thermal, this.slowStepS, this.thermalOut);
    zoneTemperaturesC(this.thermal, this.temperaturesC);
    stepTemperatureSensors(this.sensors, this.temperaturesC, config.sensors, this.rng.sensors, this.readings);
  }

  /** 8. A powered computer: the watchdog resets it when not stroked in time, else its uptime grows. */
  private stepComputer(stroked: boolean): void {
    if (stepWatchdog(this.watchdog, stroked, this.config.watchdog, this.dtS)) {
      resetObc(this.obc, 'watchdog'); // a reset also clears a hung computer
      this.counts.watchdogResets++;
    } else {
      stepObc(this.obc, this.dtS);
    }
  }

  private powerInputs(acceleratorPowerW: number, latchupCurrentA: Record<RailName, number>): PowerInputs {
    return {
      sunlit: this.world.orbit.sunlit,
      incidenceCos: this.world.orbit.sunIncidenceCos,
      batteryTemperatureC: this.temperaturesC.battery,
      commsTransmitting: this.linkState.inContact,
      heaterPowerW: this.heaterOut.totalPowerW,
      acceleratorPowerW,
      latchupCurrentA,
    };
  }

  /** The thermal part of the last frame, kept while the readings (slow ticks) and the heaters did not change: frames are never changed by their readers. */
  private thermalFrame: SensorFrame['thermal'] | null = null;
  private thermalFrameSlowTick = -1;

  private thermalSensorsNow(): SensorFrame['thermal'] {
    const slowTick = Math.floor(this.frameNumber / this.slowTicks);
    const kept = this.thermalFrame;
    const duty = this.heaterOut.dutyPct;
    if (kept !== null && slowTick === this.thermalFrameSlowTick && kept.heaters.board.dutyPct === duty.board && kept.heaters.battery.dutyPct === duty.battery) {
      return kept;
    }
    this.thermalFrameSlowTick = slowTick;
    this.thermalFrame = thermalSensors(this.readings, heaterSensors(this.heaterOut));
    return this.thermalFrame;
  }

  /** 9. */
  private buildFrame(): SensorFrame {
    const temperature = this.temperaturesC;
    return {
      frame: this.frameNumber,
      timeS: this.timeS,
      obc: obcSensors(this.obc),
      power: powerSensors(this.power, this.powerOut, this.readings.battery[0] ?? temperature.battery),
      thermal: this.thermalSensorsNow(),
      accelerator: acceleratorSensors(this.accelerator),
      memory: { hbm: memorySensors(this.accelerator.hbm), ram: memorySensors(this.ram) },
      watchdog: { timeoutS: this.config.watchdog.timeoutS, sinceStrokeS: this.watchdog.sinceStrokeS, resets: this.watchdog.resets },
      link: linkSensors(this.linkState, this.config.link),
    };
  }
}
