/**
 * Passes of one spacecraft as a timeline: a row per station, a bar per
 * predicted contact over the next hours (GET /api/passes), the mission time
 * now as a line; the same passes as a table. A spacecraft linked through a
 * relay (or whose orbit the ground does not know) is always in contact.
 */
import type { PassList } from '../api/contract.js';
import type { HttpGroundApi } from '../client/http-ground-api.js';
import { fill, h } from './dom.js';

const SVG = 'http://www.w3.org/2000/svg';
const ROW_PX = 28;
const LABEL_PX = 110;
const WIDTH_PX = 1100;

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Readonly<Record<string, string | number>>, text?: string): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) element.setAttribute(name, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

function timeline(list: PassList): SVGSVGElement {
  const stations = [...new Set(list.passes.map((pass) => pass.station))].sort();
  const spanS = list.toS - list.fromS;
  const x = (timeS: number) => LABEL_PX + ((timeS - list.fromS) / spanS) * (WIDTH_PX - LABEL_PX - 10);
  const height = (stations.length + 1) * ROW_PX;
  const chart = svg('svg', { id: 'pass-timeline', width: WIDTH_PX, height, viewBox: `0 0 ${WIDTH_PX} ${height}` });
  for (let hour = 0; hour * 3600 <= spanS; hour += Math.max(1, Math.round(spanS / 3600 / 12))) {
    const at = x(list.fromS + hour * 3600);
    chart.append(svg('line', { x1: at, x2: at, y1: 0, y2: height - ROW_PX + 4, stroke: '#2a3542' }));
    chart.append(svg('text', { x: at, y: height - 8, fill: '#8a98a8', 'font-size': 11, 'text-anchor': 'middle' }, `+${hour} h`));
  }
  stations.forEach((station, row) => {
    const y = row * ROW_PX + 4;
    chart.append(svg('text', { x: 4, y: y + 15, fill: '#d8e0e8', 'font-size': 12 }, station));
    for (const pass of list.passes.filter((one) => one.station === station)) {
      const bar = svg('rect', {
        class: 'pass',
        x: x(pass.aosS),
        y,
        width: Math.max(2, x(pass.losS) - x(pass.aosS)),
        height: ROW_PX - 10,
        fill: '#4fa3ff',
        rx: 2,
      });
      bar.append(svg('title', {}, `${station}: t=${pass.aosS.toFixed(0)} to ${pass.losS.toFixed(0)} s (${((pass.losS - pass.aosS) / 60).toFixed(1)} min)`));
      chart.append(bar);
    }
  });
  chart.append(svg('line', { x1: x(list.fromS), x2: x(list.fromS), y1: 0, y2: height - ROW_PX + 4, stroke: '#3ecf8e', 'stroke-width': 2 }));
  return chart;
}

export function passesPage(api: HttpGroundApi, spacecraft: string): { readonly element: HTMLElement; readonly stop: () => void } {
  const box = h('div', { className: 'panel' }, h('p', { className: 'muted' }, 'predicting…'));
  const hours = h('select', { id: 'pass-hours' }, ...[6, 12, 24, 48].map((n) => h('option', { value: String(n), selected: n === 12 }, `${n} h`)));
  const load = async () => {
    const answer = await api.passes({ hours: Number(hours.value) });
    if (!answer.ok) return fill(box, h('p', { className: 'error' }, answer.error));
    const body = answer.value;
    if (body.relay) return fill(box, h('p', { id: 'pass-relay' }, `${spacecraft} is always in contact (a data relay, or the ground does not know its orbit).`));
    fill(
      box,
      h('p', { className: 'muted', id: 'pass-count' }, `${body.passes.length} passes from t=${body.fromS.toFixed(0)} s to t=${body.toS.toFixed(0)} s`),
      timeline(body),
      h(
        'table',
        {},
        h('thead', {}, h('tr', {}, ...['station', 'AOS t (s)', 'LOS t (s)', 'minutes'].map((title) => h('th', {}, title)))),
        h(
          'tbody',
          {},
          ...body.passes.map((pass) =>
            h(
              'tr',
              {},
              h('td', {}, pass.station),
              h('td', { className: 'num' }, pass.aosS.toFixed(0)),
              h('td', { className: 'num' }, pass.losS.toFixed(0)),
              h('td', { className: 'num' }, ((pass.losS - pass.aosS) / 60).toFixed(1)),
            ),
          ),
        ),
      ),
    );
  };
  hours.addEventListener('change', () => void load());
  void load();
  const element = h('section', {}, h('h2', {}, `Passes of ${spacecraft}`), h('div', { className: 'row' }, h('label', {}, 'Over the next', hours)), box);
  return { element, stop: () => {} };
}
