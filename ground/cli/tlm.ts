import { parseArgs } from 'node:util';
import { missionDictionary } from '../../protocol/index.js';
import { sleepMs } from '../client/track-command.js';
import { SERVER_HELP, SERVER_OPTIONS, connect, unwrap } from './api-option.js';
import { colourWanted, painter } from './colour.js';
import { EXIT, usageError } from './exit-codes.js';
import { printJson } from './json.js';
import { positiveInteger, positiveSeconds } from './numbers.js';
import { telemetryLines } from './telemetry-lines.js';

export const TLM_HELP = `Usage: ground tlm [packet] [--watch] [options]

Prints the latest value of every field of every telemetry packet (or of one
packet), with units. Values beyond a yellow or red limit of the dictionary
are marked YELLOW or RED (and coloured on a terminal, unless NO_COLOR is
set); a packet older than 3 of its periods is marked STALE.

Options:
  --watch        refresh until Ctrl-C
  --interval S   seconds between refreshes with --watch (default 1)
  --count N      with --watch, stop after N refreshes
${SERVER_HELP}

Exit codes: 0 ok; 2 unknown packet; 3 no server.

Examples:
  ground tlm
  ground tlm power_hk --watch`;

export async function tlmVerb(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: { ...SERVER_OPTIONS, watch: { type: 'boolean' }, interval: { type: 'string' }, count: { type: 'string' } },
  });
  if (values.help) {
    process.stdout.write(`${TLM_HELP}\n`);
    return EXIT.ok;
  }
  if (positionals.length > 1) throw usageError('tlm takes at most one packet name');
  const packet = positionals[0];
  if (packet !== undefined) checkPacketName(packet);
  const intervalS = positiveSeconds('--interval', values.interval, 1);
  const count = values.watch ? positiveInteger('--count', values.count, Infinity) : 1;
  const api = connect(values);
  const tty = process.stdout.isTTY === true;
  const paint = painter(colourWanted(process.stdout));
  for (let refresh = 0; refresh < count; refresh++) {
    if (refresh > 0) await sleepMs(intervalS * 1000);
    const latest = unwrap(await api.latestTelemetry(packet));
    if (values.json) {
      if (values.watch) process.stdout.write(`${JSON.stringify(latest)}\n`);
      else printJson(latest);
      continue;
    }
    const lines = latest.packets.length > 0 ? telemetryLines(latest.packets, paint) : [`no ${packet ?? 'telemetry'} received yet`];
    const header = values.watch ? (tty ? '\x1b[2J\x1b[H' : refresh > 0 ? '---\n' : '') : '';
    process.stdout.write(`${header}${lines.join('\n')}\n`);
  }
  return EXIT.ok;
}

/** A telemetry packet of the dictionary, or a usage error listing them. */
export function checkPacketName(name: string): void {
  const entry = missionDictionary().downlink(name);
  if (entry?.kind === 'telemetry') return;
  const names = [...missionDictionary().downlinks()].filter((e) => e.kind === 'telemetry').map((e) => e.def.name);
  throw usageError(`unknown telemetry packet "${name}"${entry ? ' (it is an event: see ground events)' : ''}; packets: ${names.join(', ')}`);
}
