/**
 * The fleet's jobs (ground/fleet/, the ground's broker places them): submit
 * one with no spacecraft named, the newest FLEET_JOBS_SHOWN with their state
 * and each placement (spacecraft, on-board id, why there, how far it got,
 * the station that brought the result home), refreshed every
 * FLEET_JOBS_REFRESH_MS; download an accepted result once its SHA-256
 * computed in the browser equals the agreed digest; cancel an open job.
 */
import type { FleetJobRecord, FleetRunRecord } from '../api/contract.js';
import { roleAllows } from '../auth/roles.js';
import type { HttpGroundApi } from '../client/http-ground-api.js';
import type { ConsoleDictionary } from './dictionary.js';
import { fill, h, statusLine } from './dom.js';
import { downloadChecked } from './result-download.js';
import type { User } from './session.js';

export const FLEET_JOBS_REFRESH_MS = 2000;
export const FLEET_JOBS_SHOWN = 200;

const STATE_CLASS: Readonly<Record<FleetJobRecord['state'], string>> = {
  queued: 'state-queued',
  placed: 'state-started',
  done: 'state-completed',
  failed: 'state-failed',
};

function placement(run: FleetRunRecord): HTMLElement {
  const home = run.homeStation ? `, home via ${run.homeStation}` : '';
  return h(
    'div',
    { className: 'run', 'data-spacecraft': run.spacecraft, 'data-run-state': run.state, title: run.because },
    `${run.spacecraft} #${run.boardJobId}: ${run.state}${home}`,
    h('span', { className: 'stages' }, ` · placed t=${run.placedS.toFixed(0)} s: ${run.because}${run.detail ? ` (${run.detail})` : ''}`),
  );
}

export function fleetJobsSection(api: HttpGroundApi, dictionary: ConsoleDictionary, user: User): { readonly element: HTMLElement; readonly stop: () => void } {
  const mayCommand = roleAllows(user.role, 'operator');
  const body = h('tbody', { id: 'fleet-job-list' });
  const counts = h('p', { id: 'fleet-job-counts', className: 'muted' });
  const { element: message, say } = statusLine('fleet-job-message');

  const download = async (job: FleetJobRecord) => {
    const result = await api.fleetJobResult(job.id);
    if (!result.ok) return say(result.error, true);
    // checked against the digest the runs agreed on (the job's), not only the one spacecraft's the bytes come from
    const agreed = job.digestHex ?? result.value.digestHex;
    const saved = await downloadChecked(result.value.dataHex, agreed, `fleet-job-${job.id}.bin`);
    say(`fleet job ${job.id} (from ${result.value.spacecraft} #${result.value.boardJobId}): ${saved.message}`, !saved.ok);
  };
  const cancel = async (job: FleetJobRecord) => {
    const answer = await api.cancelFleetJob(job.id);
    say(answer.ok ? `fleet job ${job.id} cancelled` : answer.error, !answer.ok);
    await refresh();
  };

  const row = (job: FleetJobRecord) =>
    h(
      'tr',
      { 'data-fleet-job': job.id, 'data-state': job.state },
      h('td', { className: 'num' }, job.id),
      h('td', {}, `${job.kind} ${job.size}`),
      h('td', { className: 'num' }, job.priority),
      h('td', { className: STATE_CLASS[job.state], title: job.reason }, job.state, job.reason ? h('div', { className: 'stages' }, job.reason) : null),
      h('td', {}, ...job.runs.map(placement)),
      h('td', { className: 'stages digest' }, job.digestHex ?? ''),
      h('td', { className: 'stages' }, `t=${job.submittedS.toFixed(0)} s by ${job.submittedBy}`),
      h(
        'td',
        {},
        job.state === 'done' ? h('button', { className: 'download', onclick: () => void download(job) }, 'Download') : null,
        mayCommand && (job.state === 'queued' || job.state === 'placed')
          ? h('button', { className: 'cancel', onclick: () => void cancel(job) }, 'Cancel')
          : null,
      ),
    );

  const refresh = async () => {
    const list = await api.fleetJobs({ newest: true, limit: FLEET_JOBS_SHOWN });
    if (!list.ok) return say(list.error, true);
    const { submitted = 0, done = 0, failed = 0, open = 0 } = list.value.counts;
    counts.textContent = `${submitted} submitted, ${open} open, ${done} done, ${failed} failed${list.value.missionTimeS === null ? '' : ` · fleet time t=${list.value.missionTimeS.toFixed(0)} s`}`;
    fill(body, ...list.value.jobs.map(row));
  };

  const kind = h('select', { id: 'fleet-job-kind' }, ...dictionary.jobKinds.map((one) => h('option', { value: one }, one)));
  const size = h('input', { id: 'fleet-job-size', type: 'number', min: '1', max: '4096', value: '16' });
  const priority = h('input', { id: 'fleet-job-priority', type: 'number', min: '0', max: '9', value: '5' });
  const redundant = h('select', { id: 'fleet-job-redundant' }, h('option', { value: '1' }, 'once'), h('option', { value: '2' }, 'twice, digests agree'));
  const submit = async () => {
    const answer = await api.submitFleetJob({
      kind: kind.value,
      size: Number(size.value),
      priority: Number(priority.value),
      redundant: Number(redundant.value),
    });
    say(answer.ok ? `fleet job ${answer.value.job.id} submitted: ${answer.value.job.reason || answer.value.job.state}` : answer.error, !answer.ok);
    await refresh();
  };
  const form = mayCommand
    ? h(
        'div',
        { className: 'panel row' },
        h('label', {}, 'Kind', kind),
        h('label', {}, 'Size', size),
        h('label', {}, 'Priority', priority),
        h('label', {}, 'Run', redundant),
        h('button', { id: 'submit-fleet-job', className: 'primary', onclick: () => void submit() }, 'Submit to the fleet'),
      )
    : null;
  void refresh();
  const timer = setInterval(() => void refresh(), FLEET_JOBS_REFRESH_MS);
  const element = h(
    'section',
    { id: 'fleet-jobs' },
    h('h2', {}, 'Fleet jobs (placed by the ground)'),
    form,
    counts,
    message,
    h(
      'table',
      {},
      h('thead', {}, h('tr', {}, ...['job', 'what', 'priority', 'state', 'placements', 'digest', 'submitted', ''].map((title) => h('th', {}, title)))),
      body,
    ),
  );
  return { element, stop: () => clearInterval(timer) };
}
