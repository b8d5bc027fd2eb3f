/**
 * The assembly: which modules fly, in which order (their step order within
 * a tick) and at which rate. Used by the flight process (main.ts) and by the
 * deterministic in-process mission (mission/).
 */
import { missionDictionary, type LinkKeys } from '../protocol/index.js';
import { createCommandingModule } from './commanding/commanding-module.js';
import { Executive } from './executive/executive.js';
import { createExecutiveModule } from './executive/executive-module.js';
import type { ModuleFactory } from './executive/module.js';
import type { ActuatorFrame, SensorFrame } from './hal/frames.js';
import type { Radio } from './hal/radio.js';
import type { NvmDevice } from './storage/nvm.js';
import { createJobsModule } from './jobs/jobs-module.js';
import { createMemoryModule } from './memory/memory-module.js';
import { createPowerModule } from './power/power-module.js';
import { createStorageModule } from './storage/storage-module.js';
import { createTelemetryModule } from './telemetry/telemetry-module.js';
import { createThermalModule } from './thermal/thermal-module.js';

/** Non-volatile memory the flight software expects. */
export const NVM_SIZE_BYTES = 4 * 1024 * 1024;

/** The core: executive, commanding, telemetry, storage. */
export const CORE_MODULES: readonly ModuleFactory[] = [createExecutiveModule, createCommandingModule, createTelemetryModule, createStorageModule];

/**
 * The onboard modules, in step order: power first (its budget caps the
 * accelerator), then thermal (its cap and rail inhibits), then memory and
 * the job runner, which obey both.
 */
export const ONBOARD_MODULES: readonly ModuleFactory[] = [createPowerModule, createThermalModule, createMemoryModule, createJobsModule];

export interface FlightOptions {
  /** Uplink keys verify telecommands; the active downlink key signs the TM frames. */
  readonly keys: LinkKeys;
  readonly nvm: NvmDevice;
  /** Carries TC frames in and TM frames out, one per datagram. */
  readonly radio: Radio;
  /** The CCSDS spacecraft id on the link (default DEFAULT_SPACECRAFT_ID, protocol/frames/link-config.ts). */
  readonly spacecraftId?: number;
  /** Monotonic milliseconds, for tick cost; absent in deterministic runs. */
  readonly costClockMs?: () => number;
  /** Modules after the core ones (default: the onboard modules). */
  readonly modules?: readonly ModuleFactory[];
  /** Validate every packet against its schema before it is built (tests; off in flight). */
  readonly checkPackets?: boolean;
}

/**
 * The radio as the executive sees it: frames sent during a tick are held
 * until the tick's records are durable, then leave in order.
 */
class TickRadio implements Radio {
  private readonly held: Uint8Array[] = [];

  constructor(private readonly radio: Radio) {}

  get dropped(): number {
    return this.radio.dropped;
  }

  receive(): Uint8Array[] {
    return this.radio.receive();
  }

  send(packet: Uint8Array): void {
    this.held.push(packet);
  }

  release(): void {
    for (const packet of this.held) this.radio.send(packet);
    this.held.length = 0;
  }
}

export class FlightSoftware {
  readonly executive: Executive;
  private readonly nvm: NvmDevice;
  private readonly radio: TickRadio;

  constructor(options: FlightOptions) {
    this.nvm = options.nvm;
    this.radio = new TickRadio(options.radio);
    this.executive = new Executive({
      dictionary: missionDictionary(),
      keys: options.keys,
      nvm: options.nvm,
      radio: this.radio,
      ...(options.spacecraftId !== undefined ? { spacecraftId: options.spacecraftId } : {}),
      modules: [...CORE_MODULES, ...(options.modules ?? ONBOARD_MODULES)],
      ...(options.costClockMs ? { costClockMs: options.costClockMs } : {}),
      ...(options.checkPackets ? { checkPackets: true } : {}),
    });
  }

  /**
   * One tick. Its record writes are made durable with one sync (write-behind
   * NVM) before anything of it leaves: its packets (an acceptance report
   * tells the ground a command's record is kept) and its actuator frame.
   * A failed sync throws NvmSyncError and nothing of the tick leaves.
   */
  tick(frame: SensorFrame): ActuatorFrame {
    const actuators = this.executive.tick(frame);
    this.nvm.sync();
    this.radio.release();
    return actuators;
  }
}
