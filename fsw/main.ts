/**
 * `npx fsw`: the flight software as a process, for hardware in the loop.
 * Its hardware is a server speaking the HIL wire (sim-hw serve, or real
 * hardware); telecommands arrive as UDP datagrams on its telecommand port,
 * telemetry leaves as UDP datagrams; non-volatile memory is a file.
 * Exit codes: 0 the hardware closed, 2 bad option, 3 environment not ready,
 * 75 the hardware reset this computer (a supervisor starts it again).
 */
import { parseArgs } from 'node:util';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { readKeyFile } from '../protocol/index.js';
import { FlightSoftware, NVM_SIZE_BYTES } from './flight.js';
import type { ActuatorFrame } from './hal/frames.js';
import { TcpHardwareLink } from './hal/tcp-client.js';
import { UdpRadio } from './hal/udp-radio.js';
import { FileNvm } from './storage/nvm.js';

export const EXIT_RESET = 75;

const HELP = `Usage: fsw --hal tcp://HOST:PORT [options]

The flight software of the orbital compute node, as a process.

Options:
  --hal URL          the hardware server (required), e.g. tcp://127.0.0.1:5700
  --tc-host HOST     address to receive telecommands on (default 127.0.0.1)
  --tc-port N        UDP port for telecommands, 0 for any free one (default 10017, where ground serve sends)
  --tm-to HOST:PORT  where telemetry datagrams go (default 127.0.0.1:10016, where ground serve listens)
  --key-file F       link keys: uplink keys verify telecommands, the downlink key signs
                     telemetry (default $ORBITAL_KEY_FILE, else ~/.config/orbital-node/keys.json)
  --nvm FILE         non-volatile memory image, created when missing (default ./fsw-nvm.bin)
  -h, --help         this text

Exit codes: 0 the hardware closed, 2 bad option, 3 environment not ready,
${EXIT_RESET} the hardware reset this computer (start it again).`;

function fail(code: number, message: string): number {
  process.stderr.write(`fsw: ${message}\n`);
  return code;
}

async function main(argv: readonly string[]): Promise<number> {
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
  const tcPort = Number(values['tc-port']);
  if (!Number.isInteger(tcPort) || tcPort < 0 || tcPort > 65535) return fail(2, `--tc-port ${values['tc-port']} is not 0..65535`);
  const tmTo = /^(.+):(\d{1,5})$/.exec(values['tm-to']);
  if (!tmTo || Number(tmTo[2]) < 1 || Number(tmTo[2]) > 65535) return fail(2, `--tm-to ${values['tm-to']} is not HOST:PORT`);

  const keys = readKeyFile(values['key-file']);
  if (!keys.ok) return fail(3, keys.error.includes('does not exist') ? `${keys.error} (the ground creates it: npx ground serve --key-file F)` : keys.error);
  const nvm = FileNvm.open(values.nvm, NVM_SIZE_BYTES);
  if (!nvm.ok) return fail(3, nvm.error);
  const radio = await UdpRadio.open(values['tc-host'], tcPort, tmTo[1]!, Number(tmTo[2]));
  if (!radio.ok) return fail(3, radio.error);
  const link = await TcpHardwareLink.connect(values.hal);
  if (!link.ok) return fail(3, link.error);

  const fsw = new FlightSoftware({ keys: keys.value, nvm: nvm.value, radio: radio.value, costClockMs: () => performance.now() });
  process.stdout.write(
    `fsw: hardware ${values.hal}, telecommands on udp://${values['tc-host']}:${radio.value.tcPort}, telemetry to udp://${values['tm-to']}, nvm ${values.nvm}\n`,
  );
  const stop = () => void link.value.close();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);

  let actuators: ActuatorFrame | null = null;
  for (;;) {
    const frame = await link.value.exchange(actuators);
    if (frame === null) break;
    actuators = fsw.tick(frame);
  }
  await radio.value.close();
  nvm.value.close();
  const end = link.value.end;
  process.stderr.write(`fsw: ${end?.detail ?? 'stopped'}\n`);
  return end?.reason === 'reset' ? EXIT_RESET : end?.reason === 'error' ? 3 : 0;
}

process.exitCode = await main(process.argv.slice(2));
