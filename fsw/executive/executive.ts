/**
 * The executive: one call per SensorFrame. In order:
 *   1. boot, on the first frame: the downlink ledger (telemetry), the
 *      parameters (storage), the boot record, the commanding state
 *      (commanding), the mode and monitor overrides; the modules restore
 *      theirs; boot event; every housekeeping packet
 *   2. the commanding module's intake: telecommands received, then
 *      time-tagged commands due, then (each new second) routines
 *   3. modules in registration order, each at its rate group (10 Hz every
 *      tick, 1 Hz and 0.1 Hz when the frame clock crosses a second or ten)
 *   4. each second: health pings and the monitoring table
 *   5. housekeeping due, event throttle windows, the event log (telemetry),
 *      the downlink drain with the ledger written ahead (telemetry)
 *   6. the ActuatorFrame, with the watchdog stroke (each second, while every
 *      module is alive and no reset was commanded)
 * Each module is made through its own door (module-door.ts): the executive
 * never hands itself out. A module that throws is caught here: its failure
 * misses the health ping, and a dead module stops the stroke so that the
 * hardware resets the computer. Tick cost is measured with an injected
 * clock (none: zero).
 */
import {
  DEFAULT_SPACECRAFT_ID,
  TM_FRAME_BYTES,
  TmFramer,
  UNPLANNED_RESET_CAUSES,
  signingKeyOf,
  type Dictionary,
  type KeyRing,
  type LinkKeys,
} from '../../protocol/index.js';
import { UplinkFrames } from '../commanding/uplink-frames.js';
import type { ActuatorFrame, ResetCause, SensorFrame } from '../hal/frames.js';
import type { Radio } from '../hal/radio.js';
import { ParameterTable, type ParamDef } from '../storage/parameters.js';
import { RecordStore, type RecordDef } from '../storage/records.js';
import { moduleRecords, ownsRecord, type ModuleRecords } from '../storage/scoped-records.js';
import { cachedSettings } from '../storage/settings-cache.js';
import type { NvmDevice } from '../storage/nvm.js';
import { DownlinkLedgerKeeper } from '../telemetry/downlink-ledger.js';
import { DownlinkQueue } from '../telemetry/downlink-queue.js';
import { EventService, type ThrottleSettings } from '../telemetry/events.js';
import { TelemetryWriter } from '../telemetry/packets.js';
import { ActuatorRequests } from './actuators.js';
import { CommandRouter } from './command-router.js';
import type { CoreServices, ParameterKeeper, TelemetryKeeper, UplinkIntake } from './core-services.js';
import { HealthMonitor } from './health.js';
import { moduleContext, type DoorEngine } from './module-door.js';
import { BOOT_MODE_SETTINGS, bootMode } from './modes.js';
import type { FlightModule, Mode, ModuleFactory, MonitorDef } from './module.js';
import { MonitoringTable } from './monitoring.js';
import { Published } from './published.js';
import type { PublishedDefs } from './published-values.js';

export interface ExecutiveOptions {
  readonly dictionary: Dictionary;
  /** Uplink keys verify telecommands; the active downlink key signs telemetry. */
  readonly keys: LinkKeys;
  readonly nvm: NvmDevice;
  readonly radio: Radio;
  /** The CCSDS spacecraft id on the link (default DEFAULT_SPACECRAFT_ID). */
  readonly spacecraftId?: number;
  /** Octets of each TM frame (default TM_FRAME_BYTES). */
  readonly tmFrameBytes?: number;
  /** Every module, the core ones included, in step order. */
  readonly modules: readonly ModuleFactory[];
  /** Monotonic milliseconds for tick cost; absent: cost 0 (deterministic runs). */
  readonly costClockMs?: () => number;
  /** Validate every packet against its schema before it is built (tests). */
  readonly checkPackets?: boolean;
}

/** A module flying, with its name. */
export interface FlyingModule {
  readonly name: string;
  readonly module: FlightModule<string, PublishedDefs>;
}

/** Packets each downlink class holds across an outage (housekeeping: about three orbits at the default periods, so one contact an orbit loses none). */
export const DOWNLINK_CAPACITY = { report: 1024, housekeeping: 8192, bulk: 1024 } as const;

/** The executive's own records (declared by the executive module). */
export const EXECUTIVE_BOOT_RECORD = 'executive.boot';
export const EXECUTIVE_STATE_RECORD = 'executive.state';

/**
 * The core modules' records come first in the layout, in this order, then
 * every other module's in module order: the layout of earlier builds, so
 * that a non-volatile image they wrote reads the same.
 */
const CORE_RECORD_ORDER: readonly string[] = ['executive', 'storage', 'commanding', 'telemetry'];

/** Boots remembered for boot-loop detection. */
const BOOT_TIMES_MAX = 16;
const EVENT_LOG_CAPACITY = 256;

export class Executive implements DoorEngine {
  readonly dictionary: Dictionary;
  /** The keys that authenticate telecommands. */
  readonly uplinkKeys: KeyRing;
  readonly radio: Radio;
  readonly store: RecordStore;
  readonly published: Published;
  readonly actuators = new ActuatorRequests();
  readonly writer: TelemetryWriter;
  readonly downlink: DownlinkQueue;
  readonly downlinkLedger = new DownlinkLedgerKeeper();
  readonly uplinkFrames: UplinkFrames;
  readonly events: EventService;
  readonly router: CommandRouter;
  readonly modules: readonly FlyingModule[];
  readonly paramDefs: readonly ParamDef[];
  readonly monitoring: MonitoringTable;
  readonly health: HealthMonitor;
  params: ParameterTable;
  paramsSource: 'nvm' | 'defaults' = 'defaults';
  mode: Mode = 'BOOT';
  bootCount = 0;
  resetCause: ResetCause = 'power-on';
  /** A reset_computer command: the stroke stops for good. */
  resetRequested = false;
  tickOverruns = 0;
  tickCostMaxMs = 0;
  ticks = 0;
  /** Throws caught from module steps, boots, housekeeping, mode hooks and pings (none expected: fault campaigns check it). */
  caughtThrows = 0;
  lastCaughtThrow = '';
  /** The frame of this tick. */
  frame!: SensorFrame;

  private readonly costClockMs: () => number;
  private readonly own: ModuleRecords<'executive'>;
  private readonly uplink: UplinkIntake | undefined;
  private readonly telemetryKeeper: TelemetryKeeper | undefined;
  private readonly parameterKeeper: ParameterKeeper | undefined;
  /** Each module's last step time, by module index (NaN: not stepped yet). */
  private readonly lastStepS: number[];
  private readonly hkSentS = new Map<FlyingModule, number>();
  /** Parameters read every tick, once per table version: housekeeping periods (by module index), event throttle, tick budget. */
  private readonly tickSettings = cachedSettings((params) => ({
    hkPeriodsS: this.modules.map(({ name, module }) => (module.housekeeping ? params.getNumber(`telemetry.hkPeriodS.${name}`) : 0)),
    throttle: { perWindow: params.getNumber('telemetry.eventsPerWindow'), windowS: params.getNumber('telemetry.eventWindowS') } as ThrottleSettings,
    tickBudgetMs: params.getNumber('executive.tickBudgetMs'),
  }));
  private booted = false;
  private lastSecond = Number.NaN;
  private lastDecasecond = Number.NaN;
  private lastTimeS = Number.NaN;

  constructor(options: ExecutiveOptions) {
    this.dictionary = options.dictionary;
    this.uplinkKeys = options.keys.uplink.keys;
    this.radio = options.radio;
    this.costClockMs = options.costClockMs ?? (() => 0);
    this.router = new CommandRouter(this.dictionary, () => this.mode);
    this.published = new Published(options.modules.flatMap((factory) => (factory.published ? [factory.published] : [])));
    this.writer = new TelemetryWriter(this.dictionary, { checkPackets: options.checkPackets === true });
    const spacecraftId = options.spacecraftId ?? DEFAULT_SPACECRAFT_ID;
    const framer = new TmFramer({ spacecraftId, frameBytes: options.tmFrameBytes ?? TM_FRAME_BYTES, signing: signingKeyOf(options.keys.downlink) });
    this.downlink = new DownlinkQueue(DOWNLINK_CAPACITY, framer);
    this.uplinkFrames = new UplinkFrames(spacecraftId);
    this.events = new EventService(this.writer, this.downlink, EVENT_LOG_CAPACITY);
    this.own = moduleRecords(
      () => this.store,
      'executive',
      (record, detail) => this.event('nvm_problem', { record, detail }),
    );
    this.modules = this.makeModules(options.modules);
    this.lastStepS = this.modules.map(() => Number.NaN);
    this.paramDefs = this.modules.flatMap(({ module }) => module.params ?? []);
    this.params = new ParameterTable(this.paramDefs);
    this.store = new RecordStore(options.nvm, recordLayout(this.modules));
    this.monitoring = new MonitoringTable(this.modules.flatMap(({ module }) => module.monitors ?? []));
    this.health = new HealthMonitor(this.modules.map(({ name }) => name));
    this.checkPublishedWriters();
    this.checkMonitoredValues();
    this.uplink = this.port('uplink', 'commanding');
    this.telemetryKeeper = this.port('telemetryKeeper', 'telemetry');
    this.parameterKeeper = this.port('parameterKeeper', 'storage');
  }

  /** One control tick: a SensorFrame in, the ActuatorFrame out. */
  tick(frame: SensorFrame): ActuatorFrame {
    const startMs = this.costClockMs();
    this.frame = frame;
    const timeS = frame.timeS;
    const dtS = Number.isNaN(this.lastTimeS) ? 0 : Math.max(0, timeS - this.lastTimeS);
    this.lastTimeS = timeS;
    this.ticks++;
    if (!this.booted) this.boot(frame);

    const second = Math.floor(timeS);
    const decasecond = Math.floor(timeS / 10);
    const newSecond = second !== this.lastSecond;
    const newDecasecond = decasecond !== this.lastDecasecond;
    this.lastSecond = second;
    this.lastDecasecond = decasecond;

    // 2. commands
    this.uplink?.intake(newSecond);
    // 3. modules
    this.stepModules(timeS, newSecond, newDecasecond);
    // 4. health and monitoring, once a second
    let stroke = false;
    if (newSecond) {
      this.pingModules();
      this.monitoring.evaluate(this.published, (def, value) => this.trip(def, value));
      stroke = this.health.deadCount === 0 && !this.resetRequested;
    }
    // 5. telemetry
    this.sendHousekeepingDue(timeS);
    this.events.flush(timeS, this.throttle());
    if (newDecasecond) this.telemetryKeeper?.persistEventLog();
    // Write-ahead: the ledger (sequence counts, what waits, frame counts) is in NVM before frames leave.
    const outgoing = this.downlink.take(frame.link, dtS);
    this.telemetryKeeper?.writeLedgerAhead();
    if (this.telemetryKeeper && outgoing.length > 0 && this.downlinkLedger.changed(this.writer, this.downlink))
      throw new Error('executive: frames would leave before the downlink ledger that counts them was written');
    for (const built of outgoing) this.radio.send(built.bytes);

    const actuators = this.actuators.take(stroke);
    const costMs = this.costClockMs() - startMs;
    if (costMs > this.tickCostMaxMs) this.tickCostMaxMs = costMs;
    if (costMs > this.tickSettings(this.params).tickBudgetMs) this.tickOverruns++;
    return actuators;
  }

  /** The module of that name, or undefined. */
  module(name: string): FlightModule<string, PublishedDefs> | undefined {
    return this.modules.find((flying) => flying.name === name)?.module;
  }

  // ---------------------------------------------------------------- services for the doors

  event(name: string, args: Readonly<Record<string, unknown>>): void {
    this.events.emit(name, args, this.frame.timeS, this.throttle());
  }

  send(name: string, data: Readonly<Record<string, unknown>>): void {
    this.downlink.enqueue(this.writer.build(name, data, this.frame.timeS));
  }

  setMode(to: Mode, cause: string): void {
    const from = this.mode;
    if (from === to) return;
    this.mode = to;
    this.event('mode_changed', { from, to, cause });
    for (const flying of this.modules) {
      const hook = flying.module.onModeChange;
      if (hook) this.guard(flying, () => hook.call(flying.module, from, to));
    }
    this.persistState();
  }

  persistState(): void {
    this.own.write(EXECUTIVE_STATE_RECORD, { mode: this.mode, monitors: this.monitoring.overrides() });
  }

  // ---------------------------------------------------------------- construction

  private makeModules(factories: readonly ModuleFactory[]): FlyingModule[] {
    const names = new Set<string>();
    return factories.map((factory) => {
      const { name } = factory;
      if (names.has(name)) throw new Error(`two modules are named ${name}`);
      names.add(name);
      // The door is made for the factory's own name: the context its create expects.
      const module = factory.create(moduleContext(this, name, this.servicesFor(name)) as never);
      for (const record of module.records ?? []) {
        if (!ownsRecord(name, record.id)) throw new Error(`module ${name} declares record "${record.id}": its record ids start with "${name}."`);
      }
      return { name, module };
    });
  }

  /** Every declared published value has exactly one writer among the modules that fly. */
  private checkPublishedWriters(): void {
    for (const [name, def] of this.published.declarations()) {
      const writers = this.modules.filter((flying) => flying.name === def.writer).length;
      if (writers !== 1)
        throw new Error(
          `published value ${name} has ${writers} writers (its writer is ${def.writer}, which ${writers === 0 ? 'does not fly' : 'flies twice'})`,
        );
    }
  }

  /** Every monitor watches a declared value. */
  private checkMonitoredValues(): void {
    const declared = new Set([...this.published.declarations()].map(([name]) => name));
    for (const { module, name } of this.modules) {
      for (const def of module.monitors ?? [])
        if (!declared.has(def.parameter)) throw new Error(`module ${name}: monitor ${def.id} watches "${def.parameter}", which is not declared`);
    }
  }

  /** The one module that gives the executive this port, which must be `owner`; undefined when none does. */
  private port<K extends 'uplink' | 'telemetryKeeper' | 'parameterKeeper'>(key: K, owner: string): FlightModule[K] | undefined {
    let found: FlightModule[K] | undefined;
    for (const { name, module } of this.modules) {
      if (module[key] === undefined) continue;
      if (name !== owner) throw new Error(`module ${name} gives the executive its ${key}, which only ${owner} does`);
      found = module[key];
    }
    return found;
  }

  private servicesFor(name: string): unknown {
    switch (name) {
      case 'executive':
        return this.executiveServices();
      case 'commanding':
        return this.commandingServices();
      case 'telemetry':
        return { dictionary: this.dictionary, events: this.events, downlink: this.downlink, writer: this.writer, ledger: this.downlinkLedger };
      case 'storage':
        return this.storageServices();
      default:
        return undefined;
    }
  }

  private commandingServices(): CoreServices['commanding'] {
    const radio = this.radio;
    const frames = this.uplinkFrames;
    return {
      dictionary: this.dictionary,
      uplinkKeys: this.uplinkKeys,
      receive: () => frames.packets(radio.receive()),
      frames,
      get intakeDropped() {
        return radio.dropped;
      },
      router: this.router,
    };
  }

  private executiveServices(): CoreServices['executive'] {
    const core = this;
    return {
      get bootCount() {
        return core.bootCount;
      },
      get resetCause() {
        return core.resetCause;
      },
      get tickOverruns() {
        return core.tickOverruns;
      },
      takeTickCostMaxMs: () => {
        const costMs = core.tickCostMaxMs;
        core.tickCostMaxMs = 0;
        return costMs;
      },
      get modulesAlive() {
        return core.health.alive;
      },
      get modulesDead() {
        return core.health.deadCount;
      },
      get monitorsTripped() {
        return core.monitoring.trips;
      },
      get watchdogStroking() {
        return core.health.deadCount === 0 && !core.resetRequested;
      },
      setMonitorEnabled: (id, enabled) => {
        if (!core.monitoring.setEnabled(id, enabled)) return false;
        core.persistState();
        return true;
      },
      requestReset: () => {
        const boot = core.own.read(EXECUTIVE_BOOT_RECORD) ?? {};
        core.own.write(EXECUTIVE_BOOT_RECORD, { ...boot, commandedReset: true });
        core.resetRequested = true;
      },
    };
  }

  private storageServices(): CoreServices['storage'] {
    const core = this;
    return {
      get paramDefs() {
        return core.paramDefs;
      },
      get paramsSource() {
        return core.paramsSource;
      },
      replaceParams: (table) => {
        core.params = table;
      },
      nvmCounters: () => core.store.counters(),
    };
  }

  // ---------------------------------------------------------------- boot

  private boot(frame: SensorFrame): void {
    this.booted = true;
    // First, before any packet is built: the numbering goes on from the last boot.
    this.telemetryKeeper?.restoreLedger();
    const loaded = this.parameterKeeper?.load();
    if (loaded?.ok) {
      this.params = loaded.value.table;
      this.paramsSource = loaded.value.source;
    }
    const bootTimes = this.restoreBootRecord(frame);
    this.uplink?.restore();
    const decision = this.restoreState(bootTimes.length);

    for (const flying of this.modules) {
      const restore = flying.module.boot;
      if (restore) this.guard(flying, () => restore.call(flying.module));
    }
    this.setMode(decision.mode, `boot: ${decision.why}`);
    this.event('boot', {
      bootCount: this.bootCount,
      resetCause: this.resetCause,
      mode: this.mode,
      paramsSource: this.paramsSource,
      downlinkLost: this.downlinkLedger.lostAtLastReset,
    });
    // A reset nobody asked for is a warning an operator filtering by severity must see (boot is info).
    if ((UNPLANNED_RESET_CAUSES as readonly string[]).includes(this.resetCause)) {
      this.event('unplanned_reset', { bootCount: this.bootCount, resetCause: this.resetCause, downlinkLost: this.downlinkLedger.lostAtLastReset });
    }
    for (const flying of this.modules) this.sendHousekeeping(flying);
  }

  /** Counts this boot in the boot record; returns the boot times within the boot-loop window, this one last. */
  private restoreBootRecord(frame: SensorFrame): number[] {
    const bootRecord = this.own.read(EXECUTIVE_BOOT_RECORD);
    const windowS = this.params.getNumber('executive.bootLoopWindowS');
    const previousTimes = Array.isArray(bootRecord?.bootTimes) ? (bootRecord.bootTimes as number[]) : [];
    const bootTimes = [...previousTimes.filter((t) => typeof t === 'number' && frame.timeS - t <= windowS && t <= frame.timeS), frame.timeS].slice(
      -BOOT_TIMES_MAX,
    );
    this.bootCount = (typeof bootRecord?.bootCount === 'number' ? bootRecord.bootCount : 0) + 1;
    this.resetCause = bootRecord?.commandedReset === true ? 'commanded' : frame.obc.resetCause;
    this.own.write(EXECUTIVE_BOOT_RECORD, { bootCount: this.bootCount, commandedReset: false, bootTimes });
    return bootTimes;
  }

  /** The monitor overrides, and the mode to enter from the persisted one, the setting and the boots in the window. */
  private restoreState(recentBoots: number): ReturnType<typeof bootMode> {
    const state = this.own.read(EXECUTIVE_STATE_RECORD);
    const persistedMode = typeof state?.mode === 'string' ? (state.mode as Mode) : null;
    if (state?.monitors && typeof state.monitors === 'object') this.monitoring.applyOverrides(state.monitors as Record<string, boolean>);
    return bootMode(
      this.params.getChoice('executive.bootMode', BOOT_MODE_SETTINGS),
      persistedMode,
      recentBoots,
      this.params.getNumber('executive.bootLoopLimit'),
    );
  }

  // ---------------------------------------------------------------- tick internals

  private stepModules(timeS: number, newSecond: boolean, newDecasecond: boolean): void {
    const { modules, lastStepS } = this;
    for (let i = 0; i < modules.length; i++) {
      const flying = modules[i]!;
      const { module } = flying;
      const due = module.rateHz === 10 || (module.rateHz === 1 && newSecond) || (module.rateHz === 0.1 && newDecasecond);
      // guard() inlined: this runs for every module every tick, and a closure each time shows in the profile.
      if (due && module.step) {
        const last = lastStepS[i]!;
        lastStepS[i] = timeS;
        try {
          module.step(Number.isNaN(last) ? 0 : timeS - last);
        } catch (error) {
          this.noteThrow(flying, error);
        }
      }
      if (module.everyTick) {
        try {
          module.everyTick();
        } catch (error) {
          this.noteThrow(flying, error);
        }
      }
    }
  }

  /** Sends a module's housekeeping packet now. */
  private sendHousekeeping(flying: FlyingModule): void {
    const housekeeping = flying.module.housekeeping;
    if (!housekeeping) return;
    this.hkSentS.set(flying, this.frame.timeS);
    this.guard(flying, () => this.send(`${flying.name}_hk`, housekeeping.call(flying.module)));
  }

  private guard(flying: FlyingModule, body: () => void): void {
    try {
      body();
    } catch (error) {
      this.noteThrow(flying, error);
    }
  }

  private noteThrow(flying: FlyingModule, error: unknown): void {
    const detail = `${flying.name} threw: ${(error as Error).message}`;
    this.caughtThrows++;
    this.lastCaughtThrow = detail;
    this.health.noteFailure(flying.name, detail);
  }

  private pingModules(): void {
    const verdict = this.health.cycle(
      (name) => {
        const module = this.module(name)!;
        try {
          return module.ping ? module.ping() : true;
        } catch (error) {
          this.caughtThrows++;
          this.lastCaughtThrow = `${name} ping threw: ${(error as Error).message}`;
          return false;
        }
      },
      this.params.getNumber('executive.pingLateAfter'),
      this.params.getNumber('executive.pingDeadAfter'),
    );
    for (const late of verdict.late) this.event('module_late', late);
    for (const dead of verdict.dead) this.event('module_dead', dead);
  }

  private trip(def: MonitorDef<string>, value: number): void {
    let response: string;
    switch (def.response.kind) {
      case 'event':
        response = 'event only';
        break;
      case 'mode':
        response = `mode ${def.response.mode}`;
        this.setMode(def.response.mode, `monitor ${def.id} (${def.parameter})`);
        break;
      case 'command': {
        const outcome = this.router.runInternal(def.response.command, def.response.args, 'monitor');
        response = `${def.response.command}: ${outcome.ok ? 'completed' : `failed (${outcome.detail})`}`;
        break;
      }
    }
    this.event('monitor_tripped', { id: def.id, parameter: def.parameter, value, low: def.low, high: def.high, response });
  }

  private sendHousekeepingDue(timeS: number): void {
    const periodsS = this.tickSettings(this.params).hkPeriodsS;
    for (let i = 0; i < this.modules.length; i++) {
      const flying = this.modules[i]!;
      if (!flying.module.housekeeping) continue;
      const periodS = periodsS[i]!;
      if (periodS <= 0) continue;
      if (timeS - (this.hkSentS.get(flying) ?? -Infinity) >= periodS - 1e-9) this.sendHousekeeping(flying);
    }
  }

  private throttle(): ThrottleSettings {
    return this.tickSettings(this.params).throttle;
  }
}

/** The record layout: the core modules' records first (CORE_RECORD_ORDER), then the others' in module order. */
function recordLayout(modules: readonly FlyingModule[]): RecordDef[] {
  const rank = (name: string) => {
    const at = CORE_RECORD_ORDER.indexOf(name);
    return at < 0 ? CORE_RECORD_ORDER.length : at;
  };
  const ordered = modules.map((flying, index) => ({ flying, index })).sort((a, b) => rank(a.flying.name) - rank(b.flying.name) || a.index - b.index);
  return ordered.flatMap(({ flying }) => flying.module.records ?? []);
}
