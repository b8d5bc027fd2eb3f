/**
 * The command line before and after node:util's parseArgs: a negative
 * number after an option is that option's value (`--at -5`, `--from -600`),
 * and parseArgs's own errors are said again in one line of our words.
 */

/** `--name -5` becomes `--name=-5`: parseArgs would otherwise take "-5" for options. */
export function joinNegativeValues(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!;
    const next = argv[i + 1];
    if (word.startsWith('--') && !word.includes('=') && next !== undefined && /^-\d/.test(next)) {
      out.push(`${word}=${next}`);
      i++;
    } else out.push(word);
  }
  return out;
}

/** One line for a parseArgs error (its code starts with ERR_PARSE_ARGS), or null for any other error. */
export function parseErrorLine(error: unknown): string | null {
  const code = (error as NodeJS.ErrnoException).code;
  if (typeof code !== 'string' || !code.startsWith('ERR_PARSE_ARGS')) return null;
  const message = (error as Error).message;
  const quoted = /'([^']+)'/.exec(message)?.[1] ?? '';
  const option = quoted.split(/\s/)[0] ?? quoted;
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${option}`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument ${option}`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return /does not take an argument/.test(message) ? `${option} takes no value` : `${option} needs a value`;
    default:
      return message.split('\n')[0]!;
  }
}
