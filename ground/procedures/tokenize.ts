/**
 * One procedure line as words: split on blanks; double quotes group blanks
 * into a word ("a b", with \" and \\ inside); a # that begins a word starts a
 * comment to the end of the line.
 */
import { accept, fail, type Outcome } from '../../protocol/index.js';

export interface Words {
  readonly words: readonly string[];
  /** The line up to its comment, trimmed. */
  readonly code: string;
}

export function tokenize(line: string): Outcome<Words> {
  const words: string[] = [];
  let word: string | undefined;
  let quoted = false;
  let end = line.length;
  for (let i = 0; i < line.length; i++) {
    const char = line[i]!;
    if (quoted) {
      if (char === '\\' && (line[i + 1] === '"' || line[i + 1] === '\\')) word += line[++i]!;
      else if (char === '"') quoted = false;
      else word += char;
    } else if (char === ' ' || char === '\t') {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else if (char === '#' && word === undefined) {
      end = i;
      break;
    } else if (char === '"') {
      quoted = true;
      word ??= '';
    } else {
      word = (word ?? '') + char;
    }
  }
  if (quoted) return fail('a quoted word is not closed (missing ")');
  if (word !== undefined) words.push(word);
  return accept({ words, code: line.slice(0, end).trim() });
}
