/**
 * The operator's web console (served by `ground serve` at /): sign in, then
 * the pages by the address's hash: #/fleet (the overview), and #/telemetry,
 * #/commands, #/events, #/jobs, #/passes and #/alarms of the spacecraft
 * chosen in the header. The header always
 * shows who is signed in and with which role, and whether the live stream
 * is connected. It reads and commands only through the HTTP API and the
 * live stream, with the session cookie.
 */
import { HttpGroundApi } from '../client/http-ground-api.js';
import { alarmsPage } from './alarms-page.js';
import { commandsPage } from './commands-page.js';
import { loadDictionary, type ConsoleDictionary } from './dictionary.js';
import { fill, h } from './dom.js';
import { eventsPage } from './events-page.js';
import { fleetPage } from './fleet-page.js';
import { jobsPage } from './jobs-page.js';
import { passesPage } from './passes-page.js';
import { LiveStream } from './live.js';
import { currentUser, loginForm, logout, type User } from './session.js';
import { telemetryPage } from './telemetry-page.js';

/** Alarm messages within this of the first are counted together. */
const ALARM_COUNT_COALESCE_MS = 200;

const PAGES = ['fleet', 'telemetry', 'commands', 'events', 'jobs', 'passes', 'alarms'] as const;
type Page = (typeof PAGES)[number];

const header = document.getElementById('header')!;
const main = document.getElementById('main')!;

function route(): { page: Page; sc: string | null } {
  const [path, query] = location.hash.replace(/^#\/?/, '').split('?');
  const page = (PAGES as readonly string[]).includes(path ?? '') ? (path as Page) : 'fleet';
  return { page, sc: new URLSearchParams(query ?? '').get('sc') };
}

/** A header count: its text, red while any is open, the number in data-open. */
function showCount(element: HTMLElement, open: number, text: string): void {
  element.textContent = text;
  element.className = open > 0 ? 'alarm-count active' : 'alarm-count';
  element.dataset.open = String(open);
}

async function start(): Promise<void> {
  let user = await currentUser();
  if (!user) {
    fill(header, h('span', { className: 'title' }, 'Orbital ground'));
    const login = loginForm();
    fill(main, login.element);
    user = await login.signedIn;
  }
  const dictionary = await loadDictionary();
  const names = await spacecraftNames();
  run(user, dictionary, names);
}

async function spacecraftNames(): Promise<string[]> {
  const fleet = await new HttpGroundApi(location.origin).fleet();
  return fleet.ok ? fleet.value.spacecraft.map((member) => member.name) : [];
}

function run(user: User, dictionary: ConsoleDictionary, names: readonly string[]): void {
  const live = new LiveStream();
  const link = h('span', { id: 'stream-state', className: 'muted' }, 'connecting…');
  live.onState((connected) => {
    link.textContent = connected ? 'live' : 'stream lost: reconnecting…';
    link.className = connected ? 'state-completed' : 'error';
  });
  let current: { readonly element: HTMLElement; readonly stop: () => void } | null = null;
  let spacecraftNow = names[0] ?? '';
  const alarmCount = h('a', { id: 'alarm-count', className: 'alarm-count', title: 'open alarms (not acknowledged, not shelved)' }, '0 alarms');
  const fleetAlarmCount = h('a', { id: 'fleet-alarm-count', href: '#/fleet', className: 'alarm-count', title: 'open alarms of the whole fleet' }, '');
  const countAlarms = async () => {
    const [answer, fleet] = await Promise.all([
      new HttpGroundApi(location.origin, null, spacecraftNow).alarms(),
      names.length > 1 ? new HttpGroundApi(location.origin).fleet() : null,
    ]);
    if (answer.ok) showCount(alarmCount, answer.value.open, `${answer.value.open} alarm${answer.value.open === 1 ? '' : 's'}`);
    if (fleet?.ok) {
      const open = fleet.value.spacecraft.reduce((sum, member) => sum + member.openAlarms, 0);
      showCount(fleetAlarmCount, open, `fleet ${open}`);
    }
  };
  // alarms change in bursts (a packet with several fields out of limits): count once per burst
  let countSoon: ReturnType<typeof setTimeout> | null = null;
  live.on((message) => {
    if (message.type !== 'alarm' || countSoon !== null) return;
    countSoon = setTimeout(() => {
      countSoon = null;
      void countAlarms();
    }, ALARM_COUNT_COALESCE_MS);
  });
  const show = () => {
    current?.stop();
    const { page, sc } = route();
    const spacecraft = sc && names.includes(sc) ? sc : (names[0] ?? '');
    spacecraftNow = spacecraft;
    alarmCount.setAttribute('href', `#/alarms?sc=${encodeURIComponent(spacecraft)}`);
    void countAlarms();
    const api = new HttpGroundApi(location.origin, null, spacecraft);
    const picker = h(
      'select',
      {
        id: 'spacecraft-picker',
        onchange: (event: Event) => {
          location.hash = `#/${page}?sc=${encodeURIComponent((event.target as HTMLSelectElement).value)}`;
        },
      },
      ...names.map((name) => h('option', { value: name, selected: name === spacecraft }, name)),
    );
    fill(
      header,
      h('span', { className: 'title' }, 'Orbital ground'),
      h('nav', {}, ...PAGES.map((name) => h('a', { href: `#/${name}?sc=${encodeURIComponent(spacecraft)}`, className: name === page ? 'current' : '' }, name))),
      names.length > 1 ? picker : h('span', {}, spacecraft),
      link,
      alarmCount,
      names.length > 1 ? fleetAlarmCount : null,
      h('span', { className: 'user', id: 'user' }, `${user.name} (${user.role})`),
      h(
        'button',
        {
          id: 'logout',
          onclick: async () => {
            await logout();
            location.reload();
          },
        },
        'Sign out',
      ),
    );
    const pages: Readonly<Record<Page, () => { readonly element: HTMLElement; readonly stop: () => void }>> = {
      fleet: () => fleetPage(api),
      telemetry: () => telemetryPage(api, dictionary, live, spacecraft),
      commands: () => commandsPage(api, dictionary, live, spacecraft, user),
      events: () => eventsPage(api, live, spacecraft),
      jobs: () => jobsPage(api, dictionary, spacecraft, user),
      passes: () => passesPage(api, spacecraft),
      alarms: () => alarmsPage(api, live, spacecraft, user),
    };
    current = pages[page]();
    fill(main, current.element);
  };
  window.addEventListener('hashchange', show);
  show();
}

start().catch((error: unknown) => fill(main, h('p', { className: 'error' }, `the console could not start: ${(error as Error).message}`)));
