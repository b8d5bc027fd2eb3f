/**
 * Commanding: a form generated from each command's argument schema (enums
 * as choices, numbers with their ranges, booleans, byte strings as hex,
 * lists as JSON), only the commands the user's role may send; a hazardous
 * command asks for an explicit confirmation and goes as arm then fire
 * (confirm: true); a release time makes it time-tagged (atS: the ground
 * wraps it in schedule_insert); the on-board schedule as its last
 * schedule_report said (schedule_list asks for one); the history with who
 * sent what and each command's verification stages, updated live.
 */
import type { CommandRecord, StreamMessage } from '../api/contract.js';
import { roleAllows, type Role } from '../auth/roles.js';
import type { HttpGroundApi } from '../client/http-ground-api.js';
import type { ArgDoc, CommandDoc, ConsoleDictionary } from './dictionary.js';
import { fill, h } from './dom.js';
import type { LiveStream } from './live.js';
import type { User } from './session.js';

const HISTORY_MAX = 200;

interface ArgSchema {
  readonly type?: string;
  readonly enum?: readonly unknown[];
  readonly minimum?: number;
  readonly maximum?: number;
  readonly bytes?: unknown;
}

/** One argument's input and how to read its value back (undefined: left empty). */
function argInput(arg: ArgDoc): { readonly element: HTMLElement; readonly read: () => unknown } {
  const schema = arg.schema as ArgSchema;
  const name = `arg-${arg.name}`;
  if (schema.enum) {
    const select = h('select', { name }, ...schema.enum.map((value) => h('option', { value: String(value) }, String(value))));
    return { element: select, read: () => schema.enum!.find((value) => String(value) === select.value) };
  }
  if (schema.type === 'boolean') {
    const box = h('input', { type: 'checkbox', name });
    return { element: box, read: () => box.checked };
  }
  if (schema.type === 'integer' || schema.type === 'number') {
    const input = h('input', {
      type: 'number',
      name,
      step: schema.type === 'integer' ? '1' : 'any',
      ...(schema.minimum !== undefined ? { min: String(schema.minimum) } : {}),
      ...(schema.maximum !== undefined ? { max: String(schema.maximum) } : {}),
    });
    return { element: input, read: () => (input.value === '' ? undefined : Number(input.value)) };
  }
  const text = h('input', { type: 'text', name, placeholder: schema.bytes !== undefined ? 'hex bytes' : schema.type === 'array' ? 'JSON list' : '' });
  return {
    element: text,
    read: () => {
      if (text.value === '') return undefined;
      if (schema.type === 'array' || schema.type === 'object') return JSON.parse(text.value) as unknown;
      return text.value;
    },
  };
}

function stagesOf(command: CommandRecord): string {
  return command.stages.map((stage) => `${stage.stage}${stage.reason ? `: ${stage.reason}` : ''}`).join(' → ');
}

export function commandsPage(
  api: HttpGroundApi,
  dictionary: ConsoleDictionary,
  live: LiveStream,
  spacecraft: string,
  user: User,
): { readonly element: HTMLElement; readonly stop: () => void } {
  const allowed = dictionary.commands.filter((command) => roleAllows(user.role, command.role as Role));
  const history = new Map<number, CommandRecord>();
  const historyBody = h('tbody', { id: 'command-history' });
  const formBox = h('div', { id: 'command-form' });
  const message = h('p', { id: 'command-message', role: 'status' });

  const renderHistory = () => {
    const rows = [...history.values()].sort((a, b) => b.id - a.id).slice(0, HISTORY_MAX);
    fill(
      historyBody,
      ...rows.map((command) =>
        h(
          'tr',
          { 'data-command-id': command.id },
          h('td', { className: 'num' }, command.id),
          h('td', {}, `${command.name}${command.atS !== undefined ? ` @t=${command.atS}` : ''}`),
          h('td', {}, JSON.stringify(command.args)),
          h('td', {}, command.user),
          h('td', {}, new Date(command.createdAtMs).toLocaleTimeString()),
          h('td', { className: `state-${command.state}`, 'data-state': command.state }, command.state),
          h('td', { className: 'stages' }, stagesOf(command)),
        ),
      ),
    );
  };

  const releaseAt = h('input', { id: 'release-at', type: 'number', step: 'any', min: '0', placeholder: 'now' });
  const schedule = h('tbody', { id: 'schedule-list' });
  const showSchedule = (packet: { readonly timeS: number; readonly fields: Readonly<Record<string, { readonly value: unknown }>> }) => {
    const entries = (packet.fields.entries?.value ?? []) as ReadonlyArray<{ releaseS: number; command: string; keyId: number; seq: string }>;
    fill(
      schedule,
      ...(entries.length === 0
        ? [h('tr', {}, h('td', { className: 'muted' }, `empty at t=${packet.timeS.toFixed(0)} s`))]
        : entries.map((entry) =>
            h(
              'tr',
              { 'data-scheduled': entry.command },
              h('td', { className: 'num' }, `t=${entry.releaseS.toFixed(1)} s`),
              h('td', {}, entry.command),
              h('td', { className: 'muted' }, `key ${entry.keyId}, seq ${entry.seq}`),
            ),
          )),
    );
  };

  const send = async (command: CommandDoc, inputs: ReadonlyMap<string, () => unknown>, confirm: boolean) => {
    const args: Record<string, unknown> = {};
    try {
      for (const [name, read] of inputs) {
        const value = read();
        if (value !== undefined) args[name] = value;
      }
    } catch (error) {
      message.textContent = `an argument is not valid JSON: ${(error as Error).message}`;
      return;
    }
    const atS = releaseAt.value === '' ? undefined : Number(releaseAt.value);
    const sent = await api.sendCommand({ name: command.name, args, ...(confirm ? { confirm: true } : {}), ...(atS !== undefined ? { atS } : {}) });
    if (!sent.ok) {
      message.className = 'error';
      message.textContent = sent.error;
      return;
    }
    message.className = 'muted';
    message.textContent = `#${sent.value.command.id} ${command.name} queued`;
    history.set(sent.value.command.id, sent.value.command);
    renderHistory();
  };

  const showForm = (name: string) => {
    const command = allowed.find((one) => one.name === name);
    if (!command) return fill(formBox);
    const inputs = new Map<string, () => unknown>();
    const fields = command.args.map((arg) => {
      const input = argInput(arg);
      inputs.set(arg.name, input.read);
      return h('label', { title: arg.description }, `${arg.name}${arg.unit ? ` (${arg.unit})` : ''}${arg.optional ? '' : ' *'}`, input.element);
    });
    const confirmBox = h('div', { className: 'panel', hidden: true, id: 'hazard-confirm' });
    const sendButton = h(
      'button',
      {
        id: 'send-command',
        className: command.hazardous ? 'danger' : 'primary',
        onclick: () => {
          if (!command.hazardous) return void send(command, inputs, false);
          confirmBox.hidden = false;
          fill(
            confirmBox,
            h('p', {}, `${command.name} is hazardous: the ground sends arm, then ${command.name} once the arm completed on board.`),
            h(
              'button',
              {
                id: 'confirm-hazardous',
                className: 'danger',
                onclick: () => {
                  confirmBox.hidden = true;
                  void send(command, inputs, true);
                },
              },
              `Arm and fire ${command.name}`,
            ),
            h('button', { onclick: () => (confirmBox.hidden = true) }, 'Cancel'),
          );
        },
      },
      command.hazardous ? `Send ${command.name}… (hazardous)` : `Send ${command.name}`,
    );
    fill(
      formBox,
      h('p', { className: 'muted' }, command.description),
      h('div', { className: 'row' }, ...fields, h('label', { title: 'mission time; empty: at once' }, 'Release at t (s)', releaseAt), sendButton),
      confirmBox,
    );
  };

  const picker = h(
    'select',
    { id: 'command-picker', onchange: (event: Event) => showForm((event.target as HTMLSelectElement).value) },
    h('option', { value: '' }, 'choose a command'),
    ...allowed.map((command) => h('option', { value: command.name }, `${command.name}${command.hazardous ? ' (hazardous)' : ''}`)),
  );

  const stopLive = live.on((event: StreamMessage) => {
    if (event.sc !== undefined && event.sc !== spacecraft) return;
    if (event.type === 'telemetry' && event.packet.name === 'schedule_report') showSchedule(event.packet);
    if (event.type !== 'command') return;
    history.set(event.command.id, event.command);
    renderHistory();
  });
  void api.latestTelemetry('schedule_report').then((latest) => {
    const packet = latest.ok ? latest.value.packets[0] : undefined;
    if (packet) showSchedule(packet);
  });
  void api.commands({ limit: HISTORY_MAX, newest: true }).then((list) => {
    if (!list.ok) return;
    for (const command of list.value.commands) if (!history.has(command.id)) history.set(command.id, command);
    renderHistory();
  });

  const sendPanel =
    allowed.length === 0
      ? h('p', { className: 'muted', id: 'no-commanding' }, `${user.name} is a ${user.role}: viewers read, and send no commands.`)
      : h('div', { className: 'panel' }, h('label', {}, 'Command', picker), formBox, message);
  const element = h(
    'section',
    {},
    h('h2', {}, `Commands to ${spacecraft}`),
    sendPanel,
    h('h3', {}, 'On-board schedule'),
    allowed.some((one) => one.name === 'schedule_list')
      ? h(
          'p',
          {},
          h(
            'button',
            {
              id: 'schedule-refresh',
              onclick: () =>
                void api.sendCommand({ name: 'schedule_list', args: {} }).then((sent) => {
                  if (!sent.ok) message.textContent = sent.error;
                }),
            },
            'Ask for the schedule (schedule_list)',
          ),
        )
      : null,
    h('table', {}, schedule),
    h('h3', {}, 'History'),
    h(
      'table',
      {},
      h('thead', {}, h('tr', {}, ...['#', 'command', 'args', 'user', 'created', 'state', 'verification'].map((title) => h('th', {}, title)))),
      historyBody,
    ),
  );
  return { element, stop: stopLive };
}
