/** What the server's two TCP listeners share: listening, and the sockets to end when the server stops. */

import type { AddressInfo, Server, Socket } from 'node:net';

/** Listens on host:port (0: a free one); resolves with the port, rejects when it cannot listen. */
export function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}

/** The open sockets of one listener, ended together when it closes. */
export class OpenSockets {
  private readonly sockets = new Set<Socket>();

  track(socket: Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
  }

  /** Ends every socket once its writes are flushed, then closes the listener. */
  async close(server: Server): Promise<void> {
    for (const socket of this.sockets) socket.destroySoon();
    await new Promise((resolve) => server.close(resolve));
  }
}
