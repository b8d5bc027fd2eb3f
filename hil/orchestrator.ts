/**
 * Starts the set-up in order and stops all of it: the simulator first (the
 * time master), then the link relay (it follows the simulator), the ground
 * server (it creates the key file when missing), and last the flight
 * software under its boot ROM. UDP ports given as 0 are chosen before the
 * start, because the relay and the flight software name each other's
 * ports; TCP ports given as 0 are read from what each program prints.
 * Stopping: the boot ROM first (no restart), then the ground, the relay and
 * the simulator; each gets SIGTERM and, after a grace time, SIGKILL.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Child, type ChildExit } from './child.js';
import { freeUdpPort } from './free-port.js';
import type { HilOptions, HilPorts } from './options.js';
import { Supervisor, describeExit } from './supervisor.js';

/** How long a program may take to print its address line. */
const START_TIMEOUT_MS = 30_000;
/** How long a program may take to stop on SIGTERM before SIGKILL. */
export const STOP_GRACE_MS = 5_000;

export interface RunningHil {
  readonly ports: Readonly<HilPorts>;
  readonly supervisor: Supervisor;
  /** Resolves with why the set-up ended on its own: a program ended, or the boot ROM gave up. */
  readonly ended: Promise<string>;
  /** Stops every process; resolves when all are gone. */
  stop(): Promise<void>;
  /** Every process id now (the flight software's is the current boot's). */
  pids(): Record<string, number>;
  /** SIGKILL to whatever still runs, at once (for a process that is exiting anyway). */
  killNow(): void;
}

async function choose(host: string, port: number): Promise<number> {
  return port === 0 ? freeUdpPort(host) : port;
}

export async function startHil(options: HilOptions, emit: (line: string) => void): Promise<RunningHil> {
  const { host } = options;
  const dir = resolve(options.dir);
  mkdirSync(dir, { recursive: true });
  const ports: HilPorts = {
    ...options.ports,
    fswTc: await choose(host, options.ports.fswTc),
    relayDownlink: await choose(host, options.ports.relayDownlink),
    groundTm: await choose(host, options.ports.groundTm),
    relayUplink: await choose(host, options.ports.relayUplink),
  };
  const children: Child[] = [];
  const start = (name: string, program: 'sim-hw' | 'ground', args: readonly string[]) => {
    const child = new Child(name, program, args, emit);
    children.push(child);
    return child;
  };
  let supervisor: Supervisor | null = null;
  const stopAll = async () => {
    await supervisor?.stop(STOP_GRACE_MS);
    // The ground first (it writes its archive), then the relay, then the time master.
    for (const child of [...children].reverse()) await child.stop(STOP_GRACE_MS);
  };

  try {
    const sim = start('sim-hw', 'sim-hw', [
      'serve',
      '--host', host,
      '--port', String(ports.hardware),
      '--control-port', String(ports.control),
      '--speed', options.speed,
      '--link', options.link,
      '--answer-timeout-ms', options.answerTimeoutMs,
      '--idle-speed', options.idleSpeed,
      ...options.simArgs,
    ]);
    const [, hardware, control] = await sim.waitFor(/hardware on tcp:\/\/[^:]+:(\d+), control on tcp:\/\/[^:]+:(\d+)/, START_TIMEOUT_MS);
    ports.hardware = Number(hardware);
    ports.control = Number(control);

    const relay = start('relay', 'sim-hw', [
      'relay',
      '--host', host,
      '--uplink-port', String(ports.relayUplink),
      '--downlink-port', String(ports.relayDownlink),
      '--to-space', `${host}:${ports.fswTc}`,
      '--to-ground', `${host}:${ports.groundTm}`,
      '--control', `${host}:${ports.control}`,
    ]);
    await relay.waitFor(/sim-hw relay: uplink udp/, START_TIMEOUT_MS);

    const ground = start('ground', 'ground', [
      'serve',
      '--host', host,
      '--tm-port', String(ports.groundTm),
      '--tc-to', `${host}:${ports.relayUplink}`,
      '--api-port', String(ports.api),
      '--archive', join(dir, 'ground-archive.sqlite'),
      '--key-file', options.keyFile,
      '--retransmit-after-s', options.retransmitAfterS,
    ]);
    const [, api] = await ground.waitFor(/ground serve: api http:\/\/[^:]+:(\d+)/, START_TIMEOUT_MS);
    ports.api = Number(api);

    supervisor = new Supervisor(
      ['--hal', `tcp://${host}:${ports.hardware}`, '--tc-host', host, '--tc-port', String(ports.fswTc), '--tm-to', `${host}:${ports.relayDownlink}`, '--key-file', options.keyFile, '--nvm', join(dir, 'fsw-nvm.bin')],
      emit,
    );
  } catch (error) {
    await stopAll();
    throw error;
  }
  const boot = supervisor;

  const ended = Promise.race([
    ...children.map((child) => child.exited.then((exit: ChildExit) => `${child.name} ended (${describeExit(exit)})`)),
    boot.done.then((why) => `the flight software's boot ROM ${why}`),
  ]);

  return {
    ports,
    supervisor: boot,
    ended,
    stop: stopAll,
    pids: () => ({ ...Object.fromEntries(children.map((child) => [child.name, child.pid])), fsw: boot.current?.pid ?? -1 }),
    killNow: () => {
      boot.current?.kill();
      for (const child of children) child.kill();
    },
  };
}

