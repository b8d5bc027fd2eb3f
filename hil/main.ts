/**
 * `npx hil` (and `make hil`): hardware in the loop on this machine. Starts
 * the set-up (orchestrator.ts), prints where everything is and what to type
 * next, and on Ctrl-C (SIGINT) or SIGTERM stops every process it started.
 * Every line of the programs is passed on with the program's name in front
 * (with a fleet, and the spacecraft's: `[sim-hw NAME]`, `[fsw NAME]`).
 */
import { resolve } from 'node:path';
import { fleetMembers, type HilMember } from './fleet-members.js';
import { DEFAULT_KEY_FILE, HELP, HilUsageError, parseHilOptions, type HilOptions } from './options.js';
import { StartFailure, startHil, type RunningHil } from './orchestrator.js';

function usage(message: string): number {
  process.stderr.write(`hil: ${message.replace(/\s*\n\s*/g, ' ')} (see: hil --help)\n`);
  return 2;
}

async function main(argv: readonly string[]): Promise<number> {
  let options: HilOptions | null;
  let members: readonly HilMember[] | null = null;
  try {
    options = parseHilOptions(argv);
    if (options?.fleet) members = fleetMembers(options.fleet);
  } catch (error) {
    if (error instanceof HilUsageError || (error as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')) return usage((error as Error).message);
    throw error;
  }
  if (options === null) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const emit = (line: string) => process.stderr.write(`${line}\n`);
  // One handler for the whole run: a signal during the start stops what has started so far;
  // the first one after it stops everything in order, a second one kills everything at once.
  let onSignal: (signal: NodeJS.Signals) => void = (signal) => (early ??= signal);
  let early: NodeJS.Signals | null = null;
  const handler = (signal: NodeJS.Signals) => onSignal(signal);
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);

  let hil;
  try {
    hil = await startHil(options, emit, members);
  } catch (error) {
    // A program that ended during the start has said why (its lines are above); its 2 or 3 is passed on.
    process.stderr.write(`hil: could not start: ${(error as Error).message}\n`);
    return error instanceof StartFailure ? error.exitCode : 1;
  }
  process.on('exit', () => hil.killNow());

  let impatient = false;
  const stopSignal = new Promise<string>((resolve) => {
    onSignal = (signal) => {
      if (impatient) {
        hil.killNow();
        process.exit(130);
      }
      impatient = true;
      resolve(signal);
    };
    if (early !== null) onSignal(early);
  });
  const stopped = stopSignal.then((signal) => ({ signal, ended: null }));
  const ended = hil.ended.then((end) => ({ signal: null, ended: end }));

  // Up only once the flight software runs against the simulator: a configuration it refuses ends it all here.
  const first = await Promise.race([stopped, ended, hil.ready.then((ready) => ({ ready }))]);
  if ('ready' in first && first.ready) process.stdout.write(options.fleet === null ? upLines(options, hil) : fleetUpLines(options, options.fleet, hil));
  const why = 'ready' in first ? await Promise.race([stopped, ended]) : first;
  impatient = true;
  process.stderr.write(`hil: stopping (${why.signal ?? why.ended.why}); Ctrl-C again kills everything at once\n`);
  await hil.stop();
  process.stdout.write(`hil: stopped; every process has ended\n`);
  if (why.signal !== null) return 0;
  // Last, where the operator looks: what the flight software said about its configuration.
  if (why.ended.message)
    process.stderr.write(`hil: the ${why.ended.software ?? 'flight software'} cannot start (exit ${why.ended.exitCode}): ${why.ended.message}\n`);
  return why.ended.exitCode;
}

/** What the CLI needs to find this ground: the key file beside which its token is, unless the default, and the API unless the default. */
function cliEnvironment(options: HilOptions, api: string, apiPort: number): string {
  const keyEnv = resolve(options.keyFile) === resolve(DEFAULT_KEY_FILE()) ? '' : `ORBITAL_KEY_FILE=${options.keyFile} `;
  return `${keyEnv}${apiPort === 8090 ? '' : `ORBITAL_GROUND_URL=${api} `}`;
}

/** One spacecraft: where everything is, and what to type next. */
function upLines(options: HilOptions, hil: RunningHil): string {
  const { ports } = hil;
  const pids = hil.pids();
  const api = `http://${options.host}:${ports.api}`;
  const cliEnv = cliEnvironment(options, api, ports.api);
  return (
    `hil: up at speed ${options.speed}, link ${options.link}: sim-hw tcp://${options.host}:${ports.hardware} (control ${ports.control}), ` +
    `fsw tc udp ${ports.fswTc}, relay up ${ports.relayUplink}->${ports.fswTc} down ${ports.relayDownlink}->${ports.groundTm}, ground api ${api}; ` +
    `pids sim-hw ${pids['sim-hw']} relay ${pids.relay} ground ${pids.ground} fsw ${pids.fsw}\n` +
    `hil: next, in another terminal: ${cliEnv}npx ground send noop   (then: ${cliEnv}npx ground status; Ctrl-C here stops everything)\n`
  );
}

/** A fleet: the ground, then each spacecraft (name, id, its ports and pids), and what to type next. */
function fleetUpLines(options: HilOptions, spec: string, hil: RunningHil): string {
  const { ports } = hil;
  const pids = hil.pids();
  const api = `http://${options.host}:${ports.api}`;
  const cliEnv = cliEnvironment(options, api, ports.api);
  const each = hil.spacecraft.map(({ member, ports: own }) => {
    const name = member!.name;
    return (
      `${name} (id ${member!.spacecraftId}): sim-hw tcp://${options.host}:${own.hardware} (control ${own.control}), fsw tc udp ${own.fswTc}, ` +
      `relay up ${own.relayUplink}->${own.fswTc} down ${own.relayDownlink}->${ports.groundTm}, ` +
      `pids sim-hw ${pids[`sim-hw ${name}`]} relay ${pids[`relay ${name}`]} fsw ${pids[`fsw ${name}`]}`
    );
  });
  const first = hil.spacecraft[0]!.member!.name;
  return (
    `hil: up at speed ${options.speed}, link ${options.link}, fleet ${spec} (${hil.spacecraft.length} spacecraft): ` +
    `ground tm udp ${ports.groundTm}, api ${api}, pid ${pids.ground}; ${each.join('; ')}\n` +
    `hil: next, in another terminal: ${cliEnv}npx ground send noop --sc ${first}   ` +
    `(then: ${cliEnv}npx ground status --sc ${first}; any spacecraft above by its name; Ctrl-C here stops everything)\n`
  );
}

process.exitCode = await main(process.argv.slice(2));
