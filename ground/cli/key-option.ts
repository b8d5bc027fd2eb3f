/** The --key-file option, shared by every verb that signs or verifies. */
import { resolve } from 'node:path';
import { defaultKeyFilePath } from '../client/token.js';
import { readKeyFile, readOrCreateKeyFile, type KeyFile, type LoadedKeyFile } from '../../protocol/index.js';
import { environmentError } from './exit-codes.js';

/** Where the key lives when no --key-file is given: outside any repository. */
export { defaultKeyFilePath } from '../client/token.js';

/** The default place (named or not): the one whose folder the tools may create. */
export const isDefaultKeyPlace = (path: string): boolean => resolve(path) === resolve(defaultKeyFilePath());

/** For signing: created with fresh keys (mode 0600) when missing, and said so on stderr; its folder must exist unless `makeFolder` (the default place). */
export function signingKeys(path: string, makeFolder = false): KeyFile {
  const loaded = readOrCreateKeyFile(path, makeFolder);
  if (!loaded.ok) throw environmentError(loaded.error);
  const said = keyFileNews(loaded.value);
  if (said) process.stderr.write(`${said}\n`);
  return loaded.value;
}

/** What an operator must hear when the key file was just created or given a downlink key; null when neither. */
export function keyFileNews(loaded: LoadedKeyFile): string | null {
  const ids = `uplink key id ${loaded.uplink.activeKeyId}, downlink key id ${loaded.downlink.activeKeyId}`;
  if (loaded.created) return `created key file ${loaded.path} (${ids}, mode 0600); give the spacecraft the same file`;
  if (loaded.upgraded)
    return `rewrote key file ${loaded.path} as format 3, keys by spacecraft (spacecraft ${loaded.spacecraftId}: ${ids}); give the spacecraft the same file`;
  return null;
}

/** For verifying: must exist. */
export function verifyingKeys(path: string): KeyFile {
  const loaded = readKeyFile(path);
  if (!loaded.ok) throw environmentError(loaded.error);
  return loaded.value;
}
