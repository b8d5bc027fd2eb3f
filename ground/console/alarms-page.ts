/**
 * Alarms (ground/server/alarm-book.ts): limit violations and events of
 * warning and above, newest first, each with its state (active or cleared,
 * acknowledged by whom, shelved until when); an operator acknowledges or
 * shelves one. Refreshed whenever the stream says an alarm changed.
 */
import type { AlarmRecord, StreamMessage } from '../api/contract.js';
import { roleAllows } from '../auth/roles.js';
import type { ApiResult } from '../client/api-result.js';
import type { HttpGroundApi } from '../client/http-ground-api.js';
import { fill, h } from './dom.js';
import type { LiveStream } from './live.js';
import type { User } from './session.js';

export const SHELVE_MINUTES = 30;

function stateOf(alarm: AlarmRecord): string {
  const parts = [alarm.active ? 'active' : 'cleared'];
  if (alarm.acknowledgedBy) parts.push(`acknowledged by ${alarm.acknowledgedBy}`);
  if (alarm.shelved && alarm.shelvedUntilMs) parts.push(`shelved by ${alarm.shelvedBy} until ${new Date(alarm.shelvedUntilMs).toLocaleTimeString()}`);
  return parts.join(', ');
}

export function alarmsPage(api: HttpGroundApi, live: LiveStream, spacecraft: string, user: User): { readonly element: HTMLElement; readonly stop: () => void } {
  const body = h('tbody', { id: 'alarm-list' });
  const message = h('p', { id: 'alarm-message', className: 'muted' });
  const mayAct = roleAllows(user.role, 'operator');
  const render = async () => {
    const answer = await api.alarms();
    if (!answer.ok) return void (message.textContent = answer.error);
    const list = answer.value;
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
              ? h('button', { className: 'ack', onclick: () => void act(api.acknowledgeAlarm(alarm.key)) }, 'Acknowledge')
              : null,
            mayAct && !alarm.shelved
              ? h('button', { className: 'shelve', onclick: () => void act(api.shelveAlarm(alarm.key, SHELVE_MINUTES)) }, `Shelve ${SHELVE_MINUTES} min`)
              : null,
          ),
        ),
      ),
    );
  };
  const act = async (done: Promise<ApiResult<AlarmRecord>>) => {
    const answer = await done;
    await render();
    if (!answer.ok) message.textContent = answer.error;
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
