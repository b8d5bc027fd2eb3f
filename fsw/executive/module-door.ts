/**
 * The door into one module: the ModuleContext the executive hands its
 * factory. Everything goes through the executive's services, read when
 * used, so that the context stays valid from tick to tick; writes are
 * checked against the module's name (its published values, its records).
 */
import type { SensorFrame } from '../hal/frames.js';
import type { ParameterTable } from '../storage/parameters.js';
import type { RecordStore } from '../storage/records.js';
import { moduleRecords } from '../storage/scoped-records.js';
import type { ActuatorRequests } from './actuators.js';
import type { CommandRouter } from './command-router.js';
import type { AnyCommandHandler, Mode, ModuleContext } from './module.js';
import type { Published } from './published.js';
import type { PublishedDefs } from './published-values.js';

/** What a door needs of the executive. */
export interface DoorEngine {
  readonly frame: SensorFrame;
  readonly mode: Mode;
  readonly params: ParameterTable;
  readonly actuators: ActuatorRequests;
  readonly published: Published;
  readonly store: RecordStore;
  readonly router: CommandRouter;
  event(name: string, args: Readonly<Record<string, unknown>>): void;
  send(name: string, data: Readonly<Record<string, unknown>>): void;
  setMode(mode: Mode, cause: string): void;
}

export function moduleContext(engine: DoorEngine, module: string, services: unknown): ModuleContext<string, PublishedDefs> {
  return {
    module,
    get frame() {
      return engine.frame;
    },
    get timeS() {
      return engine.frame.timeS;
    },
    get mode() {
      return engine.mode;
    },
    get params() {
      return engine.params;
    },
    get actuators() {
      return engine.actuators;
    },
    published: {
      read: (name) => engine.published.read(name),
      write: (name, value) => engine.published.write(module, name, value),
    },
    records: moduleRecords(
      () => engine.store,
      module,
      (record, detail) => engine.event('nvm_problem', { record, detail }),
    ),
    commands: (handlers: Readonly<Record<string, AnyCommandHandler>>) => engine.router.register(module, handlers),
    event: (name, args) => engine.event(name, args),
    downlink: (name, data) => engine.send(name, data),
    requestMode: (mode, cause) => engine.setMode(mode, cause),
    services,
  };
}
