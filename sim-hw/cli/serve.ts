/**
 * `npx sim-hw serve`: the hardware-in-the-loop server (see ../server.ts).
 * Prints one line with the addresses, then logs events on stderr; stops on
 * Ctrl-C (SIGINT), SIGTERM, a control-port {"op":"stop"}, or --until-s.
 * With --fleet SPEC --sc NAME it flies that member of a fleet (serve-fleet.ts).
 */

import { parseArgs } from 'node:util';
import { DEFAULT_SPACECRAFT_CONFIG, checkSpacecraftConfig, spacecraftConfig, type SpacecraftConfig } from '../config.js';
import { readScenarioFile } from '../faults/scenario.js';
import type { TimedFault } from '../faults/types.js';
import { startHardwareServer, type HardwareServer } from '../server.js';
import { Spacecraft } from '../spacecraft.js';
import { UsageError, joinNegativeValues, parseNumber, parseStation, withUsage } from './options.js';
import { fleetRequest, fleetServeMember } from './serve-fleet.js';
import { DEFAULT_NETWORK } from '../../astro/network.js';

export const DEFAULT_HARDWARE_PORT = 5700;
export const DEFAULT_CONTROL_PORT = 5701;
/**
 * With --speed max: how long the hardware waits for a tick's answer, and
 * the pace while no computer answers (killed, hung, rebooting). The one
 * place for both: `sim-hw serve` alone and under `hil` use these. At real
 * time a reboot (a new process, some tenths of a second) fits well inside
 * the 5 s watchdog; faster, a reboot may be reset again before it strokes.
 */
export const DEFAULT_ANSWER_TIMEOUT_MS = 1000;
export const DEFAULT_IDLE_SPEED = 1;

const HELP = `Usage: sim-hw serve [options]

The simulated spacecraft as a hardware server for the flight software
(hardware in the loop): the time master. The flight software connects with
--hal tcp://HOST:PORT; faults can be injected live on the control port
(sim-hw inject KIND [name=value ...], sim-hw status; or JSON lines:
{"op":"inject","fault":{"kind":"sefi"}}, {"op":"status"}, {"op":"stop"}).

Options:
  --host H               address to listen on (default 127.0.0.1)
  --port N               hardware port, 0 for any free one (default ${DEFAULT_HARDWARE_PORT})
  --control-port N       control port, 0 for any free one (default ${DEFAULT_CONTROL_PORT})
  --speed N|max          N times real time, or as fast as the software answers (default 1)
  --seed N               the one seed of all randomness (default ${DEFAULT_SPACECRAFT_CONFIG.seed})
  --scenario FILE        time-tagged faults (format orbital-node-scenario/1)
  --altitude-km KM       orbit altitude (default ${DEFAULT_SPACECRAFT_CONFIG.orbit.altitudeKm})
  --beta-deg DEG         beta angle (default ${DEFAULT_SPACECRAFT_CONFIG.orbit.betaDeg})
  --inclination-deg DEG  inclination (default ${DEFAULT_SPACECRAFT_CONFIG.orbit.inclinationDeg})
  --station LAT,LON[,MIN] ground station (default ${DEFAULT_SPACECRAFT_CONFIG.station.name})
  --fleet SPEC           fly one member of a fleet (a fleet file, cluster:N or
                         walker:PLANES/PER_PLANE) as npx mission --fleet flies it: its orbit, the
                         station network and its overrides, its seed drawn from --seed as the
                         fleet run draws it; not with --altitude-km, --beta-deg, --inclination-deg
                         or --station (the fleet's)
  --sc NAME              with --fleet: the member to fly
  --stations FILE        with --fleet: the station network (default: the ${DEFAULT_NETWORK.length} stations of
                         the default network)
  --link station|relay   the space link: through the ground station when it sees the
                         spacecraft (with --fleet: the best station of the network in view),
                         or through a data-relay satellite at all times (default station)
  --link-loss P          probability that the link loses one packet (default ${DEFAULT_SPACECRAFT_CONFIG.link.lossProbability})
  --start-s S            mission time of the first frame, e.g. just before an eclipse (default 0)
  --until-s S            stop at this mission time (default: run until stopped)
  --answer-timeout-ms N  with --speed max: wait this long for an answer (default ${DEFAULT_ANSWER_TIMEOUT_MS})
  --idle-speed N         with --speed max: pace without an answering computer, so a reboot
                         fits inside the 5 s watchdog (default ${DEFAULT_IDLE_SPEED}; hil uses the same)
  -h, --help             this text

Its last line counts the ticks: answered + missed + with no flight software
connected (before it connected, between boots, after it left) = ticks.

Exit codes: 0 stopped, 2 bad option (a scenario file that cannot be read or is
invalid included), 3 cannot listen.`;

const NUMERIC_OPTIONS = new Set(['--altitude-km', '--beta-deg', '--inclination-deg', '--station', '--until-s']);

export function serveVerb(argv: readonly string[]): Promise<number> {
  return withUsage('serve', async () => {
    const request = parseServeRequest(argv);
    if (request === null) {
      process.stdout.write(`${HELP}\n`);
      return 0;
    }
    return serve(request);
  });
}

/** What the options ask for, every one checked (null: --help); a bad one throws a UsageError. */
export function parseServeRequest(argv: readonly string[]): ServeRequest | null {
  const values = parseServeArgs(argv);
  return values.help ? null : serveRequest(values);
}

function parseServeArgs(argv: readonly string[]) {
  return parseArgs({
    args: joinNegativeValues(argv, NUMERIC_OPTIONS),
    options: {
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: String(DEFAULT_HARDWARE_PORT) },
      'control-port': { type: 'string', default: String(DEFAULT_CONTROL_PORT) },
      speed: { type: 'string', default: '1' },
      seed: { type: 'string', default: String(DEFAULT_SPACECRAFT_CONFIG.seed) },
      scenario: { type: 'string' },
      'altitude-km': { type: 'string' },
      'beta-deg': { type: 'string' },
      'inclination-deg': { type: 'string' },
      station: { type: 'string' },
      link: { type: 'string', default: 'station' },
      'until-s': { type: 'string' },
      'link-loss': { type: 'string' },
      'start-s': { type: 'string' },
      'answer-timeout-ms': { type: 'string', default: String(DEFAULT_ANSWER_TIMEOUT_MS) },
      'idle-speed': { type: 'string', default: String(DEFAULT_IDLE_SPEED) },
      fleet: { type: 'string' },
      sc: { type: 'string' },
      stations: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  }).values;
}

type ServeValues = ReturnType<typeof parseServeArgs>;

/** What to serve and how, every option checked (a UsageError names the first bad one). */
export interface ServeRequest {
  readonly host: string;
  readonly port: number;
  readonly controlPort: number;
  readonly speed: number | 'max';
  readonly config: SpacecraftConfig;
  /** With --fleet: the member flown (config is its configuration). */
  readonly member: { readonly name: string; readonly spacecraftId: number } | null;
  readonly untilS: number;
  readonly answerTimeoutMs: number;
  readonly idleSpeed: number;
  readonly faults: readonly TimedFault[];
}

function serveRequest(values: ServeValues): ServeRequest {
  const port = parseNumber('port', values.port);
  const controlPort = parseNumber('control-port', values['control-port']);
  for (const [name, value] of [
    ['port', port],
    ['control-port', controlPort],
  ] as const) {
    if (!(Number.isInteger(value) && value >= 0 && value <= 65535)) throw new UsageError(`--${name} ${value} is not 0..65535`);
  }
  const speed = values.speed === 'max' ? 'max' : parseNumber('speed', values.speed);
  if (speed !== 'max' && !(speed > 0 && speed <= 1e6)) throw new UsageError(`--speed ${speed} is not max or a speed above 0 and at most 1e6 (times real time)`);
  const { config, member } = serveConfig(values);
  const untilS = values['until-s'] === undefined ? Number.POSITIVE_INFINITY : parseNumber('until-s', values['until-s']);
  const answerTimeoutMs = parseNumber('answer-timeout-ms', values['answer-timeout-ms']);
  const idleSpeed = parseNumber('idle-speed', values['idle-speed']);
  if (!(answerTimeoutMs > 0 && answerTimeoutMs <= 60_000)) throw new UsageError(`--answer-timeout-ms ${answerTimeoutMs} is not 0..60000`);
  if (!(idleSpeed > 0 && idleSpeed <= 1e6)) throw new UsageError(`--idle-speed ${idleSpeed} is not 0..1e6`);
  return { host: values.host, port, controlPort, speed, config, member, untilS, answerTimeoutMs, idleSpeed, faults: scenarioFaults(values.scenario) };
}

/**
 * The spacecraft of the options: the defaults with the seed, start, orbit,
 * station and link asked for, validated whole. With --fleet: the member's
 * configuration on the defaults with the start and link asked for, its
 * seed drawn from --seed (serve-fleet.ts).
 */
function serveConfig(values: ServeValues): Pick<ServeRequest, 'config' | 'member'> {
  const base = DEFAULT_SPACECRAFT_CONFIG;
  const fleet = fleetRequest(values);
  const seed = parseNumber('seed', values.seed);
  const config = spacecraftConfig({
    // a member's configuration seed is the default's (or its override's); --seed is the fleet's
    seed: fleet === null ? seed : base.seed,
    ...(values['start-s'] !== undefined ? { startTimeS: parseNumber('start-s', values['start-s']) } : {}),
    orbit: {
      ...base.orbit,
      ...(values['altitude-km'] !== undefined ? { altitudeKm: parseNumber('altitude-km', values['altitude-km']) } : {}),
      ...(values['beta-deg'] !== undefined ? { betaDeg: parseNumber('beta-deg', values['beta-deg']) } : {}),
      ...(values['inclination-deg'] !== undefined ? { inclinationDeg: parseNumber('inclination-deg', values['inclination-deg']) } : {}),
    },
    ...(values.station !== undefined ? { station: parseStation(values.station) } : {}),
    link: {
      ...base.link,
      relay: values.link === 'relay',
      ...(values['link-loss'] !== undefined ? { lossProbability: parseNumber('link-loss', values['link-loss']) } : {}),
    },
  });
  if (values.link !== 'station' && values.link !== 'relay') throw new UsageError(`--link ${values.link} is not station or relay`);
  const problems = checkSpacecraftConfig(config);
  if (problems.length > 0) throw new UsageError(problems.join('; '));
  if (fleet === null) return { config, member: null };
  const { name, spacecraftId, config: memberConfig } = fleetServeMember(fleet, config, seed);
  return { config: memberConfig, member: { name, spacecraftId } };
}

/** The scenario file's faults (none without one); a file that cannot be read or is invalid is a bad option. */
function scenarioFaults(path: string | undefined): readonly TimedFault[] {
  if (path === undefined) return [];
  const scenario = readScenarioFile(path);
  if (!scenario.ok) throw new UsageError(scenario.error);
  return scenario.value.faults;
}

/** Serves until stopped (a signal, the control port, --until-s); 3 when it cannot listen. */
async function serve(request: ServeRequest): Promise<number> {
  const { host, port, controlPort, speed, answerTimeoutMs, idleSpeed, untilS, config, member, faults } = request;
  const log = (line: string) => process.stderr.write(`sim-hw: ${line}\n`);
  let server: HardwareServer;
  try {
    server = await startHardwareServer(new Spacecraft(config, faults), { host, port, controlPort, speed, answerTimeoutMs, idleSpeed, untilS, log });
  } catch (error) {
    process.stderr.write(`sim-hw serve: cannot listen on ${host}: ${(error as Error).message}\n`);
    return 3;
  }
  process.stdout.write(
    `sim-hw: hardware on tcp://${host}:${server.port}, control on tcp://${host}:${server.controlPort}, speed ${speed}, seed ${config.seed}` +
      `${member ? `, spacecraft ${member.name} (id ${member.spacecraftId})` : ''}` +
      `${faults.length > 0 ? `, ${faults.length} scheduled faults` : ''}\n` +
      `next: start the flight software with --hal tcp://${host}:${server.port}\n`,
  );
  const stop = () => void server.stop();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await server.done;
  const { stats } = server;
  log(
    `stopped after ${stats.ticks} ticks: ${stats.answered} answered, ${stats.missedAnswers} missed, ` +
      `${stats.unconnectedTicks} with no flight software connected, ` +
      `${stats.staleAnswers} stale, ${stats.resets} resets, ${stats.clients} connections`,
  );
  return 0;
}
