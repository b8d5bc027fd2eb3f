import { parseArgs } from 'node:util';
import { checkCommand } from '../client/command-request.js';
import { SERVER_HELP, SERVER_OPTIONS, connect, unwrap } from './api-option.js';
import { DEFAULT_WAIT_S, runCommand } from './command-run.js';
import { EXIT, usageError } from './exit-codes.js';
import { parseTimeSpec, resolveTime } from './mission-time.js';
import { positiveSeconds } from './numbers.js';

export const SEND_HELP = `Usage: ground send <command> [name=value ...] [options]

Sends one telecommand through the ground server and follows it: queued,
sent, accepted, started, completed (or rejected/failed with the reason).
The command and its arguments are checked against the dictionary first
(see: ground dictionary); a bad one never reaches the server. The server
signs it and retransmits it until the spacecraft acknowledges it.

Options:
  --at TIME      time-tag it: release on board at TIME, given as mission
                 seconds (1234.5), an ISO time (2026-01-01T00:20:00Z, converted
                 with the mission epoch) or +S (S seconds after the latest telemetry)
  --confirm      required for a hazardous command (the server sends arm first)
  --no-wait      return once the command is queued
  --timeout S    stop waiting after S seconds (default ${DEFAULT_WAIT_S}); the server keeps the command
${SERVER_HELP}

Exit codes: 0 completed (or queued, with --no-wait); 1 rejected, failed,
timed out or still pending at --timeout; 2 unknown command, bad argument,
hazardous without --confirm; 3 no server, or the server is not ready.

Examples:
  ground send noop
  ground send set_mode mode=NOMINAL --at +60
  ground send reset_computer --confirm`;

export async function sendVerb(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: { ...SERVER_OPTIONS, at: { type: 'string' }, confirm: { type: 'boolean' }, 'no-wait': { type: 'boolean' }, timeout: { type: 'string' } },
  });
  if (values.help) {
    process.stdout.write(`${SEND_HELP}\n`);
    return EXIT.ok;
  }
  const [name, ...words] = positionals;
  if (!name) throw usageError('send needs a command name (see: ground dictionary)');
  const timeoutS = positiveSeconds('--timeout', values.timeout, DEFAULT_WAIT_S);
  const at = values.at === undefined ? undefined : parseTimeSpec(values.at);
  if (at && !at.ok) throw usageError(`--at: ${at.error}`);
  if (at?.ok && 'afterLatestS' in at.value && at.value.afterLatestS <= 0)
    throw usageError(`--at ${values.at}: a command is released ahead, not in the past: give +S (seconds after the latest telemetry) or a mission time`);
  // Everything local is checked before the server is asked anything.
  const checked = checkCommand(name, words, { confirm: values.confirm === true, timeTagged: at !== undefined });
  if (!checked.ok) throw usageError(checked.error);

  const api = connect(values);
  let request = checked.value.request;
  if (at) {
    const atS = await resolveTime(at.value, async () => unwrap(await api.status()).link.lastTelemetryTimeS);
    if (!atS.ok) throw usageError(`--at: ${atS.error}`);
    request = { ...request, atS: atS.value };
  }
  await runCommand(api, request, { wait: !values['no-wait'], json: values.json === true, timeoutS });
  return EXIT.ok;
}
