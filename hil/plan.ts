/**
 * What each program of the set-up is started with, from the options, the
 * fleet's members and the ports: a pure function, so the set-up of one
 * spacecraft or of a fleet can be checked without a process.
 *
 * One spacecraft: a simulator, a relay, the flight software and the ground.
 * A fleet: for each member its own simulator (`sim-hw serve --fleet SPEC
 * --sc NAME`: its orbit, network, overrides and seed), relay (telecommands
 * in on its own uplink port, telemetry out to the one ground TM port) and
 * flight software (`--spacecraft-id ID`, its own NVM image DIR/NAME/); one
 * ground for all (`ground serve --fleet SPEC`, a `--tc-to NAME=HOST:PORT`
 * per member to that member's relay, an archive folder with a file per
 * spacecraft), which demultiplexes the telemetry by spacecraft id.
 */
import { join } from 'node:path';
import type { HilMember } from './fleet-members.js';
import type { HilOptions } from './options.js';

/** The flight software's bound on reaching the simulator, which is already up (fsw --connect-timeout-s). */
export const FSW_CONNECT_TIMEOUT_S = 30;
/** The ground archive of one spacecraft (a file), and of a fleet (a folder with NAME.sqlite per spacecraft). */
export const ARCHIVE_FILE = 'ground-archive.sqlite';
export const FLEET_ARCHIVE_DIR = 'ground-archive';
export const NVM_FILE = 'fsw-nvm.bin';

/** The ports of one spacecraft: its simulator's (TCP), its flight software's and its relay's (UDP). */
export interface SpacecraftPorts {
  hardware: number;
  control: number;
  fswTc: number;
  relayDownlink: number;
  relayUplink: number;
}

export interface PlanPorts {
  /** In fleet order (one entry without a fleet). */
  readonly spacecraft: readonly SpacecraftPorts[];
  readonly groundTm: number;
  readonly api: number;
}

/** One spacecraft's three programs. */
export interface SpacecraftPlan {
  /** null: the one spacecraft of a set-up without a fleet. */
  readonly member: HilMember | null;
  readonly ports: SpacecraftPorts;
  readonly sim: readonly string[];
  readonly relay: readonly string[];
  readonly fsw: readonly string[];
}

export interface HilPlan {
  readonly spacecraft: readonly SpacecraftPlan[];
  readonly ground: readonly string[];
}

/**
 * Every program's arguments. `members` is null without a fleet (then
 * `ports.spacecraft` has one entry); `dir` is the resolved state folder.
 */
export function hilPlan(options: HilOptions, members: readonly HilMember[] | null, ports: PlanPorts, dir: string): HilPlan {
  const { host } = options;
  const count = members?.length ?? 1;
  if (ports.spacecraft.length !== count) throw new Error(`the plan has ports for ${ports.spacecraft.length} spacecraft, the fleet ${count}`);
  const fleet = options.fleet;
  const stations = options.stations === null ? [] : ['--stations', options.stations];
  const spacecraft = ports.spacecraft.map((own, index): SpacecraftPlan => {
    const member = members?.[index] ?? null;
    return {
      member,
      ports: own,
      sim: [
        'serve',
        '--host',
        host,
        '--port',
        String(own.hardware),
        '--control-port',
        String(own.control),
        '--speed',
        options.speed,
        '--link',
        options.link,
        '--answer-timeout-ms',
        options.answerTimeoutMs,
        '--idle-speed',
        options.idleSpeed,
        ...(member && fleet !== null ? ['--fleet', fleet, '--sc', member.name, ...stations] : []),
        ...options.simArgs,
      ],
      relay: [
        'relay',
        '--host',
        host,
        '--uplink-port',
        String(own.relayUplink),
        '--downlink-port',
        String(own.relayDownlink),
        '--to-space',
        `${host}:${own.fswTc}`,
        '--to-ground',
        `${host}:${ports.groundTm}`,
        '--control',
        `${host}:${own.control}`,
      ],
      fsw: [
        '--hal',
        `tcp://${host}:${own.hardware}`,
        '--connect-timeout-s',
        String(FSW_CONNECT_TIMEOUT_S),
        '--tc-host',
        host,
        '--tc-port',
        String(own.fswTc),
        '--tm-to',
        `${host}:${own.relayDownlink}`,
        '--key-file',
        options.keyFile,
        '--nvm',
        member ? join(dir, member.name, NVM_FILE) : join(dir, NVM_FILE),
        ...(member ? ['--spacecraft-id', String(member.spacecraftId)] : []),
      ],
    };
  });
  const tail = ['--api-port', String(ports.api)];
  const ground =
    members === null || fleet === null
      ? [
          'serve',
          '--host',
          host,
          '--tm-port',
          String(ports.groundTm),
          '--tc-to',
          `${host}:${spacecraft[0]!.ports.relayUplink}`,
          ...tail,
          '--archive',
          join(dir, ARCHIVE_FILE),
        ]
      : [
          'serve',
          '--host',
          host,
          '--fleet',
          fleet,
          ...stations,
          '--link',
          options.link,
          '--tm-port',
          String(ports.groundTm),
          ...spacecraft.flatMap((planned) => ['--tc-to', `${planned.member!.name}=${host}:${planned.ports.relayUplink}`]),
          ...tail,
          '--archive',
          join(dir, FLEET_ARCHIVE_DIR),
        ];
  return { spacecraft, ground: [...ground, '--key-file', options.keyFile, '--retransmit-after-s', options.retransmitAfterS] };
}
