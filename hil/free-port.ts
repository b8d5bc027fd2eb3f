/**
 * A free UDP port on the host, for the ports that must be known before the
 * program that binds them starts (the relay and the flight software name
 * each other's ports, and the flight software keeps its port across boots).
 */
import { createSocket } from 'node:dgram';

export async function freeUdpPort(host: string): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, host, () => resolve());
  });
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}
