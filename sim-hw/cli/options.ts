/** Option parsing shared by the sim-hw verbs: numbers (negative ones too), stations, usage errors. */
import { DEFAULT_STATION_PARAMS, type StationParams } from '../../astro/station.js';

/** A bad option: printed as one line, exit code 2. */
export class UsageError extends Error {}

/** Joins "--beta-deg -30" into "--beta-deg=-30" for the named options, which parseArgs would refuse. */
export function joinNegativeValues(argv: readonly string[], numericOptions: ReadonlySet<string>): string[] {
  const joined: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const next = argv[i + 1];
    if (numericOptions.has(arg) && next !== undefined && /^-[\d.]/.test(next)) {
      joined.push(`${arg}=${next}`);
      i++;
    } else {
      joined.push(arg);
    }
  }
  return joined;
}

export function parseNumber(option: string, text: string): number {
  const value = text.trim() === '' ? Number.NaN : Number(text);
  if (!Number.isFinite(value)) throw new UsageError(`--${option} "${text}" is not a number`);
  return value;
}

export function parseStation(text: string): StationParams {
  const parts = text.split(',');
  if (parts.length !== 2 && parts.length !== 3) throw new UsageError(`--station "${text}" is not LAT,LON or LAT,LON,MIN_ELEVATION (degrees)`);
  const [latDeg, lonDeg, minElevationDeg] = parts.map((part) => parseNumber('station', part));
  return {
    name: `${latDeg},${lonDeg}`,
    latDeg: latDeg!,
    lonDeg: lonDeg!,
    altitudeM: 0,
    minElevationDeg: minElevationDeg ?? DEFAULT_STATION_PARAMS.minElevationDeg,
  };
}

/** Runs a verb body, turning a UsageError into one stderr line and exit code 2. */
export async function withUsage(verb: string, body: () => number | Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`sim-hw ${verb}: ${error.message} (see: sim-hw ${verb} --help)\n`);
    return 2;
  }
}
