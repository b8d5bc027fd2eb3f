/**
 * The radio over UDP (hardware in the loop): telecommands arrive as datagrams
 * on a local port, telemetry leaves as datagrams to a configured address.
 */
import { createSocket, type Socket } from 'node:dgram';
import { accept, fail, type Outcome } from '../../protocol/index.js';
import { RADIO_RECEIVE_MAX, type Radio } from './radio.js';

export class UdpRadio implements Radio {
  dropped = 0;
  sendErrors = 0;
  private inbox: Uint8Array[] = [];

  private constructor(
    private readonly socket: Socket,
    private readonly tmHost: string,
    private readonly tmPort: number,
  ) {
    socket.on('message', (message: Buffer) => {
      if (this.inbox.length >= RADIO_RECEIVE_MAX) {
        this.dropped++;
        return;
      }
      this.inbox.push(new Uint8Array(message.buffer, message.byteOffset, message.length));
    });
    socket.on('error', () => this.sendErrors++);
  }

  /** Binds the telecommand port (0: any free one) on host; telemetry goes to tmHost:tmPort. */
  static open(host: string, tcPort: number, tmHost: string, tmPort: number): Promise<Outcome<UdpRadio>> {
    return new Promise((resolve) => {
      const socket = createSocket('udp4');
      socket.once('error', (error) => resolve(fail(`cannot bind the telecommand port ${host}:${tcPort}: ${error.message}`)));
      socket.bind(tcPort, host, () => resolve(accept(new UdpRadio(socket, tmHost, tmPort))));
    });
  }

  get tcPort(): number {
    return this.socket.address().port;
  }

  receive(): Uint8Array[] {
    const packets = this.inbox;
    this.inbox = [];
    return packets;
  }

  send(packet: Uint8Array): void {
    this.socket.send(packet, this.tmPort, this.tmHost, (error) => {
      if (error) this.sendErrors++;
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.socket.close(() => resolve()));
  }
}
