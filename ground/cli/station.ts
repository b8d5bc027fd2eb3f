/**
 * `ground station --name NAME --nats URL`: a ground station as a process
 * (ground/station/ground-station.ts): TM frames from the space link to the
 * bus, commands from the bus to the spacecraft it serves.
 */
import { parseArgs } from 'node:util';
import { SPACECRAFT_ID_MAX } from '../../protocol/index.js';
import { NatsBus } from '../bus/nats-bus.js';
import { natsUrlOf } from '../bus/nats-url.js';
import { parseEndpoint, UdpLink, type Endpoint } from '../link/udp-link.js';
import { GroundStation, OUTBOX_MAX_DEFAULT } from '../station/ground-station.js';
import { EXIT, environmentError, usageError } from './exit-codes.js';
import { positiveInteger } from './numbers.js';

export const STATION_HELP = `Usage: ground station --name NAME --nats URL [options]

A ground station on the bus (docs/scaling.md): every TM frame it receives
on its UDP port goes to the NATS JetStream stream FRAMES as
frames.NAME.SCID.VCID (the spacecraft and virtual channel its header
names), in order; while the bus cannot take them they wait in a bounded
outbox and go in order once it can. Commands published on tc.SCID for a
spacecraft named with --tc-to go to that spacecraft's uplink. Stops on
Ctrl-C or SIGTERM.

Options:
  --name NAME          the station's name (letters, digits, - and _), in the subjects
  --nats URL           the NATS server (default: $NATS_URL)
  --host H             address the telemetry port binds (default 127.0.0.1)
  --tm-port P          UDP port for TM frames (default 0: a free one, printed)
  --tc-to SCID=HOST:PORT
                       where commands for spacecraft SCID go (repeatable)
  --outbox-max N       frames held while the bus is away (default ${OUTBOX_MAX_DEFAULT}; beyond, the newest are dropped and counted)
  --help               this text

Exit codes: 0 stopped, 2 bad option, 3 no NATS server or port.`;

export async function stationVerb(argv: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      name: { type: 'string' },
      nats: { type: 'string' },
      host: { type: 'string', default: '127.0.0.1' },
      'tm-port': { type: 'string', default: '0' },
      'tc-to': { type: 'string', multiple: true },
      'outbox-max': { type: 'string' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${STATION_HELP}\n`);
    return EXIT.ok;
  }
  if (values.name === undefined) throw usageError('station needs --name NAME');
  if (!/^[A-Za-z0-9_-]{1,32}$/.test(values.name)) throw usageError(`--name ${values.name} is not 1..32 letters, digits, - and _`);
  const url = natsUrlOf(values.nats);
  if (!url.ok) throw usageError(url.error);
  if (url.value === null) throw usageError('station needs a NATS server: --nats URL or NATS_URL');
  const tmPort = Number(values['tm-port']);
  if (!(Number.isInteger(tmPort) && tmPort >= 0 && tmPort <= 65535)) throw usageError(`--tm-port ${values['tm-port']} is not a port 0..65535`);
  const outboxMax = positiveInteger('--outbox-max', values['outbox-max'], OUTBOX_MAX_DEFAULT);
  const uplinks = new Map<number, Endpoint>();
  for (const text of values['tc-to'] ?? []) {
    const match = /^(\d+)=(.+)$/.exec(text);
    const spacecraftId = match ? Number(match[1]) : Number.NaN;
    if (!match || !(spacecraftId >= 0 && spacecraftId <= SPACECRAFT_ID_MAX))
      throw usageError(`--tc-to ${text} is not SCID=HOST:PORT (SCID 0..${SPACECRAFT_ID_MAX})`);
    const endpoint = parseEndpoint(match[2]!);
    if (!endpoint.ok) throw usageError(`--tc-to ${text}: ${endpoint.error}`);
    if (uplinks.has(spacecraftId)) throw usageError(`--tc-to ${text}: spacecraft ${spacecraftId} is given twice`);
    uplinks.set(spacecraftId, endpoint.value);
  }
  const bus = await NatsBus.open(url.value, `station-${values.name}`);
  if (!bus.ok) throw environmentError(bus.error);
  const link = await UdpLink.open(values.host, tmPort, { host: '127.0.0.1', port: 9 });
  if (!link.ok) {
    await bus.value.close();
    throw environmentError(link.error);
  }
  const station = await GroundStation.start({
    name: values.name,
    bus: bus.value,
    uplinks,
    send: (bytes, to) => link.value.sendTo(bytes, to),
    outboxMax,
    log: (line) => process.stderr.write(`ground station: ${line}\n`),
  });
  const subscription = link.value.datagrams.subscribe((datagram) => station.take(datagram));
  process.stdout.write(
    `ground station ${values.name}: tm udp ${values.host}:${link.value.downlinkPort} -> ${url.value} frames.${values.name}.>${uplinks.size > 0 ? `; tc for ${[...uplinks.keys()].join(', ')}` : ''}\n`,
  );
  await new Promise<void>((done) => {
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
  subscription.unsubscribe();
  const unsent = await station.drained();
  const totals = station.totals;
  await station.close();
  await link.value.close();
  await bus.value.close();
  process.stderr.write(
    `ground station: stopped; ${totals.received} frames received, ${totals.published} published (${totals.replayed} after waiting for the bus), ${totals.dropped} dropped, ${totals.malformed} malformed, ${totals.commandsSent} commands sent${unsent > 0 ? `; ${unsent} frames still waiting for the bus were not published` : ''}\n`,
  );
  return EXIT.ok;
}
