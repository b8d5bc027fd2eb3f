/**
 * A throwaway NATS server with JetStream, for the integration tests and the
 * bench: Debian's nats-server on a free loopback port, its storage in a
 * fresh folder; stopped (or killed and started again on the same port and
 * storage) by its user. `make test` installs nats-server when it is missing.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface NatsServer {
  readonly url: string;
  readonly port: number;
  readonly dir: string;
  /** Stops it (SIGKILL: as a crash; SIGTERM: a clean stop). */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** Starts it again on the same port and storage. */
  restart(): Promise<void>;
}

/** $NATS_SERVER_BIN, else Debian's (in /usr/sbin, which a user's PATH may lack), else the PATH's. */
export const NATS_SERVER = process.env.NATS_SERVER_BIN ?? (existsSync('/usr/sbin/nats-server') ? '/usr/sbin/nats-server' : 'nats-server');

const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** Starts it and resolves with the first match of `ready` in its log (it logs on stderr). */
function launch(port: number, dir: string, ready: RegExp): Promise<{ child: ChildProcess; match: RegExpExecArray }> {
  return new Promise((resolve, reject) => {
    const child = spawn(NATS_SERVER, ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(child);
    let log = '';
    const timer = setTimeout(() => reject(new Error(`nats-server did not start within 15 s:\n${log}`)), 15_000);
    const onData = (chunk: Buffer) => {
      log += chunk.toString();
      const match = ready.exec(log);
      if (match) {
        clearTimeout(timer);
        resolve({ child, match });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`cannot start ${NATS_SERVER} (${error.message}): make test installs it (apt-get install nats-server)`));
    });
    child.on('exit', () => running.delete(child));
  });
}

export async function startNatsServer(dir = mkdtempSync(join(tmpdir(), 'nats-'))): Promise<NatsServer> {
  const first = await launch(-1, dir, /Listening for client connections on 127\.0\.0\.1:(\d+)/);
  let child = first.child;
  const port = Number(first.match[1]);
  return {
    url: `nats://127.0.0.1:${port}`,
    port,
    dir,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill(signal);
      await exited;
    },
    async restart() {
      child = (await launch(port, dir, /Server is ready/)).child;
    },
  };
}
