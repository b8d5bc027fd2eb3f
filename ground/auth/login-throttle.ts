/**
 * Failed logins, per remote address: a few mistakes are free, then each
 * further failure is answered later (doubling, up to a maximum), so tokens
 * cannot be guessed at speed. An address that stays quiet for a while is
 * forgiven. Each address is reported as a ground event at most once a
 * window, with the failures since its last report. Bounded in addresses.
 */
export interface LoginThrottleOptions {
  /** Failures answered at once. */
  readonly freeFailures: number;
  readonly firstDelayMs: number;
  readonly delayMaxMs: number;
  /** Quiet time after which an address starts afresh, and the window of its reports. */
  readonly windowMs: number;
  readonly addressesMax: number;
}

export const DEFAULT_LOGIN_THROTTLE: LoginThrottleOptions = { freeFailures: 3, firstDelayMs: 250, delayMaxMs: 8000, windowMs: 60_000, addressesMax: 4096 };

interface AddressState {
  failures: number;
  lastFailureAtMs: number;
  unreported: number;
  lastReportAtMs: number;
}

export interface FailedLogin {
  /** How long to wait before answering. */
  readonly delayMs: number;
  /** Failures to report now as one ground event, or 0. */
  readonly report: number;
}

export class LoginThrottle {
  private readonly addresses = new Map<string, AddressState>();
  /** Answers delayed so far. */
  slowed = 0;

  constructor(
    private readonly nowMs: () => number,
    private readonly options: LoginThrottleOptions = DEFAULT_LOGIN_THROTTLE,
  ) {}

  failed(address: string): FailedLogin {
    const now = this.nowMs();
    let state = this.addresses.get(address);
    if (!state || now - state.lastFailureAtMs > this.options.windowMs) {
      state = { failures: 0, lastFailureAtMs: now, unreported: state?.unreported ?? 0, lastReportAtMs: state?.lastReportAtMs ?? -Infinity };
    }
    this.addresses.delete(address);
    this.addresses.set(address, state);
    while (this.addresses.size > this.options.addressesMax) this.addresses.delete(this.addresses.keys().next().value as string);
    state.failures++;
    state.lastFailureAtMs = now;
    state.unreported++;
    let report = 0;
    if (now - state.lastReportAtMs >= this.options.windowMs) {
      report = state.unreported;
      state.unreported = 0;
      state.lastReportAtMs = now;
    }
    const over = state.failures - this.options.freeFailures;
    const delayMs = over <= 0 ? 0 : Math.min(this.options.delayMaxMs, this.options.firstDelayMs * 2 ** (over - 1));
    if (delayMs > 0) this.slowed++;
    return { delayMs, report };
  }

  /** A good login from the address: its mistakes are forgiven. */
  succeeded(address: string): void {
    const state = this.addresses.get(address);
    if (state) state.failures = 0;
  }

  get addressesTracked(): number {
    return this.addresses.size;
  }
}
