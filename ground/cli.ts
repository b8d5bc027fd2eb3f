/**
 * The operator CLI: `npx ground <verb> ...`. Every verb has --help; expected
 * failures print one line on stderr and exit with a code from exit-codes.ts.
 */

import { CliError, EXIT } from './cli/exit-codes.js';
import { joinNegativeValues, parseErrorLine } from './cli/parse-errors.js';
import { decodeVerb } from './cli/decode.js';
import { dictionaryVerb } from './cli/dictionary.js';
import { encodeVerb } from './cli/encode.js';
import { serveVerb } from './server/serve.js';
import { archiveVerb } from './cli/archive.js';
import { eventsVerb } from './cli/events.js';
import { jobsVerb } from './cli/jobs.js';
import { passesVerb } from './cli/passes.js';
import { runVerb } from './cli/run.js';
import { sendVerb } from './cli/send.js';
import { statusVerb } from './cli/status.js';
import { tlmVerb } from './cli/tlm.js';
import { usersVerb } from './cli/users.js';
import { stationVerb } from './cli/station.js';

type Verb = (argv: readonly string[]) => number | Promise<number>;

const VERBS: Readonly<Record<string, { run: Verb; summary: string }>> = {
  encode: { run: encodeVerb, summary: 'build a signed telecommand and print its hex' },
  decode: { run: decodeVerb, summary: 'decode a packet given as hex and print it as JSON' },
  dictionary: { run: dictionaryVerb, summary: 'print the commands, telemetry and events (--json for tools)' },
  serve: { run: serveVerb, summary: 'run the ground server: space link, archive, operator API (HTTP and WebSocket)' },
  station: { run: stationVerb, summary: 'a ground station on the NATS bus: TM frames to the stream FRAMES, commands from tc.SCID' },
  send: { run: sendVerb, summary: 'send a telecommand through the ground server and follow it to completion' },
  tlm: { run: tlmVerb, summary: 'latest telemetry values with units and limits (--watch refreshes)' },
  events: { run: eventsVerb, summary: 'latest events (--follow for new ones, --severity S)' },
  jobs: { run: jobsVerb, summary: "accelerator jobs: submit, list, show, cancel, result (--fleet: the fleet's)" },
  archive: { run: archiveVerb, summary: 'query archived telemetry, events or commands (--csv, --json)' },
  run: { run: runVerb, summary: 'run an operator procedure file' },
  passes: { run: passesVerb, summary: 'predicted passes of the fleet over the ground stations (AOS, LOS, max elevation)' },
  status: { run: statusVerb, summary: 'link, contact, last telemetry, pending commands' },
  users: { run: usersVerb, summary: "the ground server's users, roles and tokens: add, list, remove, rotate" },
};

const HELP = `Usage: ground <verb> [arguments] [--help]

Verbs:
${Object.entries(VERBS)
  .map(([name, verb]) => `  ${name.padEnd(12)}${verb.summary}`)
  .join('\n')}

Exit codes: 0 ok, 1 failed outcome (rejected packet, failed command, a
role that does not allow it), 2 bad usage, 3 environment not ready (key
file, server, token).`;

async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${HELP}\n`);
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const verb = VERBS[name];
  if (!verb) {
    process.stderr.write(`ground: unknown verb "${name}"\n\n${HELP}\n`);
    return EXIT.usage;
  }
  try {
    return await verb.run(joinNegativeValues(rest));
  } catch (error) {
    if (error instanceof CliError) {
      process.stderr.write(`ground ${name}: ${error.message}\n`);
      return error.exitCode;
    }
    // parseArgs reports unknown or malformed options as TypeErrors with a code.
    const parseError = parseErrorLine(error);
    if (parseError !== null) {
      process.stderr.write(`ground ${name}: ${parseError} (see: ground ${name} --help)\n`);
      return EXIT.usage;
    }
    throw error;
  }
}

process.exitCode = await main(process.argv.slice(2));
