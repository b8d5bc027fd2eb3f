/** The NATS server a tool is told to use: `--nats URL`, else $NATS_URL, else none (the bus in process). */
import { accept, fail, type Outcome } from '../../protocol/index.js';

export function natsUrlOf(option: string | undefined, env: NodeJS.ProcessEnv = process.env): Outcome<string | null> {
  const text = option ?? (env.NATS_URL || undefined);
  if (text === undefined || text === '') return accept(null);
  let url: URL;
  try {
    url = new URL(text.includes('://') ? text : `nats://${text}`);
  } catch {
    return fail(`--nats ${text} is not a NATS URL (nats://HOST:PORT)`);
  }
  if (url.protocol !== 'nats:' && url.protocol !== 'tls:') return fail(`--nats ${text} is not a NATS URL (nats://HOST:PORT)`);
  if (url.port === '' && !text.includes(':4222')) return accept(`${url.protocol}//${url.hostname}:4222`);
  return accept(`${url.protocol}//${url.host}`);
}
