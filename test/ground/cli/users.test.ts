/**
 * `ground users` edits the users file a running server reads, and the CLI
 * finds its token as a newcomer's would: the token file, the environment,
 * --token-file; without one, a 401 that says where it looked.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EventList, StatusResponse } from '../../../ground/api/contract.js';
import { runBin } from '../../helpers/cli.js';
import { api, until, type Harness } from '../server/harness.js';
import { harnesses } from './harnesses.js';

const start = harnesses();
const usersFile = (harness: Harness) => join(harness.dir, 'users.json');
const users = (harness: Harness, args: readonly string[]) => runBin('ground', ['users', ...args, '--users-file', usersFile(harness)]);

describe('ground users', () => {
  it('adds a user, printing only its new token; the file keeps only a hash, mode 0600; the running server takes it up and reports it', async () => {
    const harness = await start();
    const added = await users(harness, ['add', 'alice', '--role', 'operator']);
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toMatch(/^ogt_[A-Za-z0-9_-]{43}\n$/);
    expect(added.stderr).toMatch(/added alice \(operator\) to .*users\.json; the token above is shown only this once/);
    const token = added.stdout.trim();
    const file = readFileSync(usersFile(harness), 'utf8');
    expect(file).not.toContain(token);
    expect(statSync(usersFile(harness)).mode & 0o777).toBe(0o600);
    const alice = { url: harness.url, token };
    await until('the server to know alice', async () => (await api(alice, '/api/status')).status === 200, 5000);
    expect((await api(alice, '/api/commands', { name: 'noop' })).status).toBe(202);
    const events = (await api<EventList>(harness, '/api/events')).body.events;
    expect(events).toContainEqual(expect.objectContaining({ name: 'user_added', source: 'ground', message: 'user alice added as operator by the users file' }));

    const listed = await users(harness, ['list', '--json']);
    expect(JSON.parse(listed.stdout).users.map((user: { name: string; role: string }) => [user.name, user.role])).toEqual([
      ['local', 'flight-director'],
      ['alice', 'operator'],
    ]);
    expect(listed.stdout).not.toMatch(/ogt_|tokenSha256/);
  });

  it('rotates a token (the token file follows its user) and removes a user; the old tokens stop working', async () => {
    const harness = await start();
    const rotated = await users(harness, ['rotate', 'local', '--json']);
    expect(rotated.code, rotated.stderr).toBe(0);
    const { name, role, token } = JSON.parse(rotated.stdout) as { name: string; role: string; token: string };
    expect([name, role]).toEqual(['local', 'flight-director']);
    expect(readFileSync(join(harness.dir, 'ground-token'), 'utf8').trim()).toBe(token);
    await until('the old token to stop working', async () => (await api(harness, '/api/status')).status === 401, 5000);
    expect((await api({ url: harness.url, token }, '/api/status')).status).toBe(200);

    const bob = (await users(harness, ['add', 'bob', '--role', 'viewer'])).stdout.trim();
    await until('bob to work', async () => (await api({ url: harness.url, token: bob }, '/api/status')).status === 200, 5000);
    expect((await users(harness, ['remove', 'bob'])).code).toBe(0);
    await until('bob to stop working', async () => (await api({ url: harness.url, token: bob }, '/api/status')).status === 401, 5000);
  });

  it('refuses a missing role, an unknown role, an existing or unknown user with exit 2, changing nothing', async () => {
    const harness = await start();
    const before = readFileSync(usersFile(harness), 'utf8');
    for (const [args, message] of [
      [['add', 'carol'], /users add needs --role viewer\|operator\|flight-director/],
      [['add', 'carol', '--role', 'admin'], /\(not "admin"\)/],
      [['add', 'local', '--role', 'viewer'], /the user local exists already/],
      [['add', 'no spaces', '--role', 'viewer'], /user name "no spaces" must be/],
      [['remove', 'nobody'], /there is no user nobody/],
      [['frobnicate'], /users needs add, list, remove or rotate/],
    ] as const) {
      const run = await users(harness, args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(run.stdout).toBe('');
    }
    expect(readFileSync(usersFile(harness), 'utf8')).toBe(before);
  });
});

describe('the CLI and its token', () => {
  it('finds the token beside the key file by default, or in $ORBITAL_GROUND_TOKEN, or --token-file', async () => {
    const harness = await start();
    const env = { ORBITAL_KEY_FILE: harness.options.keyFile };
    const byDefault = await runBin('ground', ['status', '--json', '--server', harness.url], { env });
    expect(byDefault.code, byDefault.stderr).toBe(0);
    expect((JSON.parse(byDefault.stdout) as StatusResponse).auth?.users).toBe(1);
    const byEnv = await runBin('ground', ['status', '--server', harness.url], {
      env: { ORBITAL_KEY_FILE: '/nonexistent/keys.json', ORBITAL_GROUND_TOKEN: harness.token },
    });
    expect(byEnv.stdout).toMatch(/\nyou {8}local \(flight-director\)\n$/);
    const byFile = await runBin('ground', ['status', '--server', harness.url, '--token-file', join(harness.dir, 'ground-token')], {
      env: { ORBITAL_KEY_FILE: '/nonexistent/keys.json' },
    });
    expect(byFile.code).toBe(0);
  });

  it('without a token, or with a wrong one, exits 3 saying where it looked and how to get one; a role too low exits 1', async () => {
    const harness = await start();
    const none = await runBin('ground', ['send', 'noop', '--server', harness.url], {
      env: { ORBITAL_KEY_FILE: '/nonexistent/keys.json', ORBITAL_GROUND_TOKEN: '' },
    });
    expect(none.code).toBe(3);
    expect(none.stderr).toMatch(
      /ground send: this ground server needs a token.* \(token: no --token-file, no \$ORBITAL_GROUND_TOKEN, no \/nonexistent\/ground-token; .*npx ground users add NAME --role operator/,
    );
    const missingFile = await runBin('ground', ['status', '--server', harness.url, '--token-file', join(harness.dir, 'nope')]);
    expect(missingFile.code).toBe(3);
    expect(missingFile.stderr).toMatch(/token file .*nope does not exist/);
    const viewer = (await users(harness, ['add', 'vic', '--role', 'viewer'])).stdout.trim();
    await until('vic to work', async () => (await api({ url: harness.url, token: viewer }, '/api/status')).status === 200, 5000);
    const refused = await runBin('ground', ['send', 'noop', '--server', harness.url], { env: { ORBITAL_GROUND_TOKEN: viewer } });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/POST \/api\/commands needs the role operator; vic is viewer/);
    expect(harness.fake.arrived).toHaveLength(0);
  });
});
