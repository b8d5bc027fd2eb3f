/**
 * A live stack as an operator meets it: `ground serve`, `sim-hw serve` (real
 * time) and `fsw` as processes, joined by a clean UDP relay on ephemeral
 * ports; resolved once the ground hears the spacecraft. The ground's token
 * file is in `dir`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createKeyFile } from '../../protocol/index.js';
import { startBin, type RunningProcess } from './processes.js';
import { UdpRelay } from './udp-relay.js';

export interface LiveStack {
  /** The ground's API, http://127.0.0.1:PORT. */
  readonly url: string;
  readonly dir: string;
  readonly tokenFile: string;
  stop(): Promise<void>;
}

/**
 * `sim-hw serve` (relay link, at `speed`) and `fsw` on its hardware socket,
 * the flight software's TM frames to 127.0.0.1:tmToPort, its NVM in `dir`;
 * both pushed to `started` (for the caller to stop); resolves with the
 * flight software's telecommand port.
 */
export async function startFlight(options: {
  readonly dir: string;
  readonly keyFile: string;
  readonly tmToPort: number;
  readonly speed: number;
  readonly started: RunningProcess[];
}): Promise<number> {
  const sim = startBin('sim-hw', ['serve', '--port', '0', '--control-port', '0', '--speed', String(options.speed), '--link', 'relay']);
  options.started.push(sim);
  const [, hwPort] = await sim.waitFor(/hardware on tcp:\/\/127\.0\.0\.1:(\d+)/);
  const fsw = startBin('fsw', [
    '--hal',
    `tcp://127.0.0.1:${hwPort}`,
    '--tc-port',
    '0',
    '--tm-to',
    `127.0.0.1:${options.tmToPort}`,
    '--key-file',
    options.keyFile,
    '--nvm',
    join(options.dir, 'nvm.bin'),
  ]);
  options.started.push(fsw);
  const [, tcPort] = await fsw.waitFor(/telecommands on udp:\/\/127\.0\.0\.1:(\d+)/);
  return Number(tcPort);
}

export async function startLiveStack(dir: string): Promise<LiveStack> {
  const keyFile = join(dir, 'keys.json');
  const keys = createKeyFile(keyFile);
  if (!keys.ok) throw new Error(keys.error);
  const started: RunningProcess[] = [];
  const relay = await UdpRelay.start({ seed: 1, lossProbability: 0, duplicateProbability: 0 });
  const stop = async () => {
    await Promise.all(started.splice(0).map((process) => process.stop('SIGKILL')));
    await relay.close();
  };
  try {
    const server = startBin('ground', [
      'serve',
      '--tm-port',
      '0',
      '--api-port',
      '0',
      '--tc-to',
      `127.0.0.1:${relay.groundSidePort}`,
      '--archive',
      join(dir, 'archive.sqlite'),
      '--key-file',
      keyFile,
    ]);
    started.push(server);
    const [, apiPort, tmPort] = await server.waitFor(/api http:\/\/127\.0\.0\.1:(\d+) tm udp 127\.0\.0\.1:(\d+)/);
    const url = `http://127.0.0.1:${apiPort}`;
    relay.toSpacePort = await startFlight({ dir, keyFile, tmToPort: relay.spaceSidePort, speed: 1, started });
    relay.toGroundPort = Number(tmPort);
    const tokenFile = join(dir, 'ground-token');
    // Real time (speed 1): a loaded machine cannot starve the flight software into a watchdog reset
    // (5 s); housekeeping comes every 10 s, the boot event at once.
    const token = readFileSync(tokenFile, 'utf8').trim();
    for (let tries = 0; ; tries++) {
      const status = (await (await fetch(`${url}/api/status`, { headers: { authorization: `Bearer ${token}` } })).json()) as { link: { inContact: boolean } };
      if (status.link.inContact) break;
      if (tries > 100) throw new Error('no telemetry reached the ground server');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    return { url, dir, tokenFile, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
