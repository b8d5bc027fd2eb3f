/**
 * `npx sim-hw orbit`: orbit figures for planning: period, eclipse duration
 * and fraction, the critical beta angle, the next eclipses and the next
 * contact windows with a ground station, from mission time 0.
 */

import { parseArgs } from 'node:util';
import { dateOfMissionTime, MISSION_EPOCH_ISO } from '../../protocol/time-code.js';
import { DEFAULT_ORBIT_PARAMS, checkOrbitParams, criticalBetaDeg, eclipseDurationS, eclipseFraction, nextEclipses, orbitPeriodS } from '../../astro/orbit.js';
import type { EclipseWindow, OrbitParams } from '../../astro/orbit.js';
import { DEFAULT_STATION_PARAMS, checkStationParams, contactWindows } from '../../astro/station.js';
import { UsageError, joinNegativeValues, parseNumber, parseStation } from './options.js';
import type { ContactWindow, StationParams } from '../../astro/station.js';

const HOURS_MAX = 720;
const COUNT_MAX = 1000;

const HELP = `Usage: sim-hw orbit [options]

Orbit figures for planning (circular orbit, cylindrical shadow, spherical
Earth), with events from mission time 0 (${MISSION_EPOCH_ISO}).

Options:
  --altitude-km KM        orbit altitude, 100..50000 (default ${DEFAULT_ORBIT_PARAMS.altitudeKm})
  --beta-deg DEG          beta angle, -90..90 (default ${DEFAULT_ORBIT_PARAMS.betaDeg})
  --inclination-deg DEG   inclination, 0..180 (default ${DEFAULT_ORBIT_PARAMS.inclinationDeg})
  --station LAT,LON[,MIN] ground station latitude, longitude and minimum
                          elevation in degrees (default ${DEFAULT_STATION_PARAMS.name}:
                          ${DEFAULT_STATION_PARAMS.latDeg},${DEFAULT_STATION_PARAMS.lonDeg},${DEFAULT_STATION_PARAMS.minElevationDeg})
  --hours H               search window for eclipses and contacts, 0..${HOURS_MAX} (default 24)
  --count N               eclipses and contacts to list, 0..${COUNT_MAX} (default 5)
  --json                  one JSON object on stdout
  -h, --help              this text

Exit codes: 0 done, 2 bad option.`;

/** Options whose value may be negative. */
const NUMERIC_OPTIONS = new Set(['--altitude-km', '--beta-deg', '--inclination-deg', '--station', '--hours', '--count']);

const utc = (timeS: number): string => dateOfMissionTime(timeS).toISOString();
const round = (value: number, digits: number): number => Number(value.toFixed(digits));

export function orbitVerb(argv: readonly string[]): number {
  const values = parseOrbitArgs(argv);
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  let request: OrbitRequest;
  try {
    request = orbitRequest(values);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`sim-hw orbit: ${error.message} (see: sim-hw orbit --help)\n`);
    return 2;
  }
  const plan = orbitPlan(request);
  process.stdout.write(values.json ? `${JSON.stringify(jsonReport(plan), null, 2)}\n` : `${textReport(plan).join('\n')}\n`);
  return 0;
}

function parseOrbitArgs(argv: readonly string[]) {
  return parseArgs({
    args: joinNegativeValues(argv, NUMERIC_OPTIONS),
    options: {
      'altitude-km': { type: 'string', default: String(DEFAULT_ORBIT_PARAMS.altitudeKm) },
      'beta-deg': { type: 'string', default: String(DEFAULT_ORBIT_PARAMS.betaDeg) },
      'inclination-deg': { type: 'string', default: String(DEFAULT_ORBIT_PARAMS.inclinationDeg) },
      station: { type: 'string' },
      hours: { type: 'string', default: '24' },
      count: { type: 'string', default: '5' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  }).values;
}

interface OrbitRequest {
  readonly orbit: OrbitParams;
  readonly station: StationParams;
  readonly hours: number;
  readonly count: number;
}

/** The options checked whole; a UsageError names every problem. */
function orbitRequest(values: ReturnType<typeof parseOrbitArgs>): OrbitRequest {
  const orbit: OrbitParams = {
    ...DEFAULT_ORBIT_PARAMS,
    altitudeKm: parseNumber('altitude-km', values['altitude-km']),
    betaDeg: parseNumber('beta-deg', values['beta-deg']),
    inclinationDeg: parseNumber('inclination-deg', values['inclination-deg']),
  };
  const station = values.station === undefined ? DEFAULT_STATION_PARAMS : parseStation(values.station);
  const hours = parseNumber('hours', values.hours);
  const count = parseNumber('count', values.count);
  const problems = [...checkOrbitParams(orbit), ...checkStationParams(station)];
  if (!(hours > 0 && hours <= HOURS_MAX)) problems.push(`--hours ${hours} is not 0..${HOURS_MAX} (exclusive of 0)`);
  if (!(Number.isInteger(count) && count >= 0 && count <= COUNT_MAX)) problems.push(`--count ${count} is not an integer 0..${COUNT_MAX}`);
  if (problems.length > 0) throw new UsageError(problems.join('; '));
  return { orbit, station, hours, count };
}

interface OrbitPlan extends OrbitRequest {
  readonly periodS: number;
  readonly eclipses: readonly EclipseWindow[];
  readonly contacts: readonly ContactWindow[];
}

function orbitPlan(request: OrbitRequest): OrbitPlan {
  const { orbit, station, hours, count } = request;
  const windowS = hours * 3600;
  return {
    ...request,
    periodS: orbitPeriodS(orbit),
    eclipses: nextEclipses(orbit, 0, count).filter((eclipse) => eclipse.entryS < windowS),
    contacts: contactWindows(orbit, station, 0, windowS).slice(0, count),
  };
}

function jsonReport({ orbit, station, periodS, eclipses, contacts }: OrbitPlan): Record<string, unknown> {
  return {
    orbit: { altitudeKm: orbit.altitudeKm, betaDeg: orbit.betaDeg, inclinationDeg: orbit.inclinationDeg },
    periodMin: periodS / 60,
    eclipseMin: eclipseDurationS(orbit) / 60,
    eclipseFraction: eclipseFraction(orbit),
    criticalBetaDeg: criticalBetaDeg(orbit),
    eclipses: eclipses.map((eclipse) => ({
      entryS: eclipse.entryS,
      exitS: eclipse.exitS,
      durationS: eclipse.exitS - eclipse.entryS,
      entryUtc: utc(eclipse.entryS),
    })),
    station: { name: station.name, latDeg: station.latDeg, lonDeg: station.lonDeg, altitudeM: station.altitudeM, minElevationDeg: station.minElevationDeg },
    contacts: contacts.map((contact) => ({
      aosS: contact.aosS,
      losS: contact.losS,
      durationS: contact.losS - contact.aosS,
      maxElevationDeg: round(contact.maxElevationDeg, 3),
      aosUtc: utc(contact.aosS),
    })),
  };
}

function textReport({ orbit, station, hours, periodS, eclipses, contacts }: OrbitPlan): string[] {
  const lines: string[] = [
    `orbit           circular, altitude ${orbit.altitudeKm} km, beta ${orbit.betaDeg} deg, inclination ${orbit.inclinationDeg} deg`,
    `period          ${(periodS / 60).toFixed(2)} min`,
    `eclipse         ${(eclipseDurationS(orbit) / 60).toFixed(2)} min per orbit (fraction ${eclipseFraction(orbit).toFixed(4)})`,
    `critical beta   ${criticalBetaDeg(orbit).toFixed(1)} deg (no eclipse above)`,
    '',
    `eclipses in the first ${hours} h (mission time from ${MISSION_EPOCH_ISO}):`,
  ];
  if (eclipses.length === 0) lines.push('  none');
  for (const eclipse of eclipses) {
    lines.push(
      `  entry ${eclipse.entryS.toFixed(1).padStart(9)} s  exit ${eclipse.exitS.toFixed(1).padStart(9)} s  ${((eclipse.exitS - eclipse.entryS) / 60).toFixed(2)} min  entry ${utc(eclipse.entryS)}  exit ${utc(eclipse.exitS)}`,
    );
  }
  lines.push(
    '',
    `contacts with ${station.name} (${station.latDeg}, ${station.lonDeg}, minimum elevation ${station.minElevationDeg} deg) in the first ${hours} h:`,
  );
  if (contacts.length === 0) lines.push('  none');
  for (const contact of contacts) {
    lines.push(
      `  AOS ${contact.aosS.toFixed(1).padStart(9)} s  LOS ${contact.losS.toFixed(1).padStart(9)} s  ${((contact.losS - contact.aosS) / 60).toFixed(2).padStart(5)} min  max elevation ${contact.maxElevationDeg.toFixed(1).padStart(4)} deg  AOS ${utc(contact.aosS)}`,
    );
  }
  return lines;
}
