/**
 * The space-link relay for hardware in the loop: a UDP relay between the
 * ground and the flight software that applies the channel (channel.ts) with
 * the simulator's own link state. It polls the simulator's control port
 * (`{"op":"link"}`) for mission time, contact (station visibility or relay,
 * and any link-outage fault), light-time and the link parameters, and
 * reports its counters with each poll (they appear in the simulator's
 * status). Telecommands from the ground enter the uplink, telemetry from the
 * flight software the downlink; each is delivered one light-time after its
 * last bit left at the data rate, or dropped and counted (no contact,
 * backlog, in flight, random loss). Mission time is the last polled time, so
 * it lags the simulator by at most one poll interval.
 * Like server.ts, this file paces itself on real time (the poll interval).
 */
import { createSocket, type Socket } from 'node:dgram';
import { setTimeout as sleep } from 'node:timers/promises';
import { accept, fail, type Outcome } from '../../protocol/index.js';
import { Random } from '../random.js';
import {
  DEFAULT_LINK_PARAMS,
  SPEED_OF_LIGHT_KM_S,
  createLinkState,
  receivePackets,
  sendPacket,
  updateLinkGeometry,
  type Direction,
  type DirectionCounters,
  type LinkParams,
} from './channel.js';
import { ControlClient } from './control-client.js';

export interface Endpoint {
  readonly host: string;
  readonly port: number;
}

export interface RelayOptions {
  /** Address the two UDP ports bind to. */
  readonly host: string;
  /** Telecommands from the ground arrive here (the ground's --tc-to); 0 picks a free port. */
  readonly uplinkPort: number;
  /** Telemetry from the flight software arrives here (its --tm-to); 0 picks a free port. */
  readonly downlinkPort: number;
  /** The flight software's telecommand port. */
  readonly toSpace: Endpoint;
  /** The ground's telemetry port. */
  readonly toGround: Endpoint;
  /** The simulator's control port. */
  readonly control: Endpoint;
  readonly pollIntervalMs: number;
  readonly log: (line: string) => void;
}

export interface RelayCounters {
  readonly timeS: number;
  readonly inContact: boolean;
  readonly uplink: DirectionCounters;
  readonly downlink: DirectionCounters;
}

/** The answer of the control port's link op. */
interface LinkAnswer {
  readonly timeS: number;
  readonly seed: number;
  readonly inContact: boolean;
  readonly lightTimeS: number;
  readonly params: LinkParams;
}

function isLinkAnswer(answer: Record<string, unknown>): answer is Record<string, unknown> & LinkAnswer {
  return (
    answer.ok === true &&
    typeof answer.timeS === 'number' &&
    typeof answer.inContact === 'boolean' &&
    typeof answer.lightTimeS === 'number' &&
    typeof answer.seed === 'number' &&
    typeof answer.params === 'object'
  );
}

async function bind(host: string, port: number): Promise<Outcome<Socket>> {
  const socket = createSocket('udp4');
  return new Promise((resolve) => {
    socket.once('error', (error) => resolve(fail(`cannot bind udp ${host}:${port}: ${error.message}`)));
    socket.bind(port, host, () => resolve(accept(socket)));
  });
}

export class SpaceLinkRelay {
  private readonly state = createLinkState();
  private params: LinkParams = DEFAULT_LINK_PARAMS;
  /** Seeded from the simulator's seed at the first poll; until then nothing is in contact and nothing draws. */
  private rng: Random | null = null;
  private nowS = 0;
  private stopped = false;
  /** Resolves with why the relay stopped. */
  readonly done: Promise<string>;

  private constructor(
    private readonly options: RelayOptions,
    private readonly uplinkIn: Socket,
    private readonly downlinkIn: Socket,
    private readonly control: ControlClient,
  ) {
    uplinkIn.on('message', (packet: Buffer) => this.offer('uplink', packet));
    downlinkIn.on('message', (packet: Buffer) => this.offer('downlink', packet));
    this.done = this.poll();
  }

  static async start(options: RelayOptions): Promise<Outcome<SpaceLinkRelay>> {
    const control = await ControlClient.connect(options.control.host, options.control.port);
    if (!control.ok) return control;
    const uplinkIn = await bind(options.host, options.uplinkPort);
    if (!uplinkIn.ok) return uplinkIn;
    const downlinkIn = await bind(options.host, options.downlinkPort);
    if (!downlinkIn.ok) {
      uplinkIn.value.close();
      return downlinkIn;
    }
    return accept(new SpaceLinkRelay(options, uplinkIn.value, downlinkIn.value, control.value));
  }

  get uplinkPort(): number {
    return this.uplinkIn.address().port;
  }

  get downlinkPort(): number {
    return this.downlinkIn.address().port;
  }

  counters(): RelayCounters {
    return { timeS: this.nowS, inContact: this.state.inContact, uplink: { ...this.state.uplink.counters }, downlink: { ...this.state.downlink.counters } };
  }

  async stop(): Promise<string> {
    this.stopped = true;
    return this.done;
  }

  private offer(direction: Direction, packet: Buffer): void {
    // A packet offered before the first poll finds no contact: dropped and counted, no draw.
    sendPacket(this.state, this.params, direction, new Uint8Array(packet), this.nowS, this.rng ?? Random.fromSeed(0));
  }

  private async poll(): Promise<string> {
    let why = 'stopped';
    while (!this.stopped) {
      const answer = await this.control.request({ op: 'link', relay: this.counters() });
      if (!answer.ok) {
        why = `the simulator is gone (${answer.error})`;
        break;
      }
      if (!isLinkAnswer(answer.value)) {
        why = `the simulator has no space link: ${JSON.stringify(answer.value).slice(0, 200)}`;
        break;
      }
      this.apply(answer.value);
      await sleep(this.options.pollIntervalMs);
    }
    this.control.close();
    await Promise.all([
      new Promise<void>((resolve) => this.uplinkIn.close(() => resolve())),
      new Promise<void>((resolve) => this.downlinkIn.close(() => resolve())),
    ]);
    this.options.log(`relay stopped: ${why}`);
    return why;
  }

  private apply(link: LinkAnswer): void {
    if (this.rng === null) {
      this.rng = Random.fromSeed(link.seed).split('hil-relay-loss');
      this.params = link.params;
      this.options.log(
        `link from the simulator: ${link.params.relay ? 'data relay' : 'ground station'}, up ${link.params.uplinkBps} bit/s, down ${link.params.downlinkBps} bit/s, loss ${link.params.lossProbability}`,
      );
    }
    if (link.inContact !== this.state.inContact) this.options.log(`${link.inContact ? 'contact' : 'loss of signal'} at ${link.timeS.toFixed(1)} s`);
    // Mission time never runs backward, even if the simulator's answer does.
    this.nowS = Math.max(this.nowS, link.timeS);
    updateLinkGeometry(this.state, link.inContact, link.lightTimeS * SPEED_OF_LIGHT_KM_S);
    for (const packet of receivePackets(this.state, 'uplink', this.nowS)) this.uplinkIn.send(packet, this.options.toSpace.port, this.options.toSpace.host);
    for (const packet of receivePackets(this.state, 'downlink', this.nowS))
      this.downlinkIn.send(packet, this.options.toGround.port, this.options.toGround.host);
  }
}
