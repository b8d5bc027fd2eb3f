/** A ground server in the bench's process on loopback (ephemeral ports, nothing retransmitted for long, nothing deleted), for the benches that measure through it. */
import { join } from 'node:path';
import { GroundServer, type GroundServerOptions } from '../ground/server/ground-server.js';

export async function startBenchGround(dir: string, keyFile: string, overrides: Partial<GroundServerOptions> = {}): Promise<GroundServer> {
  const started = await GroundServer.start({
    host: '127.0.0.1',
    tmPort: 0,
    tcTo: { host: '127.0.0.1', port: 9 },
    apiPort: 0,
    archivePath: join(dir, 'archive.sqlite'),
    keyFile,
    usersFile: join(dir, 'users.json'),
    retransmitAfterS: 5,
    retransmitMax: 1,
    retentionDays: Number.POSITIVE_INFINITY,
    ...overrides,
  });
  if (!started.ok) throw new Error(started.error);
  return started.value;
}
