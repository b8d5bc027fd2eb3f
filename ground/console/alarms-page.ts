/**
 * Alarms (ground/server/alarm-book.ts): limit violations and events of
 * warning and above, newest first, each with its state (active or cleared,
 * acknowledged by whom, shelved until when); an operator acknowledges or
 * shelves one. Refreshed whenever the stream says an alarm changed.
 */
import type { AlarmList, AlarmRecord, StreamMessage } from '../api/contract.js';
import { ROUTES } from '../api/routes.js';
import { roleAllows } from '../auth/roles.js';
import { fill, h } from './dom.js';
import type { LiveStream } from './live.js';
import type { User } from './session.js';

export const SHELVE_MINUTES = 30;

/** The alarms of one spacecraft, from the API. */
export async function fetchAlarms(spacecraft: string): Promise<AlarmList | null> {
  const response = await fetch(`${ROUTES.alarms.path}?sc=${encodeURIComponent(spacecraft)}`);
  return response.ok ? ((await response.json()) as AlarmList) : null;
}

async function post(path: string, spacecraft: string, body: unknown): Promise<string | null> {
  const response = await fetch(`${path}?sc=${encodeURIComponent(spacecraft)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return response.ok ? null : (((await response.json().catch(() => ({}))) as { error?: string }).error ?? `answered ${response.status}`);
}

function stateOf(alarm: AlarmRecord): string {
  const parts = [alarm.active ? 'active' : 'cleared'];
  if (alarm.acknowledgedBy) parts.push(`acknowledged by ${alarm.acknowledgedBy}`);
  if (alarm.shelved && alarm.shelvedUntilMs) parts.push(`shelved by ${alarm.shelvedBy} until ${new Date(alarm.shelvedUntilMs).toLocaleTimeString()}`);
  return parts.join(', ');
}

export function alarmsPage(live: LiveStream, spacecraft: string, user: User): { readonly element: HTMLElement; readonly stop: () => void } {
  const body = h('tbody', { id: 'alarm-list' });
  const message = h('p', { id: 'alarm-message', className: 'muted' });
  const mayAct = roleAllows(user.role, 'operator');
  const render = async () => {
    const list = await fetchAlarms(spacecraft);
    if (!list) return;
    message.textContent = `${list.open} open of ${list.alarms.length}`;
    fill(
      body,
      ...list.alarms.map((alarm) =>
        h(
          'tr',
          { 'data-alarm': alarm.key, 'data-open': String(alarm.acknowledgedBy === null && !alarm.shelved) },
          h('td', { className: alarm.severity === 'warning' ? 'state-queued' : 'error' }, alarm.severity),
          h('td', {}, alarm.name),
          h('td', {}, alarm.message),
          h('td', { className: 'num' }, `t=${alarm.timeS.toFixed(0)} s`),
          h('td', { className: 'num' }, alarm.count),
          h('td', { className: 'alarm-state' }, stateOf(alarm)),
          h(
            'td',
            {},
            mayAct && alarm.acknowledgedBy === null
              ? h('button', { className: 'ack', onclick: () => void act(ROUTES.acknowledgeAlarm.path, { key: alarm.key }) }, 'Acknowledge')
              : null,
            mayAct && !alarm.shelved
              ? h(
                  'button',
                  { className: 'shelve', onclick: () => void act(ROUTES.shelveAlarm.path, { key: alarm.key, minutes: SHELVE_MINUTES }) },
                  `Shelve ${SHELVE_MINUTES} min`,
                )
              : null,
          ),
        ),
      ),
    );
  };
  const act = async (path: string, request: unknown) => {
    const failed = await post(path, spacecraft, request);
    if (failed) message.textContent = failed;
    await render();
  };
  const stopLive = live.on((event: StreamMessage) => {
    if (event.type === 'alarm' && (event.sc === undefined || event.sc === spacecraft)) void render();
  });
  void render();
  const element = h(
    'section',
    {},
    h('h2', {}, `Alarms of ${spacecraft}`),
    message,
    h('table', {}, h('thead', {}, h('tr', {}, ...['severity', 'what', 'message', 'last', 'times', 'state', ''].map((title) => h('th', {}, title)))), body),
  );
  return { element, stop: stopLive };
}
