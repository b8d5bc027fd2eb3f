/**
 * The options of `hil` (and the make variables of `make hil`): ports, speed,
 * the simulated world, where state is kept, a fleet. Every port may be 0 for
 * a free one (tests do that); the defaults line up with each program's own
 * defaults, so `npx ground send noop` finds the ground server. With
 * --fleet every spacecraft's own ports are free ones, so the options of one
 * spacecraft's ports (and its orbit) are refused with it, naming which.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_API_PORT, DEFAULT_TM_PORT } from '../ground/api/contract.js';
import { DEFAULT_RELAY_DOWNLINK_PORT, DEFAULT_RELAY_UPLINK_PORT } from '../sim-hw/cli/relay.js';
import { DEFAULT_ANSWER_TIMEOUT_MS, DEFAULT_CONTROL_PORT, DEFAULT_HARDWARE_PORT, DEFAULT_IDLE_SPEED } from '../sim-hw/cli/serve.js';

/** The flight software's own default telecommand port (fsw --help). */
export const DEFAULT_FSW_TC_PORT = 5800;

/** The key file every program defaults to; the ground CLI finds its token beside it. */
export const DEFAULT_KEY_FILE = () => process.env.ORBITAL_KEY_FILE || join(homedir(), '.config', 'orbital-node', 'keys.json');

export interface HilPorts {
  /** sim-hw serve: the hardware (TCP) the flight software connects to. */
  hardware: number;
  /** sim-hw serve: the control port (TCP, JSON lines): status, inject, link, stop. */
  control: number;
  /** fsw: telecommands arrive here (UDP), from the relay. */
  fswTc: number;
  /** relay: telemetry from the flight software arrives here (UDP). */
  relayDownlink: number;
  /** ground serve: telemetry arrives here (UDP), from the relay. */
  groundTm: number;
  /** relay: telecommands from the ground arrive here (UDP). */
  relayUplink: number;
  /** ground serve: the operator API (HTTP). */
  api: number;
}

/** Spacecraft a fleet set-up may have: three processes each, on one machine. */
export const FLEET_SIZE_MAX = 16;
/** The ports each spacecraft of a fleet has its own of (free ones); the ground's two are shared. */
export const SPACECRAFT_PORT_OPTIONS = ['hw-port', 'control-port', 'fsw-tc-port', 'relay-downlink-port', 'relay-uplink-port'] as const;
/** Options of one spacecraft's orbit: a fleet member's comes from the fleet spec. */
export const ORBIT_OPTIONS = ['beta-deg'] as const;

export interface HilOptions {
  readonly host: string;
  readonly ports: HilPorts;
  /** A fleet spec (a fleet file, cluster:N, walker:P/S): one simulator, relay and flight software per spacecraft, one ground; null: one spacecraft. */
  readonly fleet: string | null;
  /** With a fleet: the stations file of its network (null: the default network). */
  readonly stations: string | null;
  readonly speed: string;
  readonly link: 'station' | 'relay';
  /** Arguments passed on to sim-hw serve (seed, scenario, orbit, start time, loss). */
  readonly simArgs: readonly string[];
  readonly dir: string;
  readonly keyFile: string;
  readonly retransmitAfterS: string;
  readonly answerTimeoutMs: string;
  readonly idleSpeed: string;
}

export const HELP = `Usage: hil [options]

Hardware in the loop on this machine: the simulated spacecraft (sim-hw
serve), the flight software under a boot ROM that starts it again after a
reset or a crash (fsw), the space-link relay (sim-hw relay) and the ground
server (ground serve), as separate processes on loopback. Ctrl-C stops
them all. See docs/hil.md.

Options:
  --speed N|max             simulated time per wall time (default 1)
  --link relay|station      data-relay satellite (always in contact but outages)
                            or the ground station's passes (default relay)
  --seed N                  the simulator's seed
  --scenario FILE           time-tagged faults (orbital-node-scenario/1)
  --start-s S               mission time of the first frame
  --beta-deg DEG            orbit beta angle
  --link-loss P             probability that the link loses a packet
  --sim-arg ARG             any other sim-hw serve argument (repeat: --sim-arg=--until-s --sim-arg=600)
  --fleet SPEC              a fleet (a fleet file, cluster:N or walker:PLANES/PER_PLANE, at most
                            ${FLEET_SIZE_MAX} spacecraft): a simulator, relay and flight software for each
                            spacecraft, on free ports, and one ground for all; not with
                            --beta-deg or the ports of one spacecraft (--hw-port, --control-port,
                            --fsw-tc-port, --relay-downlink-port, --relay-uplink-port) unless 0
  --stations FILE           with --fleet: the ground-station network (default: the default network)
  --dir DIR                 flight NVM image and ground archive (default out/hil)
  --key-file F              command keys, created when missing
                            (default $ORBITAL_KEY_FILE or ~/.config/orbital-node/keys.json)
  --retransmit-after-s S    ground retransmission timeout (default 5)
  --answer-timeout-ms N     with --speed max: how long the hardware waits for a tick's answer
                            (default ${DEFAULT_ANSWER_TIMEOUT_MS}, sim-hw serve's own)
  --idle-speed N            with --speed max: pace while no computer answers (killed, hung, rebooting),
                            so a reboot fits well inside the 5 s watchdog (default ${DEFAULT_IDLE_SPEED}, sim-hw serve's own)
  --host H                  loopback address for every port (default 127.0.0.1)
Ports (0 picks a free one):
  --hw-port N               simulator hardware, TCP (default ${DEFAULT_HARDWARE_PORT})
  --control-port N          simulator control, TCP JSON lines (default ${DEFAULT_CONTROL_PORT})
  --fsw-tc-port N           flight software telecommands, UDP (default ${DEFAULT_FSW_TC_PORT})
  --relay-downlink-port N   relay, telemetry in from the flight software, UDP (default ${DEFAULT_RELAY_DOWNLINK_PORT})
  --tm-port N               ground telemetry in, UDP (default ${DEFAULT_TM_PORT})
  --relay-uplink-port N     relay, telecommands in from the ground, UDP (default ${DEFAULT_RELAY_UPLINK_PORT})
  --api-port N              ground operator API, HTTP (default ${DEFAULT_API_PORT})
  -h, --help                this text

It says "hil: up" once the flight software has connected to the simulator
(with --fleet: every spacecraft's).
A program that refuses its configuration (exit 2: a bad option, 3: not ready,
e.g. a key file others can read) is not started again: hil stops everything
with that program's message and exit code.

Exit codes: 0 stopped by Ctrl-C or SIGTERM, 1 a program ended on its own,
2 bad option (hil's own, or one a program refused), 3 a program's environment
is not ready (key file, NVM image, a port).`;

export class HilUsageError extends Error {}

function portOption(name: string, text: string): number {
  const value = Number(text);
  if (!(text.trim() !== '' && Number.isInteger(value) && value >= 0 && value <= 65535)) throw new HilUsageError(`--${name} ${text} is not 0..65535`);
  return value;
}

/** Parses the options; null for --help. Throws HilUsageError for a bad one. */
export function parseHilOptions(argv: readonly string[]): HilOptions | null {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      speed: { type: 'string', default: '1' },
      link: { type: 'string', default: 'relay' },
      seed: { type: 'string' },
      scenario: { type: 'string' },
      'start-s': { type: 'string' },
      'beta-deg': { type: 'string' },
      'link-loss': { type: 'string' },
      'sim-arg': { type: 'string', multiple: true, default: [] },
      dir: { type: 'string', default: join('out', 'hil') },
      'key-file': { type: 'string', default: DEFAULT_KEY_FILE() },
      'retransmit-after-s': { type: 'string', default: '5' },
      'answer-timeout-ms': { type: 'string', default: String(DEFAULT_ANSWER_TIMEOUT_MS) },
      'idle-speed': { type: 'string', default: String(DEFAULT_IDLE_SPEED) },
      host: { type: 'string', default: '127.0.0.1' },
      'hw-port': { type: 'string' },
      'control-port': { type: 'string' },
      'fsw-tc-port': { type: 'string' },
      'relay-downlink-port': { type: 'string' },
      'tm-port': { type: 'string', default: String(DEFAULT_TM_PORT) },
      'relay-uplink-port': { type: 'string' },
      'api-port': { type: 'string', default: String(DEFAULT_API_PORT) },
      fleet: { type: 'string' },
      stations: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) return null;
  if (values.link !== 'relay' && values.link !== 'station') throw new HilUsageError(`--link ${values.link} is not relay or station`);
  if (values.speed !== 'max' && !(Number(values.speed) > 0)) throw new HilUsageError(`--speed ${values.speed} is not max or a positive number`);
  const fleet = fleetOption(values);
  const passed: [string, string | undefined][] = [
    ['--seed', values.seed],
    ['--scenario', values.scenario],
    ['--start-s', values['start-s']],
    ['--beta-deg', values['beta-deg']],
    ['--link-loss', values['link-loss']],
  ];
  return {
    host: values.host,
    ports: {
      // a fleet's spacecraft ports are free ones (fleetOption refused any other)
      hardware: portOption('hw-port', values['hw-port'] ?? (fleet ? '0' : String(DEFAULT_HARDWARE_PORT))),
      control: portOption('control-port', values['control-port'] ?? (fleet ? '0' : String(DEFAULT_CONTROL_PORT))),
      fswTc: portOption('fsw-tc-port', values['fsw-tc-port'] ?? (fleet ? '0' : String(DEFAULT_FSW_TC_PORT))),
      relayDownlink: portOption('relay-downlink-port', values['relay-downlink-port'] ?? (fleet ? '0' : String(DEFAULT_RELAY_DOWNLINK_PORT))),
      groundTm: portOption('tm-port', values['tm-port']),
      relayUplink: portOption('relay-uplink-port', values['relay-uplink-port'] ?? (fleet ? '0' : String(DEFAULT_RELAY_UPLINK_PORT))),
      api: portOption('api-port', values['api-port']),
    },
    fleet: fleet ? values.fleet! : null,
    stations: values.stations ?? null,
    speed: values.speed,
    link: values.link,
    // "--beta-deg=-30" keeps a negative value attached for sim-hw's parser.
    simArgs: [...passed.flatMap(([name, value]) => (value === undefined ? [] : [`${name}=${value}`])), ...values['sim-arg']],
    dir: values.dir,
    keyFile: values['key-file'],
    retransmitAfterS: values['retransmit-after-s'],
    answerTimeoutMs: values['answer-timeout-ms'],
    idleSpeed: values['idle-speed'],
  };
}

/**
 * The fleet's options checked together: true with --fleet. What a fleet
 * member cannot take (a port of one spacecraft other than 0, the orbit of
 * one spacecraft) is refused naming the option; --stations needs --fleet.
 */
function fleetOption(values: Readonly<Record<string, unknown>>): boolean {
  const fleet = values.fleet as string | undefined;
  if (fleet === undefined) {
    if (values.stations !== undefined) throw new HilUsageError('--stations is the network of a fleet: give the fleet with --fleet SPEC');
    return false;
  }
  if (fleet.trim() === '') throw new HilUsageError('--fleet needs a spec: a fleet file, cluster:N or walker:PLANES/PER_PLANE');
  const orbit = ORBIT_OPTIONS.find((option) => values[option] !== undefined);
  if (orbit) throw new HilUsageError(`--${orbit} is not for a fleet: each spacecraft's orbit comes from the fleet spec`);
  for (const option of SPACECRAFT_PORT_OPTIONS) {
    const text = values[option] as string | undefined;
    if (text !== undefined && portOption(option, text) !== 0)
      throw new HilUsageError(`--${option} ${text} is for one spacecraft: with --fleet every spacecraft has its own free ports (leave it out, or give 0)`);
  }
  return true;
}
