/**
 * The ground end of the space link: UDP on loopback, one space packet per
 * datagram. Telemetry arrives on a bound port; telecommands leave from the
 * same socket for a configured address. There is no contact signal: a
 * datagram sent out of contact is simply lost (the commander retransmits).
 */
import { createSocket, type Socket } from 'node:dgram';
import { Subject, type Observable } from 'rxjs';
import { accept, fail, type Outcome } from '../../protocol/index.js';

export interface Datagram {
  readonly bytes: Uint8Array;
  readonly receivedAtMs: number;
}

export interface Endpoint {
  readonly host: string;
  readonly port: number;
}

/** "HOST:PORT" with a port 1..65535. */
export function parseEndpoint(text: string): Outcome<Endpoint> {
  const match = /^(.+):(\d{1,5})$/.exec(text);
  const port = match ? Number(match[2]) : NaN;
  if (!match || !(port >= 1 && port <= 65535)) return fail(`"${text}" is not HOST:PORT`);
  return accept({ host: match[1]!, port });
}

export class UdpLink {
  private readonly received = new Subject<Datagram>();
  readonly datagrams: Observable<Datagram> = this.received.asObservable();
  sendErrors = 0;
  datagramsSent = 0;

  private constructor(
    private readonly socket: Socket,
    readonly uplinkTo: Endpoint,
    private readonly nowMs: () => number,
  ) {
    socket.on('message', (message: Buffer) =>
      this.received.next({ bytes: new Uint8Array(message.buffer, message.byteOffset, message.length), receivedAtMs: this.nowMs() }),
    );
    socket.on('error', () => this.sendErrors++);
  }

  /** Binds the telemetry port (0: any free one) on host. */
  static open(host: string, tmPort: number, uplinkTo: Endpoint, nowMs: () => number = Date.now): Promise<Outcome<UdpLink>> {
    return new Promise((resolve) => {
      const socket = createSocket('udp4');
      socket.once('error', (error) => resolve(fail(`cannot bind the telemetry port udp ${host}:${tmPort}: ${error.message}`)));
      socket.bind(tmPort, host, () => resolve(accept(new UdpLink(socket, uplinkTo, nowMs))));
    });
  }

  get downlinkPort(): number {
    return this.socket.address().port;
  }

  get host(): string {
    return this.socket.address().address;
  }

  /** Sends one datagram; always taken (true): there is no contact signal, and a send error is counted. */
  send(packet: Uint8Array): true {
    return this.sendTo(packet, this.uplinkTo);
  }

  /** Sends one datagram to an endpoint of its own (a fleet: each spacecraft's uplink). */
  sendTo(packet: Uint8Array, to: Endpoint): true {
    this.datagramsSent++;
    this.socket.send(packet, to.port, to.host, (error) => {
      if (error) this.sendErrors++;
    });
    return true;
  }

  close(): Promise<void> {
    this.received.complete();
    return new Promise((resolve) => this.socket.close(() => resolve()));
  }
}
