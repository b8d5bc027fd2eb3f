/**
 * The whole system in one deterministic process: the simulated spacecraft,
 * the flight software on its simulated computer, and the space link between
 * them and the ground. The hardware is the time master; each tick:
 *
 *   hardware step (with the last actuator frame) -> frame
 *   a reset of the computer (boot count changed) restarts the software from
 *     its non-volatile memory (what its RAM held is gone: the downlink queue,
 *     counted at the next boot); an unpowered or hung computer does not run
 *   the link carries transfer frames both ways (contact, rate, light-time,
 *     loss per frame): TC frames up, TM frames down, the packets inside
 *   flight software tick -> actuator frame
 *
 * Nothing here reads the wall clock or Math.random.
 */
import { FlightSoftware, NVM_SIZE_BYTES } from '../fsw/flight.js';
import type { ModuleFactory } from '../fsw/executive/module.js';
import { IDLE_ACTUATORS, type ActuatorFrame, type SensorFrame } from '../fsw/hal/frames.js';
import { QueueRadio } from '../fsw/hal/radio.js';
import { MemoryNvm } from '../fsw/storage/nvm.js';
import { DEFAULT_SPACECRAFT_ID, TM_FRAME_BYTES, TcFramer, TmDeframer, type LinkKeys } from '../protocol/index.js';
import { receivePackets, sendPacket, Spacecraft, type SpacecraftConfig, type TimedFault } from '../sim-hw/index.js';

export interface StackOptions {
  readonly config: SpacecraftConfig;
  readonly keys: LinkKeys;
  readonly scenario?: readonly TimedFault[];
  /** Modules after the core ones (default: the onboard modules). */
  readonly modules?: readonly ModuleFactory[];
  /** Monotonic milliseconds for the software's tick cost (benchmarks only; absent keeps runs deterministic). */
  readonly costClockMs?: () => number;
  /** Validate every packet the flight software builds against its schema before it is sent (tests; see TelemetryWriter). */
  readonly checkPackets?: boolean;
  /** The CCSDS spacecraft id on the link (default DEFAULT_SPACECRAFT_ID). */
  readonly spacecraftId?: number;
}

export class InProcessStack {
  readonly spacecraft: Spacecraft;
  readonly nvm = new MemoryNvm(NVM_SIZE_BYTES);
  readonly radio = new QueueRadio();
  fsw: FlightSoftware;
  /** Flight software starts (the first included). */
  starts = 1;
  private frame: SensorFrame;
  private actuators: ActuatorFrame | null = null;
  private bootCount: number;
  private readonly arrived: Uint8Array[] = [];
  readonly spacecraftId: number;
  /**
   * The frame layer of a scripted ground (tests, campaigns, benches): it
   * wraps what `uplink` is given in TC frames and takes the packets out of
   * the TM frames for `takeDownlink`, authenticating them with the downlink
   * keys. A ground with its own frame layer uses `uplinkFrame` and
   * `takeDownlinkFrames` instead.
   */
  readonly groundFramer: TcFramer;
  readonly groundDeframer: TmDeframer;

  constructor(private readonly options: StackOptions) {
    this.spacecraftId = options.spacecraftId ?? DEFAULT_SPACECRAFT_ID;
    this.groundFramer = new TcFramer({ spacecraftId: this.spacecraftId });
    this.groundDeframer = new TmDeframer({ spacecraftId: this.spacecraftId, frameBytes: TM_FRAME_BYTES, keys: options.keys.downlink.keys });
    this.spacecraft = new Spacecraft(options.config, options.scenario ?? []);
    this.frame = this.spacecraft.current();
    this.bootCount = this.frame.obc.bootCount;
    this.fsw = this.startSoftware();
  }

  /** The link keys the flight software was given (a scripted ground signs and checks with them). */
  get keys(): LinkKeys {
    return this.options.keys;
  }

  get current(): SensorFrame {
    return this.frame;
  }

  get timeS(): number {
    return this.frame.timeS;
  }

  /** One control tick of the whole system; returns the new frame. */
  tick(): SensorFrame {
    const frame = this.actuators === null ? this.spacecraft.current() : this.spacecraft.step(this.actuators);
    this.frame = frame;
    if (frame.obc.bootCount !== this.bootCount) {
      // The hardware reset the computer: RAM is gone, NVM remains. Telecommands the radio
      // held for the old software are gone with it; packets already handed to the radio
      // have left the computer and go on to the channel.
      this.bootCount = frame.obc.bootCount;
      this.radio.receive();
      this.fsw = this.startSoftware();
      this.starts++;
    }
    this.carryLink(frame.timeS);
    const running = this.spacecraft.computerRuns();
    this.actuators = running ? this.fsw.tick(frame) : IDLE_ACTUATORS;
    return frame;
  }

  /** Runs ticks until the mission time reaches untilS (or `stop` says so). */
  runUntil(untilS: number, stop?: (frame: SensorFrame) => boolean): SensorFrame {
    while (this.frame.timeS < untilS - 1e-9) {
      const frame = this.tick();
      if (stop?.(frame)) break;
    }
    return this.frame;
  }

  /** The ground transmits one TC frame now; it reaches the spacecraft if the link allows. */
  uplinkFrame(frame: Uint8Array): ReturnType<typeof sendPacket> {
    return sendPacket(this.spacecraft.link, this.options.config.link, 'uplink', frame, this.frame.timeS, this.spacecraft.linkRandom);
  }

  /** TM frames that have reached the ground since the last call. */
  takeDownlinkFrames(): Uint8Array[] {
    return this.arrived.splice(0);
  }

  /** The scripted ground transmits a telecommand now, in its TC frame(s): what became of the first frame the link did not take, else 'in-flight'. */
  uplink(packet: Uint8Array): ReturnType<typeof sendPacket> {
    let outcome: ReturnType<typeof sendPacket> = 'in-flight';
    for (const frame of this.groundFramer.frames([packet])) {
      const sent = this.uplinkFrame(frame);
      if (outcome === 'in-flight') outcome = sent;
    }
    return outcome;
  }

  /** The telemetry packets in the TM frames that have reached the scripted ground since the last call (refused frames counted in groundDeframer). */
  takeDownlink(): Uint8Array[] {
    const packets: Uint8Array[] = [];
    for (const frame of this.takeDownlinkFrames()) {
      const result = this.groundDeframer.accept(frame);
      if (result.ok) packets.push(...result.packets);
    }
    return packets;
  }

  private startSoftware(): FlightSoftware {
    return new FlightSoftware({
      keys: this.options.keys,
      nvm: this.nvm,
      radio: this.radio,
      spacecraftId: this.spacecraftId,
      ...(this.options.modules ? { modules: this.options.modules } : {}),
      ...(this.options.costClockMs ? { costClockMs: this.options.costClockMs } : {}),
      ...(this.options.checkPackets ? { checkPackets: true } : {}),
    });
  }

  private carryLink(nowS: number): void {
    const link = this.spacecraft.link;
    for (const frame of receivePackets(link, 'uplink', nowS)) this.radio.deliver(frame);
    for (const frame of this.radio.collect()) sendPacket(link, this.options.config.link, 'downlink', frame, nowS, this.spacecraft.linkRandom);
    for (const frame of receivePackets(link, 'downlink', nowS)) this.arrived.push(frame);
  }
}
