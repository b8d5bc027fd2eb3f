/**
 * What a call to the ground server's API returns: the body, or a typed
 * failure an operator can act on. Nothing crosses this boundary as an
 * unexplained exception.
 */
import type { ApiError } from '../api/contract.js';

/** Why a call failed: the server's own code (ApiError), or the transport's. */
export type ApiFailureCode = ApiError['code'] | 'unreachable' | 'bad-response';

export interface ApiFailure {
  readonly ok: false;
  /** One line, for the operator. */
  readonly error: string;
  readonly code: ApiFailureCode;
  /** HTTP status, 0 when no answer came. */
  readonly status: number;
}

export type ApiResult<T> = { readonly ok: true; readonly value: T } | ApiFailure;

export const apiFailure = (code: ApiFailureCode, status: number, error: string): ApiFailure => ({ ok: false, code, status, error });

const CODE_OF_STATUS: Readonly<Record<number, ApiError['code']>> = {
  400: 'bad-request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not-found',
  409: 'conflict',
  413: 'too-large',
  415: 'unsupported-media-type',
  421: 'misdirected',
  503: 'not-ready',
};

/** The failure of a non-2xx answer: the ApiError body when there is one, else one made from the status. */
export function failureOfResponse(status: number, body: unknown): ApiFailure {
  const apiError = body as Partial<ApiError> | null;
  if (apiError && typeof apiError.error === 'string' && typeof apiError.code === 'string') {
    return apiFailure(apiError.code as ApiError['code'], status, apiError.error);
  }
  return apiFailure(CODE_OF_STATUS[status] ?? 'internal', status, `the server answered HTTP ${status}`);
}
