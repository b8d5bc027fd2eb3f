/**
 * Hardware in the loop with a fleet: `hil --fleet walker:1/2` runs a
 * simulator, a relay and a flight software for each spacecraft and one
 * ground for both, every port free; both spacecraft's telemetry reaches the
 * ground (demultiplexed by spacecraft id) and a noop sent to each by name
 * completes. At --speed max over the data relay, in well under a minute.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { StatusResponse } from '../../ground/api/contract.js';
import { runBin } from '../helpers/cli.js';
import { startBin, type RunningProcess } from '../helpers/processes.js';
import { api, until } from './harness.js';

const started: RunningProcess[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((p) => p.stop('SIGKILL')));
});

const FREE_PORTS = ['--hw-port', '--control-port', '--fsw-tc-port', '--relay-downlink-port', '--tm-port', '--relay-uplink-port', '--api-port'].flatMap(
  (option) => [option, '0'],
);
const NAMES = ['walker-1-1', 'walker-1-2'];

describe('hil: a fleet', () => {
  it("walker:1/2 at --speed max: both spacecraft's telemetry reaches the one ground, and a noop sent to each by name completes", {
    timeout: 90_000,
  }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hil-fleet-'));
    const keyFile = join(dir, 'keys.json');
    const hil = startBin('hil', [
      '--fleet',
      'walker:1/2',
      '--speed',
      'max',
      '--link',
      'relay',
      '--link-loss',
      '0',
      '--dir',
      dir,
      '--key-file',
      keyFile,
      '--retransmit-after-s',
      '2',
      ...FREE_PORTS,
    ]);
    started.push(hil);
    const [, url] = await hil.waitFor(
      /hil: up at speed max, link relay, fleet walker:1\/2 \(2 spacecraft\): ground tm udp \d+, api (http:\/\/[\d.:]+), pid \d+; walker-1-1 \(id 1\): sim-hw tcp:\/\/[\d.:]+ \(control \d+\), fsw tc udp \d+, relay up \d+->\d+ down \d+->\d+, pids sim-hw \d+ relay \d+ fsw \d+; walker-1-2 \(id 2\): /,
      60_000,
    );
    expect(hil.output()).toMatch(/hil: next, in another terminal: ORBITAL_KEY_FILE=\S+ ORBITAL_GROUND_URL=\S+ npx ground send noop --sc walker-1-1 /);
    const ground = { url: url!, token: readFileSync(join(dir, 'ground-token'), 'utf8').trim() };
    for (const name of NAMES) {
      const status = await until(
        `telemetry of ${name} on the ground`,
        async () => {
          const answer = await api<StatusResponse>(ground, `/api/status?sc=${name}`);
          return answer.status === 200 && answer.body.link.packetsReceived > 0 ? answer.body : null;
        },
        30_000,
      );
      expect(status.link.packetsReceived).toBeGreaterThan(0);
    }
    const env = { ORBITAL_KEY_FILE: keyFile, ORBITAL_GROUND_URL: url! };
    const sent = await Promise.all(NAMES.map((name) => runBin('ground', ['send', 'noop', '--sc', name, '--timeout', '30'], { env })));
    for (const run of sent) {
      expect(run.code, `${run.stdout}${run.stderr}`).toBe(0);
      expect(run.stdout).toMatch(/completed/);
    }
    // Each spacecraft its own NVM image; one archive file per spacecraft in the ground's folder.
    for (const name of NAMES) expect(existsSync(join(dir, name, 'fsw-nvm.bin'))).toBe(true);
    expect(await hil.stop('SIGTERM')).toBe(0);
    expect(hil.output()).toMatch(/hil: stopped; every process has ended/);
    for (const name of NAMES) expect(existsSync(join(dir, 'ground-archive', `${name}.sqlite`))).toBe(true);
  });
});
