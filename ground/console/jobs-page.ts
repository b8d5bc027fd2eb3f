/**
 * The fleet's jobs (fleet-jobs.ts), then the jobs of one spacecraft: submit
 * one (the next id after the archive's highest, as `ground jobs submit`
 * does), the list with each job's state,
 * kind, result chunks and digest, refreshed every JOBS_REFRESH_MS; ask a
 * finished job's result down (get_result), and download a complete result
 * once its SHA-256, computed here in the browser, equals the digest the
 * spacecraft reported.
 */
import type { JobRecord } from '../api/contract.js';
import { roleAllows } from '../auth/roles.js';
import type { HttpGroundApi } from '../client/http-ground-api.js';
import type { ConsoleDictionary } from './dictionary.js';
import { fill, h, statusLine } from './dom.js';
import { fleetJobsSection } from './fleet-jobs.js';
import { downloadChecked } from './result-download.js';
import type { User } from './session.js';

export const JOBS_REFRESH_MS = 2000;

export function jobsPage(
  api: HttpGroundApi,
  dictionary: ConsoleDictionary,
  spacecraft: string,
  user: User,
): { readonly element: HTMLElement; readonly stop: () => void } {
  const mayCommand = roleAllows(user.role, 'operator');
  const body = h('tbody', { id: 'job-list' });
  const { element: message, say } = statusLine('job-message');
  let jobs: readonly JobRecord[] = [];

  const download = async (job: JobRecord) => {
    const result = await api.jobResult(job.jobId);
    if (!result.ok) return say(result.error, true);
    const saved = await downloadChecked(result.value.dataHex, result.value.digestHex, `job-${job.jobId}.bin`);
    say(`job ${job.jobId}: ${saved.message}`, !saved.ok);
  };

  const command = async (name: string, args: Record<string, unknown>) => {
    const sent = await api.sendCommand({ name, args });
    say(sent.ok ? `#${sent.value.command.id} ${name} queued` : sent.error, !sent.ok);
  };

  const render = () => {
    fill(
      body,
      ...[...jobs]
        .sort((a, b) => b.jobId - a.jobId)
        .map((job) =>
          h(
            'tr',
            { 'data-job': job.jobId, 'data-state': job.state, 'data-result': String(job.resultComplete) },
            h('td', { className: 'num' }, job.jobId),
            h('td', {}, job.kind ?? '?'),
            h('td', { className: `state-${job.state === 'done' ? 'completed' : job.state}` }, job.state),
            h('td', { className: 'num' }, `${job.chunksReceived}/${job.chunks ?? '?'}`),
            h('td', { className: 'stages digest' }, typeof job.summary?.digest === 'string' ? job.summary.digest : ''),
            h('td', {}, `t=${job.updatedTimeS.toFixed(0)} s`),
            h('td', { className: 'stages' }, job.detail ?? ''),
            h(
              'td',
              {},
              job.resultComplete ? h('button', { className: 'download', onclick: () => void download(job) }, 'Download') : null,
              mayCommand && job.state === 'done' && !job.resultComplete
                ? h('button', { className: 'fetch', onclick: () => void command('get_result', { jobId: job.jobId }) }, 'Ask for result')
                : null,
              mayCommand && (job.state === 'queued' || job.state === 'running')
                ? h('button', { className: 'cancel', onclick: () => void command('cancel_job', { jobId: job.jobId }) }, 'Cancel')
                : null,
            ),
          ),
        ),
    );
  };

  const refresh = async () => {
    const list = await api.jobs();
    if (!list.ok) return say(list.error, true);
    jobs = list.value.jobs;
    render();
  };

  const kind = h('select', { id: 'job-kind' }, ...dictionary.jobKinds.map((one) => h('option', { value: one }, one)));
  const size = h('input', { id: 'job-size', type: 'number', min: '1', max: '4096', value: '16' });
  const submit = mayCommand
    ? h(
        'div',
        { className: 'panel row' },
        h('label', {}, 'Kind', kind),
        h('label', {}, 'Size', size),
        h(
          'button',
          {
            id: 'submit-job',
            className: 'primary',
            onclick: () => {
              const jobId = Math.max(0, ...jobs.map((job) => job.jobId)) + 1;
              void command('submit_job', { jobId, kind: kind.value, size: Number(size.value) });
            },
          },
          'Submit job',
        ),
      )
    : null;
  void refresh();
  const timer = setInterval(() => void refresh(), JOBS_REFRESH_MS);
  const fleet = fleetJobsSection(api, dictionary, user);
  const element = h(
    'section',
    {},
    fleet.element,
    h('h2', {}, `Jobs of ${spacecraft} (on board)`),
    submit,
    message,
    h(
      'table',
      {},
      h('thead', {}, h('tr', {}, ...['job', 'kind', 'state', 'chunks', 'digest', 'updated', 'detail', ''].map((title) => h('th', {}, title)))),
      body,
    ),
  );
  return {
    element,
    stop: () => {
      clearInterval(timer);
      fleet.stop();
    },
  };
}
