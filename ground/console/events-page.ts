/**
 * Events of one spacecraft (and the ground's own), newest first: those in
 * the archive and each new one from the stream, at most EVENTS_KEPT; shown
 * from a chosen severity up, and only those whose name or message holds
 * the search text.
 */
import { SEVERITIES } from '../../protocol/dictionary/types.js';
import type { EventRecord, StreamMessage } from '../api/contract.js';
import type { HttpGroundApi } from '../client/http-ground-api.js';
import { fill, h } from './dom.js';
import type { LiveStream } from './live.js';

export const EVENTS_KEPT = 2000;

export function eventsPage(api: HttpGroundApi, live: LiveStream, spacecraft: string): { readonly element: HTMLElement; readonly stop: () => void } {
  const events = new Map<number, EventRecord>();
  const body = h('tbody', { id: 'event-list' });
  const note = h('p', { className: 'muted', id: 'event-count' });
  const severity = h('select', { id: 'event-severity' }, ...SEVERITIES.map((one) => h('option', { value: one, selected: one === 'info' }, `${one} and above`)));
  const search = h('input', { id: 'event-search', type: 'search', placeholder: 'name or message' });
  const render = () => {
    const least = SEVERITIES.indexOf(severity.value as (typeof SEVERITIES)[number]);
    const text = search.value.trim().toLowerCase();
    const shown = [...events.values()]
      .filter((event) => SEVERITIES.indexOf(event.severity) >= least)
      .filter((event) => text === '' || event.name.toLowerCase().includes(text) || event.message.toLowerCase().includes(text))
      .sort((a, b) => b.id - a.id);
    note.textContent = `${shown.length} of ${events.size} events`;
    fill(
      body,
      ...shown.map((event) =>
        h(
          'tr',
          { 'data-event': event.name },
          h('td', { className: 'num' }, `t=${event.timeS.toFixed(1)} s`),
          h(
            'td',
            { className: event.severity === 'warning' ? 'state-queued' : event.severity === 'error' || event.severity === 'critical' ? 'error' : '' },
            event.severity,
          ),
          h('td', {}, event.name),
          h('td', {}, event.message),
          h('td', { className: 'muted' }, event.source),
        ),
      ),
    );
  };
  const keep = (event: EventRecord) => {
    events.set(event.id, event);
    if (events.size > EVENTS_KEPT) events.delete(Math.min(...events.keys()));
  };
  severity.addEventListener('change', render);
  search.addEventListener('input', render);
  const stopLive = live.on((message: StreamMessage) => {
    if (message.type !== 'event' || (message.sc !== undefined && message.sc !== spacecraft)) return;
    keep(message.event);
    render();
  });
  void api.events({ limit: EVENTS_KEPT, newest: true }).then((list) => {
    if (!list.ok) return void (note.textContent = list.error);
    for (const event of list.value.events) keep(event);
    render();
  });
  const element = h(
    'section',
    {},
    h('h2', {}, `Events of ${spacecraft}`),
    h('div', { className: 'panel row' }, h('label', {}, 'Severity', severity), h('label', {}, 'Search', search)),
    note,
    h('table', {}, h('thead', {}, h('tr', {}, ...['time', 'severity', 'event', 'message', 'source'].map((title) => h('th', {}, title)))), body),
  );
  return { element, stop: stopLive };
}
