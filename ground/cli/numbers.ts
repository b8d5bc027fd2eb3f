/** Numeric options and words, refused with a usage error naming them. */
import { usageError } from './exit-codes.js';

export function positiveSeconds(option: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!(Number.isFinite(value) && value > 0)) throw usageError(`${option} ${text} is not a positive number of seconds`);
  return value;
}

export function positiveInteger(what: string, text: string | undefined, fallback?: number): number {
  if (text === undefined && fallback !== undefined) return fallback;
  const value = Number(text);
  if (!(text !== undefined && /^\d+$/.test(text) && Number.isSafeInteger(value) && value > 0))
    throw usageError(`${what} ${text ?? '(missing)'} is not a positive integer`);
  return value;
}
