/**
 * ANSI colours for the operator's terminal: only on a TTY and never when
 * NO_COLOR is set (https://no-color.org: present and not empty).
 */
import type { FieldValue } from '../api/contract.js';

export type Tone = FieldValue['level'] | 'stale' | 'good' | 'bad' | 'dim';

const CODES: Readonly<Record<Tone, string>> = {
  nominal: '32',
  none: '',
  yellow: '33',
  red: '1;31',
  stale: '35',
  good: '32',
  bad: '31',
  dim: '2',
};

export function colourWanted(stream: { readonly isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  return stream.isTTY === true && (env.NO_COLOR === undefined || env.NO_COLOR === '');
}

export type Paint = (tone: Tone, text: string) => string;

export function painter(enabled: boolean): Paint {
  return (tone, text) => (enabled && CODES[tone] !== '' ? `\x1b[${CODES[tone]}m${text}\x1b[0m` : text);
}

export const stdoutPaint = (): Paint => painter(colourWanted(process.stdout));
