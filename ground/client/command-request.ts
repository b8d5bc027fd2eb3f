/**
 * A command as the operator typed it ("name", "arg=value" words), checked
 * against the dictionary before anything reaches the server: unknown command
 * (with a suggestion), bad or missing argument, schema violation, hazardous
 * without confirmation. The send verb, the jobs verb and procedures share it.
 */
import type { SendCommandRequest } from '../api/contract.js';
import { accept, describeErrors, fail, missionDictionary, suggest, type CommandEntry, type Outcome } from '../../protocol/index.js';
import { parseCommandArgs } from '../commanding/parse-args.js';

export interface CommandOptions {
  readonly confirm?: boolean;
  /** It will be time-tagged (the caller adds atS once the time is known). */
  readonly timeTagged?: boolean;
}

export interface CheckedCommand {
  readonly entry: CommandEntry;
  readonly request: SendCommandRequest;
}

export function checkCommand(name: string, words: readonly string[], options: CommandOptions = {}): Outcome<CheckedCommand> {
  const dictionary = missionDictionary();
  const entry = dictionary.command(name);
  if (!entry) return fail(`unknown command "${name}"${suggest(dictionary, name)} (see: ground dictionary)`);
  const args = parseCommandArgs(entry, words);
  if (!args.ok) return args;
  return checkArgs(entry, args.value, options);
}

/** The same checks for arguments already typed (the jobs verb builds them itself). */
export function checkArgs(entry: CommandEntry, args: Record<string, unknown>, options: CommandOptions = {}): Outcome<CheckedCommand> {
  const validate = missionDictionary().validator(entry);
  if (!validate(args)) return fail(`${entry.def.name}: ${describeErrors(validate.errors, 'args')}`);
  if (entry.def.hazardous && !options.confirm) {
    return fail(`${entry.def.name} is hazardous: add --confirm to send it (the server sends arm, then ${entry.def.name})`);
  }
  if (entry.def.hazardous && options.timeTagged) return fail(`${entry.def.name} is hazardous: it cannot be time-tagged`);
  const request: SendCommandRequest = {
    name: entry.def.name,
    args,
    ...(entry.def.hazardous ? { confirm: true } : {}),
  };
  return accept({ entry, request });
}
