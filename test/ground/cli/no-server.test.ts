/** The operator CLI when no ground server runs: every verb says how to start one; --help needs none. */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runBin } from '../../helpers/cli.js';

/** A loopback port nothing listens on: bound, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('ground CLI without a server', () => {
  it('says how to start the server, with exit 3, for every verb that needs one', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    for (const args of [['status'], ['send', 'noop'], ['tlm'], ['events'], ['jobs', 'list'], ['archive', 'events'], ['run', join(ROOT, 'docs/procedures/checkout.proc')]]) {
      const run = await runBin('ground', args, { env: { ORBITAL_GROUND_URL: url } });
      expect(run.code, args.join(' ')).toBe(3);
      expect(run.stderr).toMatch(/no ground server answers at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\): start it with `npx ground serve`/);
    }
  });

  it('every verb answers --help with its usage and exit 0', async () => {
    for (const verb of ['send', 'tlm', 'events', 'jobs', 'archive', 'run', 'status']) {
      const run = await runBin('ground', [verb, '--help']);
      expect(run.code, verb).toBe(0);
      expect(run.stdout).toMatch(new RegExp(`^Usage: ground ${verb}`));
      expect(run.stdout).toMatch(/Exit codes:/);
    }
  });
});
