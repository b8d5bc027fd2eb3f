/**
 * Starts the set-up in order and stops all of it: the simulator first (the
 * time master), then the link relay (it follows the simulator), the ground
 * server (it creates the key file when missing), and last the flight
 * software under its boot ROM. UDP ports given as 0 are chosen before the
 * start, because the relay and the flight software name each other's
 * ports; TCP ports given as 0 are read from what each program prints.
 * Stopping: the boot ROM first (no restart), then the ground, the relay and
 * the simulator; each gets SIGTERM and, after a grace time, SIGKILL.
 *
 * The set-up is up once the flight software has connected to the simulator:
 * its own line (printed only after its options, key file, NVM image and
 * telecommand port were accepted and the hardware took the connection) and
 * the simulator's "flight software connected". Not the first telemetry on
 * the ground: that waits on the space link (the first station pass may be
 * half an hour away, an outage or loss may hold it), which says nothing
 * about whether the programs can run; `npx ground status` shows the link.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Child, ChildEndedError, type ChildExit } from './child.js';
import { freeUdpPort } from './free-port.js';
import type { HilOptions, HilPorts } from './options.js';
import { EXIT_BAD_OPTION, EXIT_NOT_READY, Supervisor, describeExit, type SupervisorEnd } from './supervisor.js';

/** How long a program may take to print its address line. */
const START_TIMEOUT_MS = 30_000;
/** How long a program may take to stop on SIGTERM before SIGKILL. */
export const STOP_GRACE_MS = 5_000;
/** The flight software's bound on reaching the simulator, which is already up (fsw --connect-timeout-s). */
export const FSW_CONNECT_TIMEOUT_S = 30;

/** A program could not start: its own last words, and the exit code `hil` ends with (its own 2 or 3, else 1). */
export class StartFailure extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

/** The exit code hil passes on for a program that ended: its own 2 (bad option) or 3 (not ready), else 1. */
export function passedOnCode(exit: ChildExit): number {
  return exit.code === EXIT_BAD_OPTION || exit.code === EXIT_NOT_READY ? exit.code : 1;
}

export interface RunningHil {
  readonly ports: Readonly<HilPorts>;
  readonly supervisor: Supervisor;
  /**
   * Resolves true once the flight software has connected to the simulator
   * (see the file comment), false if the set-up ended before.
   */
  readonly ready: Promise<boolean>;
  /** Resolves with why the set-up ended on its own (a program ended, or the boot ROM gave up) and hil's exit code. */
  readonly ended: Promise<SupervisorEnd>;
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
  /** Waits for a program's address line; a program that ends first is reported in its own words. */
  const started = async (child: Child, pattern: RegExp): Promise<RegExpExecArray> => {
    try {
      return await child.waitFor(pattern, START_TIMEOUT_MS);
    } catch (error) {
      if (error instanceof ChildEndedError) {
        throw new StartFailure(`${child.name} ended (${describeExit(error.exit)})${error.lastWords ? `: ${error.lastWords}` : ''}`, passedOnCode(error.exit));
      }
      throw new StartFailure((error as Error).message, 1);
    }
  };
  let supervisor: Supervisor | null = null;
  let simConnected: Promise<boolean> = Promise.resolve(false);
  const stopAll = async () => {
    await supervisor?.stop(STOP_GRACE_MS);
    // The ground first (it writes its archive), then the relay, then the time master.
    for (const child of [...children].reverse()) await child.stop(STOP_GRACE_MS);
  };

  try {
    const sim = start('sim-hw', 'sim-hw', [
      'serve',
      '--host',
      host,
      '--port',
      String(ports.hardware),
      '--control-port',
      String(ports.control),
      '--speed',
      options.speed,
      '--link',
      options.link,
      '--answer-timeout-ms',
      options.answerTimeoutMs,
      '--idle-speed',
      options.idleSpeed,
      ...options.simArgs,
    ]);
    const [, hardware, control] = await started(sim, /hardware on tcp:\/\/[^:]+:(\d+), control on tcp:\/\/[^:]+:(\d+)/);
    ports.hardware = Number(hardware);
    ports.control = Number(control);

    const relay = start('relay', 'sim-hw', [
      'relay',
      '--host',
      host,
      '--uplink-port',
      String(ports.relayUplink),
      '--downlink-port',
      String(ports.relayDownlink),
      '--to-space',
      `${host}:${ports.fswTc}`,
      '--to-ground',
      `${host}:${ports.groundTm}`,
      '--control',
      `${host}:${ports.control}`,
    ]);
    await started(relay, /sim-hw relay: uplink udp/);

    const ground = start('ground', 'ground', [
      'serve',
      '--host',
      host,
      '--tm-port',
      String(ports.groundTm),
      '--tc-to',
      `${host}:${ports.relayUplink}`,
      '--api-port',
      String(ports.api),
      '--archive',
      join(dir, 'ground-archive.sqlite'),
      '--key-file',
      options.keyFile,
      '--retransmit-after-s',
      options.retransmitAfterS,
    ]);
    const [, api] = await started(ground, /ground serve: api http:\/\/[^:]+:(\d+)/);
    ports.api = Number(api);

    // The simulator says so when a flight computer connects; watched from before the first boot.
    simConnected = sim.waitFor(/flight software connected/, null).then(
      () => true,
      () => false,
    );
    supervisor = new Supervisor(
      [
        '--hal',
        `tcp://${host}:${ports.hardware}`,
        '--connect-timeout-s',
        String(FSW_CONNECT_TIMEOUT_S),
        '--tc-host',
        host,
        '--tc-port',
        String(ports.fswTc),
        '--tm-to',
        `${host}:${ports.relayDownlink}`,
        '--key-file',
        options.keyFile,
        '--nvm',
        join(dir, 'fsw-nvm.bin'),
      ],
      emit,
    );
  } catch (error) {
    await stopAll();
    throw error;
  }
  const boot = supervisor;

  const ended: Promise<SupervisorEnd> = Promise.race([
    ...children.map((child) => child.exited.then((exit: ChildExit) => ({ why: `${child.name} ended (${describeExit(exit)})`, exitCode: 1 }))),
    boot.done.then((end) => ({ ...end, why: `the flight software's boot ROM ${end.why}` })),
  ]);
  const ready = Promise.race([Promise.all([boot.connected, simConnected]).then(([, sim]) => sim), ended.then(() => false)]);

  return {
    ports,
    supervisor: boot,
    ready,
    ended,
    stop: stopAll,
    pids: () => ({ ...Object.fromEntries(children.map((child) => [child.name, child.pid])), fsw: boot.current?.pid ?? -1 }),
    killNow: () => {
      boot.current?.kill();
      for (const child of children) child.kill();
    },
  };
}
