/**
 * The table of events under the events plot: the first EVENT_TABLE_ROWS in
 * time order, and how many more there were.
 */
import type { MissionEvent, MissionRecord } from './record.js';
import { escapeXml } from './escape.js';
import { clockTime, cut, round } from './format.js';
import { EVENT_KINDS } from './plot-events.js';
import { orbitAt } from './orbits.js';
import type { OrbitStart } from './frame.js';

export const EVENT_TABLE_ROWS = 200;
/** An event's text in the table is cut to this many characters. */
export const EVENT_TEXT_MAX = 300;

export function eventsTable(record: MissionRecord, orbits: readonly OrbitStart[]): string {
  const events = [...record.events].sort((a, b) => a.timeS - b.timeS);
  const shown = events.slice(0, EVENT_TABLE_ROWS);
  const rest = events.length - shown.length;
  const rows = shown.map((event) => row(event, orbitAt(orbits, event.timeS))).join('');
  const more =
    rest > 0
      ? `<p class="more">… and ${rest} more event${rest === 1 ? '' : 's'} not listed (the first ${EVENT_TABLE_ROWS} of ${events.length} are shown).</p>`
      : '';
  const empty = events.length === 0 ? '<p class="more">No events.</p>' : '';
  return (
    `<section id="event-table"><h2>Event list</h2>` +
    (events.length > 0
      ? `<table class="events"><thead><tr><th>time (h:mm:ss)</th><th>t (s)</th><th>orbit</th><th>kind</th><th>event</th></tr></thead><tbody>${rows}</tbody></table>`
      : '') +
    more +
    empty +
    `</section>`
  );
}

function row(event: MissionEvent, orbit: number | null): string {
  const style = EVENT_KINDS[event.kind] ?? EVENT_KINDS.other;
  return (
    `<tr><td>${clockTime(event.timeS)}</td><td class="num">${round(event.timeS, 1)}</td><td class="num">${orbit ?? ''}</td>` +
    `<td><span class="chip" style="background:${style.color}"></span>${escapeXml(event.kind)}</td><td>${escapeXml(cut(event.text, EVENT_TEXT_MAX))}</td></tr>`
  );
}
