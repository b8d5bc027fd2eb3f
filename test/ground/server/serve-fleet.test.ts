/** `ground serve --fleet SPEC` as a process: what it serves, where it archives, and what it refuses. */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readKeyFile } from '../../../protocol/index.js';
import type { FleetResponse } from '../../../ground/api/contract.js';
import { runBin } from '../../helpers/cli.js';
import { startBin, type RunningProcess } from '../../helpers/processes.js';
import { api } from './harness.js';

const started: RunningProcess[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((process) => process.stop()));
});

describe('ground serve --fleet', () => {
  it('serves every member with its uplink, an archive file each in the archive folder and keys for each in the key file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'serve-fleet-'));
    const keyFile = join(dir, 'keys.json');
    const archive = join(dir, 'archives');
    const server = startBin('ground', [
      'serve',
      '--fleet',
      'walker:1/2',
      '--link',
      'relay',
      '--tm-port',
      '0',
      '--api-port',
      '0',
      '--tc-to',
      'walker-1-2=127.0.0.1:6002',
      '--archive',
      archive,
      '--key-file',
      keyFile,
    ]);
    started.push(server);
    const [line, apiPort] = await server.waitFor(/api http:\/\/127\.0\.0\.1:(\d+) tm udp .*/);
    expect(line).toContain('tc -> walker-1-1=127.0.0.1:10017 walker-1-2=127.0.0.1:6002');
    expect(line).toContain('(fleet walker:1/2: 2 spacecraft, link relay)');
    expect(existsSync(join(archive, 'walker-1-1.sqlite')) && existsSync(join(archive, 'walker-1-2.sqlite'))).toBe(true);
    expect([1, 2].map((id) => readKeyFile(keyFile, id).ok)).toEqual([true, true]);
    const token = readFileSync(join(dir, 'ground-token'), 'utf8').trim();
    const fleet = (await api<FleetResponse>({ url: `http://127.0.0.1:${apiPort}`, token }, '/api/fleet')).body;
    expect(fleet.spacecraft.map((sc) => [sc.name, sc.spacecraftId, sc.uplink.contact])).toEqual([
      ['walker-1-1', 1, 'relay'],
      ['walker-1-2', 2, 'relay'],
    ]);
  });

  it('refuses with one line and exit 2 what a fleet ground cannot take', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'serve-fleet-bad-'));
    const file = join(dir, 'a-file');
    writeFileSync(file, '');
    const base = ['serve', '--tm-port', '0', '--api-port', '0', '--key-file', join(dir, 'keys.json')];
    const cases: [string[], string][] = [
      [['--fleet', 'walker:1/2', '--tc-to', '127.0.0.1:5000', '--archive', dir], 'with --fleet, name the spacecraft: --tc-to NAME=HOST:PORT'],
      [['--fleet', 'walker:1/2', '--tc-to', 'sat-9=127.0.0.1:5000', '--archive', dir], 'no spacecraft sat-9 in the fleet (walker-1-1, walker-1-2)'],
      [['--fleet', 'walker:1/2', '--tc-to', 'walker-1-1=nowhere', '--archive', dir], '"nowhere" is not HOST:PORT'],
      [['--fleet', 'walker:1/2', '--spacecraft-id', '5'], '--spacecraft-id is for one spacecraft'],
      [['--fleet', 'walker:1/2', '--link', 'moon', '--archive', dir], '--link moon is not station or relay'],
      [['--link', 'relay'], '--link is for a fleet ground (--fleet SPEC)'],
      [['--tc-to', '127.0.0.1:1', '--tc-to', '127.0.0.1:2'], '--tc-to is given more than once'],
      [['--fleet', 'walker:1/2', '--archive', file], 'with --fleet, the archive is a folder'],
      [['--fleet', 'walker:0/2'], 'planes and members per plane must be >= 1'],
    ];
    for (const [args, message] of cases) {
      const run = await runBin('ground', [...base, ...args]);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr, args.join(' ')).toContain(message);
      expect(run.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
    }
    expect(existsSync(join(dir, 'keys.json'))).toBe(false);
  });
});
