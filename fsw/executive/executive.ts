/**
 * The executive: one call per SensorFrame. In order:
 *   1. boot, on the first frame: parameters, boot record, anti-replay window,
 *      recent commands, schedule, routines and mode from non-volatile memory;
 *      the modules restore theirs; boot event; every housekeeping packet
 *   2. telecommands received, then time-tagged commands due, then (each new
 *      second) routines
 *   3. modules in registration order, each at its rate group (10 Hz every
 *      tick, 1 Hz and 0.1 Hz when the frame clock crosses a second or ten)
 *   4. each second: health pings and the monitoring table
 *   5. housekeeping due, event throttle windows, the downlink drain
 *   6. the ActuatorFrame, with the watchdog stroke (each second, while every
 *      module is alive and no reset was commanded)
 * A module that throws is caught here: its failure misses the health ping,
 * and a dead module stops the stroke so that the hardware resets the
 * computer. Tick cost is measured with an injected clock (none: zero).
 */
import { ReplayWindow, UNPLANNED_RESET_CAUSES, signingKeyOf, type Dictionary, type KeyRing, type LinkKeys } from '../../protocol/index.js';
import { ArmState } from '../commanding/arm.js';
import { CommandDispatcher } from '../commanding/dispatcher.js';
import { RecentCommands } from '../commanding/recent.js';
import { RoutineTable } from '../commanding/routines.js';
import { CommandSchedule } from '../commanding/schedule.js';
import type { ActuatorFrame, ResetCause, SensorFrame } from '../hal/frames.js';
import type { Radio } from '../hal/radio.js';
import { ParameterTable, type ParamDef } from '../storage/parameters.js';
import { RecordStore, type RecordDef } from '../storage/records.js';
import { cachedSettings } from '../storage/settings-cache.js';
import type { NvmDevice } from '../storage/nvm.js';
import { DOWNLINK_LEDGER_RECORD, DownlinkLedgerKeeper } from '../telemetry/downlink-ledger.js';
import { DownlinkQueue } from '../telemetry/downlink-queue.js';
import { EventService, type EventRecord, type ThrottleSettings } from '../telemetry/events.js';
import { TelemetryWriter } from '../telemetry/packets.js';
import { ActuatorRequests } from './actuators.js';
import { HealthMonitor } from './health.js';
import { bootMode, type BootModeSetting } from './modes.js';
import type { CommandHandler, FlightContext, FlightModule, Mode, MonitorDef } from './module.js';
import { MonitoringTable } from './monitoring.js';
import { Published } from './published.js';

export interface ExecutiveOptions {
  readonly dictionary: Dictionary;
  /** Uplink keys verify telecommands; the active downlink key signs telemetry. */
  readonly keys: LinkKeys;
  readonly nvm: NvmDevice;
  readonly radio: Radio;
  /** Every module, the core ones included, in step order. */
  readonly modules: readonly ((core: Executive) => FlightModule)[];
  /** Monotonic milliseconds for tick cost; absent: cost 0 (deterministic runs). */
  readonly costClockMs?: () => number;
}

/** Records the executive itself keeps (the modules declare theirs). */
export const EXECUTIVE_RECORDS: readonly RecordDef[] = [
  { id: 'executive.boot', slotBytes: 512 },
  { id: 'executive.state', slotBytes: 2048 },
  { id: 'storage.params', slotBytes: 16384 },
  { id: 'commanding.replay', slotBytes: 4096 },
  { id: 'commanding.recent', slotBytes: 32768 },
  { id: 'commanding.schedule', slotBytes: 98304 },
  { id: 'commanding.routines', slotBytes: 16384 },
  { id: 'telemetry.events', slotBytes: 32768 },
  DOWNLINK_LEDGER_RECORD,
];

/** Packets each downlink class holds across an outage (housekeeping: about three orbits at the default periods, so one contact an orbit loses none). */
export const DOWNLINK_CAPACITY = { report: 1024, housekeeping: 8192, bulk: 1024 } as const;

/** Boots remembered for boot-loop detection. */
const BOOT_TIMES_MAX = 16;
const EVENT_LOG_CAPACITY = 256;
const EVENT_LOG_PERSISTED = 64;

export class Executive {
  readonly dictionary: Dictionary;
  /** The keys that authenticate telecommands. */
  readonly uplinkKeys: KeyRing;
  readonly radio: Radio;
  readonly store: RecordStore;
  readonly published = new Published();
  readonly actuators = new ActuatorRequests();
  readonly writer: TelemetryWriter;
  readonly downlink: DownlinkQueue;
  readonly downlinkLedger = new DownlinkLedgerKeeper();
  readonly events: EventService;
  readonly arm = new ArmState();
  readonly routines = new RoutineTable();
  readonly modules: readonly FlightModule[];
  readonly paramDefs: readonly ParamDef[];
  readonly monitoring: MonitoringTable;
  readonly health: HealthMonitor;
  readonly dispatcher: CommandDispatcher;
  params: ParameterTable;
  paramsSource: 'nvm' | 'defaults' = 'defaults';
  replay = new ReplayWindow();
  recent = new RecentCommands();
  schedule = new CommandSchedule();
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

  private readonly costClockMs: () => number;
  private readonly handlers = new Map<string, CommandHandler>();
  private readonly lastStepS = new Map<FlightModule, number>();
  private readonly hkSentS = new Map<FlightModule, number>();
  private readonly context: TickContext;
  /** Parameters read every tick, once per table version: housekeeping periods (by module index), event throttle, tick budget. */
  private readonly tickSettings = cachedSettings((params) => ({
    hkPeriodsS: this.modules.map((module) => (module.housekeeping ? params.getNumber(`telemetry.hkPeriodS.${module.name}`) : 0)),
    throttle: { perWindow: params.getNumber('telemetry.eventsPerWindow'), windowS: params.getNumber('telemetry.eventWindowS') } as ThrottleSettings,
    tickBudgetMs: params.getNumber('executive.tickBudgetMs'),
  }));
  private booted = false;
  private lastSecond = Number.NaN;
  private lastDecasecond = Number.NaN;
  private lastTimeS = Number.NaN;
  private eventsLogged = 0;

  constructor(options: ExecutiveOptions) {
    this.dictionary = options.dictionary;
    this.uplinkKeys = options.keys.uplink.keys;
    this.radio = options.radio;
    this.costClockMs = options.costClockMs ?? (() => 0);
    this.modules = options.modules.map((make) => make(this));
    this.paramDefs = this.modules.flatMap((module) => module.params ?? []);
    this.params = new ParameterTable(this.paramDefs);
    this.store = new RecordStore(options.nvm, [...EXECUTIVE_RECORDS, ...this.modules.flatMap((module) => module.records ?? [])]);
    this.writer = new TelemetryWriter(this.dictionary, signingKeyOf(options.keys.downlink));
    this.downlink = new DownlinkQueue(DOWNLINK_CAPACITY);
    this.events = new EventService(this.writer, this.downlink, EVENT_LOG_CAPACITY);
    this.monitoring = new MonitoringTable(this.modules.flatMap((module) => module.monitors ?? []));
    this.health = new HealthMonitor(this.modules.map((module) => module.name));
    for (const module of this.modules) {
      for (const [name, handler] of Object.entries(module.commands ?? {})) {
        const entry = this.dictionary.command(name);
        if (!entry || entry.subsystem.name !== module.name)
          throw new Error(`module ${module.name} handles "${name}", which is not one of its dictionary commands`);
        if (this.handlers.has(name)) throw new Error(`two modules handle "${name}"`);
        this.handlers.set(name, handler);
      }
    }
    this.dispatcher = new CommandDispatcher({
      dictionary: this.dictionary,
      keys: this.uplinkKeys,
      replay: () => this.replay,
      recent: () => this.recent,
      arm: this.arm,
      handler: (name) => this.handlers.get(name),
      persist: () => this.persistCommanding(),
    });
    this.context = new TickContext(this);
  }

  /** One control tick: a SensorFrame in, the ActuatorFrame out. */
  tick(frame: SensorFrame): ActuatorFrame {
    const startMs = this.costClockMs();
    const ctx = this.context;
    ctx.frame = frame;
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
    this.dispatcher.intake(this.radio.receive(), ctx);
    for (const command of this.schedule.due(timeS)) {
      this.dispatcher.release(command, ctx);
      this.persistSchedule();
    }
    if (newSecond) this.runRoutines(second);

    // 3. modules
    for (const module of this.modules) {
      const due = module.rateHz === 10 || (module.rateHz === 1 && newSecond) || (module.rateHz === 0.1 && newDecasecond);
      if (!due || !module.step) continue;
      const last = this.lastStepS.get(module) ?? timeS;
      this.lastStepS.set(module, timeS);
      this.guard(module, () => module.step!(ctx, timeS - last));
    }

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
    if (newDecasecond) this.persistEventLog();
    // Write-ahead: the ledger (sequence counts, what waits) is in NVM before packets leave.
    const outgoing = this.downlink.take(frame.link, dtS);
    if (this.downlinkLedger.changed(this.writer, this.downlink))
      this.writeRecord(DOWNLINK_LEDGER_RECORD.id, this.downlinkLedger.take(this.writer, this.downlink));
    for (const packet of outgoing) this.radio.send(packet.bytes);

    const actuators = this.actuators.take(stroke);
    const costMs = this.costClockMs() - startMs;
    if (costMs > this.tickCostMaxMs) this.tickCostMaxMs = costMs;
    if (costMs > this.tickSettings(this.params).tickBudgetMs) this.tickOverruns++;
    return actuators;
  }

  // ---------------------------------------------------------------- services for the modules

  event(name: string, args: Readonly<Record<string, unknown>>): void {
    this.events.emit(name, args, this.context.frame.timeS, this.throttle());
  }

  send(name: string, data: Readonly<Record<string, unknown>>): void {
    this.downlink.enqueue(this.writer.build(name, data, this.context.frame.timeS));
  }

  setMode(to: Mode, cause: string): void {
    const from = this.mode;
    if (from === to) return;
    this.mode = to;
    this.event('mode_changed', { from, to, cause: cause.slice(0, 80) });
    for (const module of this.modules) if (module.onModeChange) this.guard(module, () => module.onModeChange!(from, to, this.context));
    this.persistState();
  }

  /** Sends a module's housekeeping packet now. */
  sendHousekeeping(module: FlightModule): void {
    if (!module.housekeeping) return;
    this.hkSentS.set(module, this.context.frame.timeS);
    this.guard(module, () => this.send(`${module.name}_hk`, module.housekeeping!(this.context)));
  }

  persistState(): void {
    this.writeRecord('executive.state', { mode: this.mode, monitors: this.monitoring.overrides() });
  }

  persistSchedule(): void {
    this.writeRecord('commanding.schedule', { entries: this.schedule.toRecord() });
  }

  persistRoutines(): void {
    this.writeRecord('commanding.routines', { routines: this.routines.toRecord() });
  }

  /** Writes a record; a failure is reported as an event, never thrown. */
  writeRecord(id: string, value: Readonly<Record<string, unknown>>): boolean {
    const written = this.store.writeValue(id, value);
    if (!written.ok) this.event('nvm_problem', { record: id, detail: written.error.slice(0, 200) });
    return written.ok;
  }

  /** Reads a record's value, or null (never written, or unusable: reported as an event). */
  readRecord(id: string): Record<string, unknown> | null {
    const read = this.store.readValue(id);
    if (!read.ok) {
      this.event('nvm_problem', { record: id, detail: read.error.slice(0, 200) });
      return null;
    }
    return read.value;
  }

  // ---------------------------------------------------------------- internals

  private boot(frame: SensorFrame): void {
    this.booted = true;
    // First, before any packet is built: the numbering goes on from the last boot.
    const ledgerProblem = this.downlinkLedger.restore(this.readRecord(DOWNLINK_LEDGER_RECORD.id), this.writer);
    if (ledgerProblem) this.event('nvm_problem', { record: DOWNLINK_LEDGER_RECORD.id, detail: ledgerProblem.slice(0, 200) });
    const loaded = ParameterTable.load(this.paramDefs, this.store, 'storage.params');
    if (loaded.ok) {
      this.params = loaded.value.table;
      this.paramsSource = loaded.value.source;
      if (loaded.value.problem) this.event('nvm_problem', { record: 'storage.params', detail: loaded.value.problem.slice(0, 200) });
    }

    const bootRecord = this.readRecord('executive.boot');
    const windowS = this.params.getNumber('executive.bootLoopWindowS');
    const previousTimes = Array.isArray(bootRecord?.bootTimes) ? (bootRecord.bootTimes as number[]) : [];
    const bootTimes = [...previousTimes.filter((t) => typeof t === 'number' && frame.timeS - t <= windowS && t <= frame.timeS), frame.timeS].slice(
      -BOOT_TIMES_MAX,
    );
    this.bootCount = (typeof bootRecord?.bootCount === 'number' ? bootRecord.bootCount : 0) + 1;
    this.resetCause = bootRecord?.commandedReset === true ? 'commanded' : frame.obc.resetCause;
    this.writeRecord('executive.boot', { bootCount: this.bootCount, commandedReset: false, bootTimes });

    const replay = this.readRecord('commanding.replay');
    if (replay) {
      try {
        this.replay = ReplayWindow.fromRecord(replay as never);
      } catch (error) {
        this.event('nvm_problem', { record: 'commanding.replay', detail: (error as Error).message.slice(0, 200) });
      }
    }
    this.recent = RecentCommands.fromRecord(this.readRecord('commanding.recent')?.commands);
    this.schedule = CommandSchedule.fromRecord(this.readRecord('commanding.schedule')?.entries);
    for (const problem of this.routines.restore(this.readRecord('commanding.routines')?.routines))
      this.event('nvm_problem', { record: 'commanding.routines', detail: problem.slice(0, 200) });

    const state = this.readRecord('executive.state');
    const persistedMode = typeof state?.mode === 'string' ? (state.mode as Mode) : null;
    if (state?.monitors && typeof state.monitors === 'object') this.monitoring.applyOverrides(state.monitors as Record<string, boolean>);
    const decision = bootMode(
      this.params.getString('executive.bootMode') as BootModeSetting,
      persistedMode,
      bootTimes.length,
      this.params.getNumber('executive.bootLoopLimit'),
    );

    for (const module of this.modules) if (module.boot) this.guard(module, () => module.boot!(this.context));
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
    for (const module of this.modules) this.sendHousekeeping(module);
  }

  private guard(module: FlightModule, body: () => void): void {
    try {
      body();
    } catch (error) {
      const detail = `${module.name} threw: ${(error as Error).message}`.slice(0, 200);
      this.caughtThrows++;
      this.lastCaughtThrow = detail;
      this.health.noteFailure(module.name, detail);
    }
  }

  private pingModules(): void {
    const verdict = this.health.cycle(
      (name) => {
        const module = this.modules.find((candidate) => candidate.name === name)!;
        try {
          return module.ping ? module.ping(this.context) : true;
        } catch (error) {
          this.caughtThrows++;
          this.lastCaughtThrow = `${name} ping threw: ${(error as Error).message}`.slice(0, 200);
          return false;
        }
      },
      this.params.getNumber('executive.pingLateAfter'),
      this.params.getNumber('executive.pingDeadAfter'),
    );
    for (const late of verdict.late) this.event('module_late', late);
    for (const dead of verdict.dead) this.event('module_dead', dead);
  }

  private trip(def: MonitorDef, value: number): void {
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
        const outcome = this.dispatcher.runInternal(def.response.command, def.response.args, 'monitor', this.context);
        response = `${def.response.command}: ${outcome.ok ? 'completed' : `failed (${outcome.detail})`}`;
        break;
      }
    }
    this.event('monitor_tripped', { id: def.id, parameter: def.parameter, value, low: def.low, high: def.high, response: response.slice(0, 80) });
  }

  private runRoutines(second: number): void {
    const due = this.routines.matching(second);
    for (const routine of due) {
      const outcome = this.dispatcher.runInternal(routine.command, routine.args, 'routine', this.context);
      routine.runs++;
      routine.lastOutcome = outcome.ok ? 'completed' : 'failed';
      this.event('routine_ran', {
        id: routine.id,
        command: routine.command,
        outcome: routine.lastOutcome,
        detail: outcome.ok ? '' : outcome.detail.slice(0, 200),
      });
    }
    if (due.length > 0) this.persistRoutines();
  }

  private sendHousekeepingDue(timeS: number): void {
    const periodsS = this.tickSettings(this.params).hkPeriodsS;
    for (let i = 0; i < this.modules.length; i++) {
      const module = this.modules[i]!;
      if (!module.housekeeping) continue;
      const periodS = periodsS[i]!;
      if (periodS <= 0) continue;
      if (timeS - (this.hkSentS.get(module) ?? -Infinity) >= periodS - 1e-9) this.sendHousekeeping(module);
    }
  }

  private throttle(): ThrottleSettings {
    return this.tickSettings(this.params).throttle;
  }

  private persistCommanding(): void {
    this.writeRecord('commanding.replay', this.replay.toRecord() as unknown as Record<string, unknown>);
    this.writeRecord('commanding.recent', { commands: this.recent.toRecord() });
  }

  private persistEventLog(): void {
    const logged = this.events.log.length + this.events.log.dropped;
    if (logged === this.eventsLogged) return;
    this.eventsLogged = logged;
    this.writeRecord('telemetry.events', { events: this.events.tail(EVENT_LOG_PERSISTED) as unknown as Record<string, unknown>[] });
  }

  /** Restores the persisted event log tail (called by the telemetry module at boot). */
  restoreEventLog(records: readonly EventRecord[]): void {
    for (const record of records) this.events.log.push(record);
    this.eventsLogged = this.events.log.length + this.events.log.dropped;
  }
}

/** The FlightContext the modules see; one object, refreshed every tick. */
class TickContext implements FlightContext {
  frame!: SensorFrame;

  constructor(private readonly core: Executive) {}

  get timeS(): number {
    return this.frame.timeS;
  }

  get mode(): Mode {
    return this.core.mode;
  }

  get params(): ParameterTable {
    return this.core.params;
  }

  get published(): Published {
    return this.core.published;
  }

  get actuators(): ActuatorRequests {
    return this.core.actuators;
  }

  get store(): RecordStore {
    return this.core.store;
  }

  event(name: string, args: Readonly<Record<string, unknown>>): void {
    this.core.event(name, args);
  }

  downlink(name: string, data: Readonly<Record<string, unknown>>): void {
    this.core.send(name, data);
  }

  requestMode(mode: Mode, cause: string): void {
    this.core.setMode(mode, cause);
  }
}
