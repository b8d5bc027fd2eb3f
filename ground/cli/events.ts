import { parseArgs } from 'node:util';
import { SEVERITIES } from '../../protocol/index.js';
import type { EventRecord } from '../api/contract.js';
import type { GroundApi } from '../client/ground-api.js';
import { sleepMs } from '../client/track-command.js';
import { SERVER_HELP, SERVER_OPTIONS, connect, unwrap } from './api-option.js';
import { colourWanted, painter, type Paint } from './colour.js';
import { EXIT, usageError } from './exit-codes.js';
import { printJson } from './json.js';
import { positiveInteger, positiveSeconds } from './numbers.js';
import { formatTimeS } from '../client/format-value.js';

export const EVENTS_HELP = `Usage: ground events [--follow] [--severity S] [options]

Prints the latest events from the spacecraft (oldest first), then with
--follow every new one as it arrives, until Ctrl-C.

Options:
  --severity S   only S and more severe: ${SEVERITIES.join(', ')}
  --last N       how many of the latest events to print first (default 20)
  --follow       keep printing new events
  --interval S   seconds between polls with --follow (default 0.5)
${SERVER_HELP}

Exit codes: 0 ok; 2 bad option; 3 no server.`;

/** The API pages by id from the oldest; the latest N come from reading to the end. */
const PAGE_LIMIT = 10_000;

export async function eventsVerb(argv: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: { ...SERVER_OPTIONS, follow: { type: 'boolean' }, severity: { type: 'string' }, last: { type: 'string' }, interval: { type: 'string' } },
  });
  if (values.help) {
    process.stdout.write(`${EVENTS_HELP}\n`);
    return EXIT.ok;
  }
  const severity = values.severity as EventRecord['severity'] | undefined;
  if (severity !== undefined && !SEVERITIES.includes(severity)) throw usageError(`--severity ${severity} is not one of ${SEVERITIES.join(', ')}`);
  const last = positiveInteger('--last', values.last, 20);
  const intervalS = positiveSeconds('--interval', values.interval, 0.5);
  const api = connect(values);
  const paint = painter(colourWanted(process.stdout));
  const print = (events: readonly EventRecord[]) => {
    if (values.json) events.forEach((event) => process.stdout.write(`${JSON.stringify(event)}\n`));
    else if (events.length > 0) process.stdout.write(`${events.map((event) => eventLine(event, paint)).join('\n')}\n`);
  };

  const first = await latestEvents(api, severity, last);
  if (values.json && !values.follow) printJson({ events: first.latest });
  else print(first.latest);
  let lastId = first.lastId;
  while (values.follow) {
    await sleepMs(intervalS * 1000);
    const page = unwrap(await api.events({ afterId: lastId, limit: PAGE_LIMIT, ...(severity ? { severity } : {}) })).events;
    print(page);
    lastId = page.at(-1)?.id ?? lastId;
  }
  return EXIT.ok;
}

async function latestEvents(api: GroundApi, severity: EventRecord['severity'] | undefined, last: number) {
  let latest: EventRecord[] = [];
  let lastId = 0;
  for (;;) {
    const page = unwrap(await api.events({ afterId: lastId, limit: PAGE_LIMIT, ...(severity ? { severity } : {}) })).events;
    latest = [...latest, ...page].slice(-last);
    lastId = page.at(-1)?.id ?? lastId;
    if (page.length < PAGE_LIMIT) return { latest, lastId };
  }
}

const TONE = { debug: 'dim', info: 'none', warning: 'yellow', error: 'red', critical: 'red' } as const;

export function eventLine(event: EventRecord, paint: Paint): string {
  return `${formatTimeS(event.timeS)}  ${paint(TONE[event.severity], event.severity.padEnd(8))}  ${event.name}: ${event.message}`;
}
