/**
 * A lossy, duplicating UDP relay for space-link tests, seeded: it sits
 * between the ground and the flight software and forwards each datagram, or
 * loses it, or delivers it twice, each direction drawing from its own stream
 * of one seed. The ground sends telecommands to `groundSidePort`; the flight
 * software sends telemetry to `spaceSidePort`; the far ends are set once
 * their ports are known.
 */
import { createSocket, type Socket } from 'node:dgram';
import { Random } from '../../sim-hw/random.js';

export interface RelayOptions {
  readonly seed: number;
  readonly lossProbability: number;
  readonly duplicateProbability: number;
}

export interface RelayCounters {
  forwarded: number;
  lost: number;
  duplicated: number;
}

async function bound(): Promise<Socket> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return socket;
}

export class UdpRelay {
  /** Where telecommands go on (the flight software's telecommand port). */
  toSpacePort: number | null = null;
  /** Where telemetry goes on (the ground's telemetry port). */
  toGroundPort: number | null = null;
  readonly uplink: RelayCounters = { forwarded: 0, lost: 0, duplicated: 0 };
  readonly downlink: RelayCounters = { forwarded: 0, lost: 0, duplicated: 0 };

  private constructor(
    private readonly groundSide: Socket,
    private readonly spaceSide: Socket,
    options: RelayOptions,
  ) {
    const random = Random.fromSeed(options.seed);
    const up = random.split('uplink');
    const down = random.split('downlink');
    groundSide.on('message', (message: Buffer) => this.forward(message, spaceSide, this.toSpacePort, up, this.uplink, options));
    spaceSide.on('message', (message: Buffer) => this.forward(message, groundSide, this.toGroundPort, down, this.downlink, options));
  }

  static async start(options: RelayOptions): Promise<UdpRelay> {
    return new UdpRelay(await bound(), await bound(), options);
  }

  get groundSidePort(): number {
    return this.groundSide.address().port;
  }

  get spaceSidePort(): number {
    return this.spaceSide.address().port;
  }

  close(): Promise<void> {
    return Promise.all([this.groundSide, this.spaceSide].map((socket) => new Promise<void>((resolve) => socket.close(() => resolve())))).then(() => undefined);
  }

  private forward(message: Buffer, out: Socket, port: number | null, random: Random, counters: RelayCounters, options: RelayOptions): void {
    if (port === null || random.next() < options.lossProbability) {
      counters.lost++;
      return;
    }
    const copies = random.next() < options.duplicateProbability ? 2 : 1;
    if (copies === 2) counters.duplicated++;
    counters.forwarded++;
    for (let i = 0; i < copies; i++) out.send(message, port, '127.0.0.1');
  }
}
