/** Expected failures of an API call: an HTTP status and the contract's ApiError body. */
import type { ApiError, CommandRecord } from '../api/contract.js';

export interface ApiFailure {
  readonly ok: false;
  readonly status: number;
  readonly error: ApiError;
}

export function apiFailure(status: number, code: ApiError['code'], error: string): ApiFailure {
  return { ok: false, status, error: { error, code } };
}

/** What submitting a command gives: the archived record, or why not. */
export type Submitted = { readonly ok: true; readonly record: CommandRecord } | ApiFailure;
