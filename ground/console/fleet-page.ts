/**
 * The fleet overview: every spacecraft with its mode, state of charge, die
 * temperature, jobs queued, contact now or the next pass and open alarms,
 * refreshed every FLEET_REFRESH_MS; sortable by any column (click its
 * heading).
 */
import type { FleetResponse } from '../api/contract.js';
import type { HttpGroundApi } from '../client/http-ground-api.js';
import { fill, h } from './dom.js';

export const FLEET_REFRESH_MS = 2000;

type Member = FleetResponse['spacecraft'][number];

interface Column {
  readonly title: string;
  readonly value: (member: Member) => string | number | null;
  readonly numeric?: boolean;
  readonly cell?: (member: Member) => HTMLElement;
}

const fixed = (value: number | null, digits: number) => (value === null ? '' : value.toFixed(digits));

function contact(member: Member): string {
  const uplink = member.uplink;
  if (uplink.inView === true) return `in view${uplink.station ? ` (${uplink.station})` : ''}`;
  if (uplink.nextPass) return `next pass ${uplink.nextPass.station} at t=${uplink.nextPass.aosS.toFixed(0)} s`;
  return member.inContact ? 'in contact' : 'no telemetry lately';
}

const COLUMNS: readonly Column[] = [
  { title: 'spacecraft', value: (m) => m.name },
  { title: 'id', value: (m) => m.spacecraftId, numeric: true },
  { title: 'mode', value: (m) => m.mode ?? '', cell: (m) => h('td', { className: `mode-${m.mode ?? 'unknown'}` }, m.mode ?? '-') },
  { title: 'SoC %', value: (m) => m.socPct, numeric: true, cell: (m) => h('td', { className: 'num' }, fixed(m.socPct, 1)) },
  { title: 'die °C', value: (m) => m.acceleratorC, numeric: true, cell: (m) => h('td', { className: 'num' }, fixed(m.acceleratorC, 1)) },
  { title: 'jobs queued', value: (m) => m.queueLength, numeric: true },
  { title: 'contact', value: contact },
  { title: 'last heard t (s)', value: (m) => m.lastTelemetryTimeS, numeric: true, cell: (m) => h('td', { className: 'num' }, fixed(m.lastTelemetryTimeS, 0)) },
  { title: 'commands pending', value: (m) => m.pending, numeric: true },
  {
    title: 'alarms',
    value: (m) => m.openAlarms,
    numeric: true,
    cell: (m) => h('td', { className: m.openAlarms > 0 ? 'error' : 'muted', title: m.alarms.map((a) => `${a.name}: ${a.message}`).join('\n') }, m.openAlarms),
  },
];

export function fleetPage(api: HttpGroundApi): { readonly element: HTMLElement; readonly stop: () => void } {
  const table = h('table', { id: 'fleet-table' });
  const note = h('p', { className: 'muted' });
  const element = h('section', {}, h('h2', {}, 'Fleet'), table, note);
  let sortBy = 0;
  let descending = false;
  let members: readonly Member[] = [];
  const render = () => {
    const column = COLUMNS[sortBy]!;
    const sorted = [...members].sort((a, b) => {
      const [x, y] = [column.value(a), column.value(b)];
      const order = x === y ? 0 : x === null ? 1 : y === null ? -1 : x < y ? -1 : 1;
      return descending ? -order : order;
    });
    fill(
      table,
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ...COLUMNS.map((c, i) =>
            h(
              'th',
              {
                className: i === sortBy ? 'sorted' : '',
                onclick: () => {
                  descending = i === sortBy ? !descending : false;
                  sortBy = i;
                  render();
                },
              },
              c.title,
            ),
          ),
        ),
      ),
      h(
        'tbody',
        {},
        ...sorted.map((member) =>
          h(
            'tr',
            { 'data-sc': member.name },
            ...COLUMNS.map((c) => (c.cell ? c.cell(member) : h('td', { className: c.numeric ? 'num' : '' }, c.value(member) ?? ''))),
          ),
        ),
      ),
    );
  };
  const refresh = async () => {
    const fleet = await api.fleet();
    if (!fleet.ok) {
      note.textContent = fleet.error;
      return;
    }
    members = fleet.value.spacecraft;
    note.textContent = `${members.length} spacecraft; updated ${new Date().toLocaleTimeString()}`;
    render();
  };
  void refresh();
  const timer = setInterval(() => void refresh(), FLEET_REFRESH_MS);
  return { element, stop: () => clearInterval(timer) };
}
