/**
 * `npx fsw`: the flight software as a process, for hardware in the loop.
 * Its hardware is a server speaking the HIL wire (sim-hw serve, or real
 * hardware); telecommands arrive as UDP datagrams on its telecommand port,
 * telemetry leaves as UDP datagrams; non-volatile memory is a file.
 * Exit codes: 0 the hardware closed (or stopped by a signal), 2 bad option
 * (at once, before anything is opened), 3 environment not ready (key file,
 * NVM, telecommand port, or no hardware within --connect-timeout-s),
 * 75 the hardware reset this computer (a supervisor starts it again).
 * Hardware that is not there yet is tried again until it answers, so the
 * start order does not matter.
 */
import { parseArgs } from 'node:util';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DEFAULT_SPACECRAFT_ID, SPACECRAFT_ID_MAX, fail as failed, readKeyFile, type Outcome } from '../protocol/index.js';
import { FlightSoftware, NVM_SIZE_BYTES } from './flight.js';
import type { ActuatorFrame } from './hal/frames.js';
import { TcpHardwareLink, parseHardwareUrl } from './hal/tcp-client.js';
import { UdpRadio } from './hal/udp-radio.js';
import { FileNvm, NvmSyncError } from './storage/nvm.js';

export const EXIT_RESET = 75;

/** Wall time between two attempts to reach the hardware. */
export const CONNECT_RETRY_INTERVAL_MS = 500;
/** One attempt is abandoned after this long (a host that drops the packets instead of refusing). */
const CONNECT_ATTEMPT_MAX_MS = 5_000;
/** While waiting, one line this often, not one per attempt. */
export const WAITING_LINE_INTERVAL_MS = 5_000;
/** The largest --connect-timeout-s (a day); 0 waits until the hardware answers. */
const CONNECT_TIMEOUT_S_MAX = 86_400;

const HELP = `Usage: fsw --hal tcp://HOST:PORT [options]

The flight software of the orbital compute node, as a process.

Options:
  --hal URL          the hardware server (required), e.g. tcp://127.0.0.1:5700
  --connect-timeout-s S
                     how long to wait for the hardware, 0..${CONNECT_TIMEOUT_S_MAX} (default 0: until it answers).
                     Hardware that is not there yet is tried again every ${CONNECT_RETRY_INTERVAL_MS / 1000} s
                     (one line every ${WAITING_LINE_INTERVAL_MS / 1000} s), so it may start before or after this
  --tc-host HOST     address to receive telecommands on (default 127.0.0.1)
  --tc-port N        UDP port for telecommands, 0 for any free one (default 10017, where ground serve sends)
  --tm-to HOST:PORT  where TM frames go, one per datagram (default 127.0.0.1:10016, where ground serve listens)
  --spacecraft-id N  this spacecraft's CCSDS id in the TC and TM frames, and whose keys of the key
                     file it uses, 0..${SPACECRAFT_ID_MAX} (default ${DEFAULT_SPACECRAFT_ID})
  --key-file F       link keys by spacecraft: uplink keys verify telecommands, the downlink key signs
                     the TM frames (default $ORBITAL_KEY_FILE, else ~/.config/orbital-node/keys.json)
  --nvm FILE         non-volatile memory image, created when missing (default ./fsw-nvm.bin)
  -h, --help         this text

Exit codes: 0 the hardware closed or Ctrl-C, 2 bad option (at once), 3 environment
not ready (key file, NVM, telecommand port, or no hardware within --connect-timeout-s),
${EXIT_RESET} the hardware reset this computer (start it again).`;

/** One line on stderr (a multi-line message, as parseArgs gives, is joined), and the exit code. */
function fail(code: number, message: string): number {
  process.stderr.write(`fsw: ${message.replace(/\s*\n\s*/g, ' ')}\n`);
  return code;
}

interface FswOptions {
  readonly hal: string;
  readonly tcHost: string;
  readonly tcPort: number;
  /** --tm-to as given, and its host and port. */
  readonly tmTo: string;
  readonly tmHost: string;
  readonly tmPort: number;
  readonly keyFile: string;
  readonly nvm: string;
  readonly connectTimeoutS: number;
  /** This spacecraft's CCSDS id: in the frames, and whose keys of the key file it uses. */
  readonly spacecraftId: number;
}

/** Every option, checked before anything is opened; or the exit code when it ends here (help, or a bad option: one line). */
function readOptions(argv: readonly string[]): FswOptions | number {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        hal: { type: 'string' },
        'tc-host': { type: 'string', default: '127.0.0.1' },
        'tc-port': { type: 'string', default: '10017' },
        'tm-to': { type: 'string', default: '127.0.0.1:10016' },
        'key-file': { type: 'string', default: process.env.ORBITAL_KEY_FILE ?? join(homedir(), '.config', 'orbital-node', 'keys.json') },
        nvm: { type: 'string', default: 'fsw-nvm.bin' },
        'connect-timeout-s': { type: 'string', default: '0' },
        'spacecraft-id': { type: 'string', default: String(DEFAULT_SPACECRAFT_ID) },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    }));
  } catch (error) {
    return fail(2, `${(error as Error).message} (see: fsw --help)`);
  }
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  if (values.hal === undefined) return fail(2, '--hal tcp://HOST:PORT is required (see: fsw --help)');
  const hal = parseHardwareUrl(values.hal);
  if (!hal.ok) return fail(2, `--hal: ${hal.error} (see: fsw --help)`);
  const tcPort = Number(values['tc-port']);
  if (values['tc-port'].trim() === '' || !Number.isInteger(tcPort) || tcPort < 0 || tcPort > 65535)
    return fail(2, `--tc-port ${values['tc-port']} is not 0..65535`);
  const tmTo = /^(.+):(\d{1,5})$/.exec(values['tm-to']);
  if (!tmTo || Number(tmTo[2]) < 1 || Number(tmTo[2]) > 65535) return fail(2, `--tm-to ${values['tm-to']} is not HOST:PORT`);
  const connectTimeoutS = Number(values['connect-timeout-s']);
  if (values['connect-timeout-s'].trim() === '' || !(connectTimeoutS >= 0 && connectTimeoutS <= CONNECT_TIMEOUT_S_MAX)) {
    return fail(2, `--connect-timeout-s ${values['connect-timeout-s']} is not 0..${CONNECT_TIMEOUT_S_MAX} seconds (see: fsw --help)`);
  }
  const spacecraftId = Number(values['spacecraft-id']);
  if (values['spacecraft-id'].trim() === '' || !Number.isInteger(spacecraftId) || spacecraftId < 0 || spacecraftId > SPACECRAFT_ID_MAX) {
    return fail(2, `--spacecraft-id ${values['spacecraft-id']} is not 0..${SPACECRAFT_ID_MAX} (see: fsw --help)`);
  }
  return {
    spacecraftId,
    hal: values.hal,
    tcHost: values['tc-host'],
    tcPort,
    tmTo: values['tm-to'],
    tmHost: tmTo[1]!,
    tmPort: Number(tmTo[2]),
    keyFile: values['key-file'],
    nvm: values.nvm,
    connectTimeoutS,
  };
}

async function main(argv: readonly string[]): Promise<number> {
  // Every option is checked before anything is opened: a bad one exits at once.
  const options = readOptions(argv);
  if (typeof options === 'number') return options;
  const keys = readKeyFile(options.keyFile, options.spacecraftId);
  if (!keys.ok) return fail(3, keys.error.includes('does not exist') ? `${keys.error} (the ground creates it: npx ground serve --key-file F)` : keys.error);
  const nvm = FileNvm.open(options.nvm, NVM_SIZE_BYTES);
  if (!nvm.ok) return fail(3, nvm.error);
  const radio = await UdpRadio.open(options.tcHost, options.tcPort, options.tmHost, options.tmPort);
  if (!radio.ok) {
    nvm.value.close();
    return fail(3, radio.error);
  }
  // From here on everything opened is closed on every way out, so the process ends.
  const release = async () => {
    await radio.value.close();
    nvm.value.close();
  };

  // Ctrl-C or SIGTERM: while waiting for the hardware, stop waiting; once connected, close the link.
  const stopping = new AbortController();
  let onStop = () => stopping.abort();
  const stop = () => onStop();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);

  const link = await connectWithRetry(options.hal, options.connectTimeoutS, stopping.signal);
  if (!link.ok) {
    await release();
    if (stopping.signal.aborted) {
      process.stderr.write(`fsw: stopped while waiting for the hardware at ${options.hal}\n`);
      return 0;
    }
    return fail(3, link.error);
  }
  onStop = () => void link.value.close();
  if (stopping.signal.aborted) onStop();

  const fsw = new FlightSoftware({
    keys: keys.value,
    nvm: nvm.value,
    radio: radio.value,
    spacecraftId: options.spacecraftId,
    costClockMs: () => performance.now(),
  });
  process.stdout.write(
    `fsw: hardware ${options.hal}, telecommands on udp://${options.tcHost}:${radio.value.tcPort}, telemetry to udp://${options.tmTo}, nvm ${options.nvm}\n`,
  );

  let actuators: ActuatorFrame | null = null;
  for (;;) {
    const frame = await link.value.exchange(actuators);
    if (frame === null) break;
    try {
      actuators = fsw.tick(frame);
    } catch (error) {
      if (!(error instanceof NvmSyncError)) throw error;
      // What the last tick wrote may not be durable, and a second fsync cannot tell: stop; the next boot reads what is.
      await link.value.close();
      await release().catch(() => undefined);
      return fail(3, `${error.message}; stopping, the next boot reads what the NVM holds`);
    }
  }
  await release();
  const end = link.value.end;
  process.stderr.write(`fsw: ${end?.detail ?? 'stopped'}\n`);
  return end?.reason === 'reset' ? EXIT_RESET : end?.reason === 'error' ? 3 : 0;
}

/**
 * Connects to the hardware, trying again every CONNECT_RETRY_INTERVAL_MS
 * while it is not there (refused, unreachable, no answer), with one line
 * when the wait starts and one every WAITING_LINE_INTERVAL_MS after it.
 * Fails when timeoutS (0: none) has passed or the signal aborts the wait.
 */
async function connectWithRetry(url: string, timeoutS: number, signal: AbortSignal): Promise<Outcome<TcpHardwareLink>> {
  const startMs = performance.now();
  const deadlineMs = timeoutS > 0 ? startMs + timeoutS * 1000 : Number.POSITIVE_INFINITY;
  let attempts = 0;
  let nextLineAtMs = 0;
  let lastError = '';
  for (;;) {
    const attempt = new AbortController();
    const abandon = () => attempt.abort();
    signal.addEventListener('abort', abandon, { once: true });
    const attemptMs = Math.min(CONNECT_ATTEMPT_MAX_MS, deadlineMs - performance.now());
    const timer = setTimeout(abandon, Math.max(1, attemptMs));
    const link = await TcpHardwareLink.connect(url, attempt.signal);
    clearTimeout(timer);
    signal.removeEventListener('abort', abandon);
    attempts++;
    const waitedS = ((performance.now() - startMs) / 1000).toFixed(1);
    if (link.ok) {
      if (attempts > 1) process.stderr.write(`fsw: the hardware at ${url} answered after ${waitedS} s (${attempts} attempts)\n`);
      return link;
    }
    if (signal.aborted) return failed('stopped');
    lastError = attempt.signal.aborted ? `no answer within ${(attemptMs / 1000).toFixed(1)} s` : link.error.replace(/^cannot reach the hardware at \S+: /, '');
    const nowMs = performance.now();
    if (nowMs >= deadlineMs) {
      return failed(`the hardware at ${url} did not answer within ${timeoutS} s (--connect-timeout-s; ${attempts} attempts, last: ${lastError})`);
    }
    if (nowMs >= nextLineAtMs) {
      const bound = timeoutS > 0 ? `up to ${timeoutS} s` : 'until it answers (--connect-timeout-s S bounds the wait)';
      process.stderr.write(
        attempts === 1
          ? `fsw: waiting for the hardware at ${url}: ${lastError}; trying again every ${CONNECT_RETRY_INTERVAL_MS / 1000} s, ${bound}\n`
          : `fsw: still waiting for the hardware at ${url} after ${waitedS} s (${attempts} attempts): ${lastError}\n`,
      );
      nextLineAtMs = nowMs + WAITING_LINE_INTERVAL_MS;
    }
    try {
      await sleep(Math.max(1, Math.min(CONNECT_RETRY_INTERVAL_MS, deadlineMs - nowMs)), undefined, { signal });
    } catch {
      return failed('stopped');
    }
  }
}

process.exitCode = await main(process.argv.slice(2));
