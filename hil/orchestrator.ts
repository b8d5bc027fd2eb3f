/**
 * Starts the set-up in order and stops all of it: the simulator first (the
 * time master), then the link relay (it follows the simulator), the ground
 * server (it creates the key file when missing), and last the flight
 * software under its boot ROM; with a fleet each stage for every spacecraft
 * at once (what each program is given: plan.ts). UDP ports given as 0 are
 * chosen before the start, because the relay and the flight software name
 * each other's ports; TCP ports given as 0 are read from what each program
 * prints. Stopping: the boot ROMs first (no restart), then the ground, the
 * relays and the simulators; each gets SIGTERM and, after a grace time,
 * SIGKILL.
 *
 * The set-up is up once the flight software (every spacecraft's) has connected to its simulator:
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
import type { HilMember } from './fleet-members.js';
import { freeUdpPort } from './free-port.js';
import type { HilOptions, HilPorts } from './options.js';
import { hilPlan, type HilPlan, type SpacecraftPorts } from './plan.js';
import { EXIT_BAD_OPTION, EXIT_NOT_READY, Supervisor, describeExit, type SupervisorEnd } from './supervisor.js';

export { FSW_CONNECT_TIMEOUT_S } from './plan.js';

/** How long a program may take to print its address line. */
const START_TIMEOUT_MS = 30_000;
/** How long a program may take to stop on SIGTERM before SIGKILL. */
export const STOP_GRACE_MS = 5_000;

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

/** Why the set-up ended on its own, and whose flight software it was when a boot ROM gave up ("flight software", "flight software NAME"). */
export interface HilEnd extends SupervisorEnd {
  readonly software?: string;
}

/** One spacecraft of the running set-up: its member (null without a fleet) and its ports as bound. */
export interface RunningSpacecraft {
  readonly member: HilMember | null;
  readonly ports: Readonly<SpacecraftPorts>;
}

export interface RunningHil {
  /** The first (or only) spacecraft's ports and the ground's. */
  readonly ports: Readonly<HilPorts>;
  /** Every spacecraft, in fleet order (one without a fleet). */
  readonly spacecraft: readonly RunningSpacecraft[];
  /** The boot ROM of each spacecraft's flight software, in fleet order. */
  readonly supervisors: readonly Supervisor[];
  /**
   * Resolves true once every flight software has connected to its simulator
   * (see the file comment), false if the set-up ended before.
   */
  readonly ready: Promise<boolean>;
  /** Resolves with why the set-up ended on its own (a program ended, or a boot ROM gave up) and hil's exit code. */
  readonly ended: Promise<HilEnd>;
  /** Stops every process; resolves when all are gone. */
  stop(): Promise<void>;
  /** Every process id now, by its name in the output (the flight software's is the current boot's). */
  pids(): Record<string, number>;
  /** SIGKILL to whatever still runs, at once (for a process that is exiting anyway). */
  killNow(): void;
}

/** UDP ports given as 0 chosen now, none chosen twice. */
async function portChooser(host: string): Promise<(port: number) => Promise<number>> {
  const chosen = new Set<number>();
  return async (port) => {
    if (port !== 0) return port;
    for (;;) {
      const free = await freeUdpPort(host);
      if (!chosen.has(free)) {
        chosen.add(free);
        return free;
      }
    }
  };
}

/**
 * Starts the set-up of `options`: one spacecraft when `members` is null,
 * else one simulator, relay and flight software for each member and one
 * ground (plan.ts).
 */
export async function startHil(options: HilOptions, emit: (line: string) => void, members: readonly HilMember[] | null = null): Promise<RunningHil> {
  const { host } = options;
  const dir = resolve(options.dir);
  mkdirSync(dir, { recursive: true });
  const choose = await portChooser(host);
  const own: SpacecraftPorts[] = [];
  for (let index = 0; index < (members?.length ?? 1); index++) {
    own.push({
      hardware: options.ports.hardware,
      control: options.ports.control,
      fswTc: await choose(options.ports.fswTc),
      relayDownlink: await choose(options.ports.relayDownlink),
      relayUplink: await choose(options.ports.relayUplink),
    });
  }
  const groundTm = await choose(options.ports.groundTm);
  let api = options.ports.api;
  const plan = (): HilPlan => hilPlan(options, members, { spacecraft: own, groundTm, api }, dir);
  const label = (program: string, index: number) => (members === null ? program : `${program} ${members[index]!.name}`);

  const sims: Child[] = [];
  const relays: Child[] = [];
  let ground: Child | null = null;
  const supervisors: Supervisor[] = [];
  const children = () => [...sims, ...relays, ...(ground ? [ground] : [])];
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
  /** Every start of a stage, each waited for; the first failure is the stage's. */
  const all = async <T>(starts: readonly Promise<T>[]): Promise<T[]> => {
    const settled = await Promise.allSettled(starts);
    const failed = settled.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
    return settled.map((result) => (result as PromiseFulfilledResult<T>).value);
  };
  const simConnected: Promise<boolean>[] = [];
  const stopAll = async () => {
    await Promise.all(supervisors.map((supervisor) => supervisor.stop(STOP_GRACE_MS)));
    // The ground first (it writes its archive), then the relays, then the time masters.
    for (const group of [ground ? [ground] : [], relays, sims]) await Promise.all(group.map((child) => child.stop(STOP_GRACE_MS)));
  };

  try {
    sims.push(...plan().spacecraft.map((planned, index) => new Child(label('sim-hw', index), 'sim-hw', planned.sim, emit)));
    const addresses = await all(sims.map((sim) => started(sim, /hardware on tcp:\/\/[^:]+:(\d+), control on tcp:\/\/[^:]+:(\d+)/)));
    addresses.forEach(([, hardware, control], index) => {
      own[index]!.hardware = Number(hardware);
      own[index]!.control = Number(control);
    });

    relays.push(...plan().spacecraft.map((planned, index) => new Child(label('relay', index), 'sim-hw', planned.relay, emit)));
    await all(relays.map((relay) => started(relay, /sim-hw relay: uplink udp/)));

    // each member's NVM image in its own folder (plan.ts)
    for (const member of members ?? []) mkdirSync(join(dir, member.name), { recursive: true });
    ground = new Child('ground', 'ground', plan().ground, emit);
    const [, apiPort] = await started(ground, /ground serve: api http:\/\/[^:]+:(\d+)/);
    api = Number(apiPort);

    // The simulator says so when a flight computer connects; watched from before the first boot.
    for (const sim of sims)
      simConnected.push(
        sim.waitFor(/flight software connected/, null).then(
          () => true,
          () => false,
        ),
      );
    for (const planned of plan().spacecraft) supervisors.push(new Supervisor(planned.fsw, emit, planned.member?.name ?? null));
  } catch (error) {
    await stopAll();
    throw error;
  }

  const ended: Promise<HilEnd> = Promise.race([
    ...children().map((child) => child.exited.then((exit: ChildExit) => ({ why: `${child.name} ended (${describeExit(exit)})`, exitCode: 1 }))),
    ...supervisors.map((boot) => boot.done.then((end) => ({ ...end, why: `the ${boot.software}'s boot ROM ${end.why}`, software: boot.software }))),
  ]);
  const connected = Promise.all([...supervisors.map((boot) => boot.connected), ...simConnected]).then((all) => all.every((ok) => ok !== false));
  const ready = Promise.race([connected, ended.then(() => false)]);
  const ports: HilPorts = { ...own[0]!, groundTm, api };

  return {
    ports,
    spacecraft: own.map((spacecraftPorts, index) => ({ member: members?.[index] ?? null, ports: spacecraftPorts })),
    supervisors,
    ready,
    ended,
    stop: stopAll,
    pids: () => ({
      ...Object.fromEntries(children().map((child) => [child.name, child.pid])),
      ...Object.fromEntries(supervisors.map((boot, index) => [label('fsw', index), boot.current?.pid ?? -1])),
    }),
    killNow: () => {
      for (const boot of supervisors) boot.current?.kill();
      for (const child of children()) child.kill();
    },
  };
}
