/** The --key-file option, shared by every verb that signs or verifies. */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { readKeyFile, readOrCreateKeyFile, type KeyFile } from '../../protocol/index.js';
import { environmentError } from './exit-codes.js';

/** Where the key lives when no --key-file is given: outside any repository. */
export function defaultKeyFilePath(): string {
  return process.env.ORBITAL_KEY_FILE ?? join(homedir(), '.config', 'orbital-node', 'keys.json');
}

/** For signing: created with a fresh key (mode 0600) when missing, and said so on stderr. */
export function signingKeys(path: string): KeyFile {
  const loaded = readOrCreateKeyFile(path);
  if (!loaded.ok) throw environmentError(loaded.error);
  if (loaded.value.created) {
    process.stderr.write(`created key file ${path} (key id ${loaded.value.activeKeyId}, mode 0600); give the spacecraft the same file\n`);
  }
  return loaded.value;
}

/** For verifying: must exist. */
export function verifyingKeys(path: string): KeyFile {
  const loaded = readKeyFile(path);
  if (!loaded.ok) throw environmentError(loaded.error);
  return loaded.value;
}
