/** Query-string values of the API, checked: a bad one is a 400 naming the parameter. */
import { CUC_TIME_S_MAX, SEVERITIES, type Severity } from '../../protocol/index.js';
import { apiFailure, type ApiFailure } from './api-result.js';

export const LIST_LIMIT_DEFAULT = 100;
export const LIST_LIMIT_MAX = 10_000;

export class QueryError extends Error {
  readonly failure: ApiFailure;
  /** The answer is a 400 saying the message, unless another failure is given. */
  constructor(message: string, failure: ApiFailure = apiFailure(400, 'bad-request', message)) {
    super(message);
    this.failure = failure;
  }
}

export class Query {
  constructor(private readonly params: URLSearchParams) {}

  string(name: string): string | undefined {
    const value = this.params.get(name);
    return value === null || value === '' ? undefined : value;
  }

  integer(name: string, fallback: number, min: number, max: number): number {
    const text = this.string(name);
    if (text === undefined) return fallback;
    const value = Number(text);
    if (!Number.isInteger(value) || value < min || value > max) throw new QueryError(`${name}=${text} is not an integer ${min}..${max}`);
    return value;
  }

  limit(): number {
    return this.integer('limit', LIST_LIMIT_DEFAULT, 1, LIST_LIMIT_MAX);
  }

  afterId(): number {
    return this.integer('afterId', 0, 0, Number.MAX_SAFE_INTEGER);
  }

  /** A mission time in seconds. */
  timeS(name: string, fallback: number): number {
    const text = this.string(name);
    if (text === undefined) return fallback;
    const value = Number(text);
    if (!Number.isFinite(value)) throw new QueryError(`${name}=${text} is not a mission time in seconds`);
    return value;
  }

  range(): { fromS: number; toS: number; limit: number } {
    return { fromS: this.timeS('from', 0), toS: this.timeS('to', CUC_TIME_S_MAX), limit: this.limit() };
  }

  severity(): Severity {
    const text = this.string('severity') ?? 'debug';
    if (!(SEVERITIES as readonly string[]).includes(text)) throw new QueryError(`severity=${text} is not one of ${SEVERITIES.join(', ')}`);
    return text as Severity;
  }

  boolean(name: string): boolean {
    const text = this.string(name);
    if (text === undefined || text === 'false' || text === '0') return false;
    if (text === 'true' || text === '1') return true;
    throw new QueryError(`${name}=${text} is not true or false`);
  }

  format(): 'json' | 'csv' {
    const text = this.string('format') ?? 'json';
    if (text !== 'json' && text !== 'csv') throw new QueryError(`format=${text} is not json or csv`);
    return text;
  }
}
