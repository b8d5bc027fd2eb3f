/**
 * `npx sim-hw relay`: the space link between the ground and the flight
 * software in hardware in the loop (see ../link/relay.ts). Prints one line
 * with its ports, logs contact changes on stderr; stops on Ctrl-C (SIGINT),
 * SIGTERM, or when the simulator's control port closes.
 */
import { parseArgs } from 'node:util';
import { SpaceLinkRelay, type Endpoint } from '../link/relay.js';
import { DEFAULT_CONTROL_PORT } from './serve.js';
import { UsageError, parseNumber, withUsage } from './options.js';

export const DEFAULT_RELAY_UPLINK_PORT = 10017;
export const DEFAULT_RELAY_DOWNLINK_PORT = 5801;

const HELP = `Usage: sim-hw relay [options]

The space link for hardware in the loop: a UDP relay between the ground
(ground serve) and the flight software (fsw) that applies the simulator's
channel: contact windows (station or data relay, link-outage faults),
light-time, data rate with a bounded backlog, and random loss, every drop
counted. It follows the simulator's mission time and link state through its
control port and reports its counters there ({"op":"status"} shows them).

Options:
  --host H                address the UDP ports bind to (default 127.0.0.1)
  --uplink-port N         telecommands from the ground arrive here: the ground's
                          --tc-to (default ${DEFAULT_RELAY_UPLINK_PORT}; 0 for any free one)
  --downlink-port N       telemetry from the flight software arrives here: its
                          --tm-to (default ${DEFAULT_RELAY_DOWNLINK_PORT}; 0 for any free one)
  --to-space HOST:PORT    the flight software's --tc-port (default 127.0.0.1:5800)
  --to-ground HOST:PORT   the ground's --tm-port (default 127.0.0.1:10016)
  --control HOST:PORT     the simulator's control port (default 127.0.0.1:${DEFAULT_CONTROL_PORT})
  --poll-ms N             how often to follow the simulator, in wall milliseconds (default 20)
  -h, --help              this text

Exit codes: 0 stopped, 2 bad option, 3 cannot reach the simulator or bind a port.`;

function port(option: string, text: string, min: number): number {
  const value = parseNumber(option, text);
  if (!(Number.isInteger(value) && value >= min && value <= 65535)) throw new UsageError(`--${option} ${text} is not ${min}..65535`);
  return value;
}

function endpoint(option: string, text: string): Endpoint {
  const match = /^(.+):(\d{1,5})$/.exec(text);
  if (!match) throw new UsageError(`--${option} "${text}" is not HOST:PORT`);
  return { host: match[1]!, port: port(option, match[2]!, 1) };
}

export function relayVerb(argv: readonly string[]): Promise<number> {
  return withUsage('relay', async () => {
    const { values } = parseArgs({
      args: [...argv],
      options: {
        host: { type: 'string', default: '127.0.0.1' },
        'uplink-port': { type: 'string', default: String(DEFAULT_RELAY_UPLINK_PORT) },
        'downlink-port': { type: 'string', default: String(DEFAULT_RELAY_DOWNLINK_PORT) },
        'to-space': { type: 'string', default: '127.0.0.1:5800' },
        'to-ground': { type: 'string', default: '127.0.0.1:10016' },
        control: { type: 'string', default: `127.0.0.1:${DEFAULT_CONTROL_PORT}` },
        'poll-ms': { type: 'string', default: '20' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    });
    if (values.help) {
      process.stdout.write(`${HELP}\n`);
      return 0;
    }
    const pollIntervalMs = parseNumber('poll-ms', values['poll-ms']);
    if (!(pollIntervalMs >= 1 && pollIntervalMs <= 10_000)) throw new UsageError(`--poll-ms ${pollIntervalMs} is not 1..10000`);
    const log = (line: string) => process.stderr.write(`sim-hw relay: ${line}\n`);
    const started = await SpaceLinkRelay.start({
      host: values.host,
      uplinkPort: port('uplink-port', values['uplink-port'], 0),
      downlinkPort: port('downlink-port', values['downlink-port'], 0),
      toSpace: endpoint('to-space', values['to-space']),
      toGround: endpoint('to-ground', values['to-ground']),
      control: endpoint('control', values.control),
      pollIntervalMs,
      log,
    });
    if (!started.ok) {
      process.stderr.write(`sim-hw relay: ${started.error}\n`);
      return 3;
    }
    const relay = started.value;
    process.stdout.write(
      `sim-hw relay: uplink udp://${values.host}:${relay.uplinkPort} -> ${values['to-space']}, downlink udp://${values.host}:${relay.downlinkPort} -> ${values['to-ground']}, link from tcp://${values.control}\n`,
    );
    const stop = () => void relay.stop();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    await relay.done;
    const { uplink, downlink } = relay.counters();
    log(`uplink ${JSON.stringify(uplink)}; downlink ${JSON.stringify(downlink)}`);
    return 0;
  });
}
