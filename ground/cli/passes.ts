/**
 * `ground passes`: the passes an operator plans with, predicted from the
 * fleet's orbits (what the ground knows, never the simulator's state) over
 * the station network.
 */

import { parseArgs } from 'node:util';
import { DEFAULT_FLEET } from '../../astro/fleet.js';
import { DEFAULT_NETWORK } from '../../astro/network.js';
import { fleetOf, stationsOf } from './fleet-option.js';
import { parseTimeSpec } from './mission-time.js';
import { predictPasses } from '../../astro/passes.js';
import { dateOfMissionTime } from '../../protocol/index.js';
import { EXIT, usageError } from './exit-codes.js';
import { printJson } from './json.js';
import { table } from './table.js';

export const PASSES_HOURS_MAX = 720;

export const PASSES_HELP = `Usage: ground passes [--sc NAME] [--station S] [--hours H] [--from T] [--fleet SPEC] [--stations FILE] [--json]

Predicts the passes of the fleet's spacecraft over the ground stations: AOS,
LOS, duration, maximum elevation, station, the data the pass can bring down,
and "contended" when more spacecraft are over the station at once than it
has antennas (the antenna rule: astro/README.md).

Options:
  --sc NAME        only this spacecraft (default: every one of the fleet)
  --station S      only this station (default: every one of the network)
  --hours H        how far ahead, 0 < H <= ${PASSES_HOURS_MAX} (default 24)
  --from T         start: mission seconds since 2026-01-01T00:00:00Z, or an ISO time
                   (2026-01-01T01:00:00Z) (default 0)
  --fleet SPEC     a fleet file, cluster:N or walker:PLANES/PER_PLANE
                   (default: the one spacecraft ${DEFAULT_FLEET[0]!.name} on the default orbit)
  --stations FILE  a stations file (default: the ${DEFAULT_NETWORK.length} stations of the default network)
  --json           the passes as JSON
  --help           this text

Exit codes: 0 done; 2 a bad option, fleet or stations file (one line says
which); 3 a file that cannot be read.`;

function numberOption(option: string, text: string | undefined, fallback: number, valid: (value: number) => boolean, range: string): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!(text.trim() !== '' && Number.isFinite(value) && valid(value))) throw usageError(`${option} ${text} is not ${range}`);
  return value;
}

/** --from: mission seconds or an ISO time, as every verb reads times (mission-time.ts); no telemetry to count +S from here. */
function fromOption(text: string | undefined): number {
  if (text === undefined) return 0;
  const spec = parseTimeSpec(text);
  if (!spec.ok) throw usageError(`--from ${spec.error}`);
  if (!('absoluteS' in spec.value)) throw usageError(`--from ${text}: passes are predicted without the server, so give a mission time or an ISO time, not +S`);
  return spec.value.absoluteS;
}

export function passesVerb(argv: readonly string[]): number {
  const { values } = parseArgs({
    args: [...argv],
    allowPositionals: false,
    options: {
      sc: { type: 'string' },
      station: { type: 'string' },
      hours: { type: 'string' },
      from: { type: 'string' },
      fleet: { type: 'string' },
      stations: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    process.stdout.write(`${PASSES_HELP}\n`);
    return EXIT.ok;
  }
  const hours = numberOption('--hours', values.hours, 24, (h) => h > 0 && h <= PASSES_HOURS_MAX, `a number of hours in (0, ${PASSES_HOURS_MAX}]`);
  const fromS = fromOption(values.from);
  let fleet = fleetOf(values.fleet);
  let stations = stationsOf(values.stations);
  if (values.sc !== undefined) {
    const chosen = fleet.filter((member) => member.name === values.sc);
    if (chosen.length === 0) throw usageError(`no spacecraft ${values.sc} in the fleet (it has ${names(fleet.map((m) => m.name))})`);
    fleet = chosen;
  }
  if (values.station !== undefined) {
    const chosen = stations.filter((station) => station.name === values.station);
    if (chosen.length === 0) throw usageError(`no station ${values.station} in the network (it has ${names(stations.map((s) => s.name))})`);
    stations = chosen;
  }
  const toS = fromS + hours * 3600;
  const passes = predictPasses(fleet, stations, fromS, toS);
  if (values.json) {
    printJson({
      fromS,
      toS,
      spacecraft: fleet.map((member) => member.name),
      stations: stations.map((station) => station.name),
      passes: passes.map((pass) => ({ ...pass, aosUtc: utc(pass.aosS), losUtc: utc(pass.losS) })),
    });
    return EXIT.ok;
  }
  const rows = passes.map((pass) => ({
    AOS: utc(pass.aosS),
    LOS: utc(pass.losS),
    'duration s': pass.durationS.toFixed(0),
    'max el deg': pass.maxElevationDeg.toFixed(1),
    spacecraft: pass.spacecraft,
    station: pass.station,
    'down Mbit': pass.downlinkMbit.toFixed(1),
    note: pass.contended ? 'contended' : '',
  }));
  process.stdout.write(`${passes.length} passes of ${fleet.length} spacecraft over ${stations.length} stations, ${utc(fromS)} to ${utc(toS)}\n`);
  if (rows.length > 0) process.stdout.write(`${table(rows).join('\n')}\n`);
  return EXIT.ok;
}

function utc(timeS: number): string {
  return `${dateOfMissionTime(timeS).toISOString().slice(0, 19)}Z`;
}

function names(list: readonly string[]): string {
  return list.length <= 8 ? list.join(', ') : `${list.slice(0, 8).join(', ')} and ${list.length - 8} more`;
}
