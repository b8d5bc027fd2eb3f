/**
 * `npx sim-hw <verb>`: the simulated spacecraft's process.
 *   serve   the hardware-in-the-loop server (time master)
 *   orbit   orbit figures, eclipses and contact windows, for planning
 *   relay   the space link between ground and flight software (hardware in the loop)
 *   inject  a fault into a running simulator, through its control port
 *   status  a running simulator's state, through its control port
 */

import { injectVerb, statusVerb } from './cli/control.js';
import { orbitVerb } from './cli/orbit.js';
import { relayVerb } from './cli/relay.js';
import { serveVerb } from './cli/serve.js';

type Verb = (argv: readonly string[]) => number | Promise<number>;

const VERBS: Readonly<Record<string, { run: Verb; summary: string }>> = {
  serve: { run: serveVerb, summary: 'the hardware-in-the-loop server (time master)' },
  orbit: { run: orbitVerb, summary: 'period, eclipse, next eclipses and contact windows' },
  relay: { run: relayVerb, summary: 'the space link between ground and flight software (hardware in the loop)' },
  inject: { run: injectVerb, summary: 'inject a fault into a running simulator now: inject KIND [name=value ...]' },
  status: { run: statusVerb, summary: "a running simulator's state (mission time, boots, faults, counters)" },
};

const HELP = `Usage: sim-hw <verb> [options] [--help]

Verbs:
${Object.entries(VERBS)
  .map(([name, verb]) => `  ${name.padEnd(8)}${verb.summary}`)
  .join('\n')}`;

async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${HELP}\n`);
    return name === undefined ? 2 : 0;
  }
  const verb = VERBS[name];
  if (!verb) {
    process.stderr.write(`sim-hw: unknown verb "${name}"\n\n${HELP}\n`);
    return 2;
  }
  try {
    return await verb.run(rest);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`sim-hw ${name}: ${(error as Error).message.replace(/\s*\n\s*/g, ' ')} (see: sim-hw ${name} --help)\n`);
      return 2;
    }
    throw error;
  }
}

process.exitCode = await main(process.argv.slice(2));
