/**
 * Files that hold secrets (the key file, the ground's users and token
 * files): readable by their owner only. A reader refuses a file others can
 * read; a writer creates it with mode 0600 whatever the umask, and replaces
 * an existing one atomically (written beside it, then renamed over it), so a
 * reader sees the old file or the new one, never half of one.
 */
import { chmodSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { accept, fail, type Outcome } from './result.js';

/** The text of a secret file; `what` names it in errors ("key file", "users file"). */
export function readSecretFile(path: string, what: string): Outcome<string> {
  try {
    const mode = statSync(path).mode;
    if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
      return fail(`${what} ${path} is readable by others (mode ${(mode & 0o777).toString(8)}); run: chmod 600 ${path}`);
    }
    return accept(readFileSync(path, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return fail(code === 'ENOENT' ? `${what} ${path} does not exist` : `${what} ${path} cannot be read (${code ?? 'error'})`);
  }
}

export interface SecretWrite {
  /** Refuse to overwrite a file that exists. */
  readonly exclusive?: boolean;
  /** Create the folder when it is missing (only for a default place: a typo in a path must not make one). */
  readonly makeFolder?: boolean;
}

/** Writes a secret file, mode 0600, into a folder that exists (or that `makeFolder` may make). */
export function writeSecretFile(path: string, text: string, what: string, options: SecretWrite = {}): Outcome<null> {
  const { exclusive = false, makeFolder = false } = options;
  const folder = dirname(path);
  if (!makeFolder && !fileExists(folder))
    return fail(`${what} ${path} cannot be created: the folder ${folder} does not exist (a typo in the path? create the folder first)`);
  try {
    mkdirSync(folder, { recursive: true });
    if (exclusive) {
      writeFileSync(path, text, { mode: 0o600, flag: 'wx' });
      chmodSync(path, 0o600);
    } else {
      const temporary = `${path}.${process.pid}.tmp`;
      writeFileSync(temporary, text, { mode: 0o600, flag: 'w' });
      chmodSync(temporary, 0o600);
      renameSync(temporary, path);
    }
  } catch (error) {
    return fail(`${what} ${path} cannot be ${exclusive ? 'created' : 'written'} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  return accept(null);
}

/** True when something exists at path. */
export function fileExists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}
