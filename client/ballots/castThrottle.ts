/**
 * Rate limits on casting (docs/ballots.md), for the voting route to apply before it
 * casts, each over a sliding window:
 *
 *   - per token: every attempt counts, whatever its outcome — a voter retrying a refused
 *     ballot has a few tries a minute, a script hammering one token does not get far;
 *   - per address: only failures count (a token that is no token, or is used or voided).
 *     A whole meeting room often shares one address (the venue's Wi-Fi), so sixty good
 *     ballots a minute from it must pass, while someone guessing tokens is stopped long
 *     before a guess could matter (a guess has odds of about 2^-108 anyway).
 *
 * A token's attempt is counted when it starts, so attempts at the same moment cannot slip
 * past its limit together. An address's failure is counted when it is known to be one
 * (`failed()`): counted at the start and taken back on success, sixty good casts in
 * flight at once from one room (they queue on the session's chain head) would be refused
 * after the thirtieth — the HTTP test of 33 concurrent phones found exactly that. So
 * failures at the same moment may pass the address's limit by as many as are in flight;
 * a guess's odds (about 2^-108) make that harmless. The token is kept only as its hash,
 * as in the database. In memory, per API process, like the sign-in throttle
 * (client/api/loginThrottle.ts), whose address rule it shares.
 */
import { clientKey, type Limit } from '../api/loginThrottle';
import { tokenHash } from './tokens';

export interface CastLimits {
  perToken: Limit;
  perAddress: Limit;
}

export const DEFAULT_CAST_LIMITS: CastLimits = {
  perToken: { max: 10, windowMs: 60_000 },
  perAddress: { max: 30, windowMs: 10 * 60_000 },
};

/** Keys kept before the oldest are dropped: a flood of made-up tokens must not grow the map without end. */
const MAX_KEYS = 100_000;

export interface CastRefusal {
  scope: keyof CastLimits;
  retryAfterMs: number;
}

export interface CastAttempt {
  /** Refused (no token, or one used, voided or unknown, or a ballot refused): counted against the address. */
  failed(): void;
}

export const isCastRefusal = (r: CastRefusal | CastAttempt): r is CastRefusal => 'retryAfterMs' in r;

export class CastThrottle {
  private readonly times = new Map<string, number[]>();
  readonly limits: CastLimits;

  constructor(
    limits: Partial<CastLimits> = {},
    private readonly clock: () => number = Date.now,
  ) {
    this.limits = { ...DEFAULT_CAST_LIMITS, ...limits };
  }

  private recent(key: string, windowMs: number, now: number): number[] {
    const times = this.times.get(key);
    if (!times) return [];
    while (times.length > 0 && times[0]! <= now - windowMs) times.shift();
    if (times.length === 0) this.times.delete(key);
    return times;
  }

  /**
   * Refused (with how long to wait), or an attempt counted against the token. `token` is
   * the parsed token, or null when the request carried none that parses (the caller then
   * reports the failure).
   */
  begin(address: string, token: string | null): CastRefusal | CastAttempt {
    const now = this.clock();
    const keys: Array<[keyof CastLimits, string]> = [['perAddress', `a|${clientKey(address)}`]];
    if (token !== null) keys.push(['perToken', `t|${tokenHash(token, 'sha256')}`]);
    for (const [scope, key] of keys) {
      const { max, windowMs } = this.limits[scope];
      const times = this.recent(key, windowMs, now);
      if (times.length >= max) return { scope, retryAfterMs: Math.max(1000, times[times.length - max]! + windowMs - now) };
    }
    const push = (key: string, at: number) => {
      const times = this.times.get(key);
      if (times) times.push(at);
      else this.times.set(key, [at]);
      while (this.times.size > MAX_KEYS) this.times.delete(this.times.keys().next().value!);
    };
    if (keys[1]) push(keys[1][1], now);
    const addressKey = keys[0]![1];
    // Counted when the failure is known, so the address's times stay in order.
    return { failed: () => push(addressKey, this.clock()) };
  }
}
