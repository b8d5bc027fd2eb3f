import { parseArgs } from 'node:util';
import type { FleetResponse, StatusResponse, UplinkStatus } from '../api/contract.js';
import { SERVER_HELP, SERVER_OPTIONS, connect, unwrap } from './api-option.js';
import { colourWanted, painter } from './colour.js';
import { commandTitle } from './command-lines.js';
import { CliError, EXIT } from './exit-codes.js';
import { formatAge, formatTimeS } from '../client/format-value.js';
import { printJson } from './json.js';
import type { GroundApi } from '../client/ground-api.js';
import { table } from './table.js';

export const STATUS_HELP = `Usage: ground status [options]

Prints the link (where telecommands go, where telemetry arrives, contact,
last telemetry time, packets received, rejected and missing), the uplink
(in view through which station, the next pass, commands held for it), the
commands not yet final, the archive, the users (and requests refused for
want of a good token) and who you are. A ground serving a fleet: without
--sc, a line per spacecraft; with --sc NAME, that spacecraft's status.

Options:
${SERVER_HELP}

Exit codes: 0 ok; 3 no server, or commands cannot be sent (the server's key
file is unusable: the reason is shown).`;

function commandingLine(status: StatusResponse, paint: ReturnType<typeof painter>): string {
  const { commanding, link } = status;
  if (!commanding.ready) return paint('bad', `NOT POSSIBLE: ${commanding.problem ?? 'the ground is not ready'}`);
  const answered =
    commanding.lastAnsweredCommandId === null
      ? 'no command answered yet'
      : `last answer (to #${commanding.lastAnsweredCommandId}) ${formatAge(commanding.lastAnsweredAtMs)}`;
  return `ready: key file ${commanding.keyFile}, ${link.datagramsSent ?? 0} datagram(s) sent, ${answered}`;
}

const refusals = (byReason: Readonly<Record<string, number>>) => {
  const entries = Object.entries(byReason);
  return entries.length === 0 ? '' : ` (${entries.map(([reason, count]) => `${reason} ${count}`).join(', ')})`;
};

async function whoAmI(api: GroundApi): Promise<string> {
  const session = await api.whoAmI();
  return session.ok ? `${session.value.user.name} (${session.value.user.role})` : session.error;
}

export async function statusVerb(argv: readonly string[]): Promise<number> {
  const { values } = parseArgs({ args: [...argv], options: SERVER_OPTIONS });
  if (values.help) {
    process.stdout.write(`${STATUS_HELP}\n`);
    return EXIT.ok;
  }
  const api = connect(values);
  if (values.sc === undefined) {
    const fleet = unwrap(await api.fleet());
    if (fleet.spacecraft.length > 1) return printFleet(fleet, values.json === true);
  }
  const status = unwrap(await api.status());
  if (values.json) {
    printJson(status);
    return status.commanding.ready ? EXIT.ok : EXIT.environment;
  }
  const paint = painter(colourWanted(process.stdout));
  const { link, pending, archive } = status;
  const rejected = Object.entries(link.packetsRejected).map(([reason, count]) => `${reason} ${count}`);
  const lines = [
    ...(status.spacecraft ? [`spacecraft ${status.spacecraft.name} (spacecraft id ${status.spacecraft.spacecraftId})`] : []),
    `link       uplink -> ${link.uplinkTo}, downlink on udp port ${link.downlinkPort}`,
    ...(status.uplink && status.uplink.contact !== 'unknown' ? [`uplink     ${uplinkLine(status.uplink)}`] : []),
    `contact    ${link.inContact ? paint('good', 'in contact') : paint('yellow', 'no telemetry lately (out of contact?)')}`,
    `telemetry  last ${formatTimeS(link.lastTelemetryTimeS)}, received ${formatAge(link.lastTelemetryAtMs)}`,
    `packets    ${link.packetsReceived} received, ${link.packetsMissing} missing (sequence gaps), rejected: ${rejected.length > 0 ? rejected.join(', ') : 'none'}`,
    ...(link.frames ? [`frames     ${framesLine(link.frames)}`] : []),
    `commanding ${commandingLine(status, paint)}`,
    `pending    ${pending.length === 0 ? 'none' : `${pending.length} command(s) not final`}`,
    ...pending.map(
      (command) => `  ${commandTitle(command)} ${command.state}, ${command.transmissions} transmission(s), queued ${formatAge(command.createdAtMs)}`,
    ),
    `archive    ${archive.path}: ${archive.telemetryRows} telemetry rows, ${archive.eventRows} events, ${archive.commandRows} commands`,
    `server     up since ${new Date(status.serverStartedAtMs).toISOString()}`,
    ...(status.auth
      ? [
          `users      ${status.auth.users}; ${status.auth.sessions} browser session(s); refused ${status.auth.failures} request(s)${refusals(status.auth.failuresByReason)}`,
        ]
      : []),
    `you        ${await whoAmI(api)}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  if (!status.commanding.ready) throw new CliError(`commands cannot be sent: ${status.commanding.problem ?? 'the ground is not ready'}`, EXIT.environment);
  return EXIT.ok;
}

/** Where a spacecraft can be reached now: in view through a station, or held for the next pass. */
function uplinkLine(uplink: UplinkStatus): string {
  const held = uplink.held.length > 0 ? `; held for the pass: ${uplink.held.map((id) => `#${id}`).join(', ')}` : '';
  const next = uplink.nextPass ? `next pass ${uplink.nextPass.station} at ${formatTimeS(uplink.nextPass.aosS)}` : 'no pass within a day';
  if (uplink.inView === null) return `not known (no telemetry yet: commands go at once)${held}`;
  if (uplink.inView) return `in view through ${uplink.station}${uplink.contact === 'passes' ? ` (${next})` : ''}${held}`;
  return `out of view, ${next}${held}`;
}

/** A fleet ground's spacecraft, a line each. */
function printFleet(fleet: FleetResponse, json: boolean): number {
  if (json) {
    printJson(fleet);
    return EXIT.ok;
  }
  const rows = fleet.spacecraft.map((sc) => ({
    spacecraft: sc.name,
    id: sc.spacecraftId,
    contact: sc.inContact ? 'in contact' : 'no telemetry lately',
    'last telemetry': formatTimeS(sc.lastTelemetryTimeS),
    packets: sc.packetsReceived,
    pending: sc.pending,
    uplink: uplinkLine(sc.uplink),
  }));
  const dropped = fleet.framesForNoSpacecraft > 0 ? [`${fleet.framesForNoSpacecraft} TM frame(s) named no spacecraft of the fleet (dropped)`] : [];
  process.stdout.write(`${[...table(rows), ...dropped, 'one spacecraft: npx ground status --sc NAME'].join('\n')}\n`);
  return EXIT.ok;
}

/** TM frames: received, lost per virtual channel (by the frame counts), packets they cut, refused by reason. */
function framesLine(frames: NonNullable<StatusResponse['link']['frames']>): string {
  const lost = Object.entries(frames.lostByVc).map(([vcid, count]) => `VC ${vcid} ${count}`);
  const refused = Object.entries(frames.rejected).map(([reason, count]) => `${reason} ${count}`);
  return `${frames.received} received, lost ${lost.length > 0 ? lost.join(', ') : 'none'}, ${frames.packetsCut} packet(s) cut, refused: ${refused.length > 0 ? refused.join(', ') : 'none'}`;
}
