/**
 * Failed sign-ins, counted three ways, each over a sliding window:
 *
 *   - per address and login: one person's typos (the tightest limit);
 *   - per address, across logins: one machine trying one password on many accounts
 *     (password spraying);
 *   - per login, across addresses: many machines (or a rotating X-Forwarded-For) on
 *     one account.
 *
 * Only failures count. An attempt is counted when it starts and taken back when it
 * succeeds, so attempts running at the same moment cannot slip past a limit together.
 * While any of the three is over its limit the attempt is refused before its password
 * is checked: a refusal costs no argon2 work.
 *
 * In memory, per API process: behind a load balancer each process counts its own.
 */
export interface Limit {
  max: number;
  windowMs: number;
}

export interface ThrottleLimits {
  perAddressLogin: Limit;
  perAddress: Limit;
  perLogin: Limit;
}

export const DEFAULT_THROTTLE: ThrottleLimits = {
  perAddressLogin: { max: 5, windowMs: 60_000 },
  perAddress: { max: 20, windowMs: 10 * 60_000 },
  perLogin: { max: 10, windowMs: 10 * 60_000 },
};

/** Keys kept before the oldest are dropped: a flood of made-up logins must not grow the map without end. */
const MAX_KEYS = 100_000;

type Scope = keyof ThrottleLimits;

export interface Refusal {
  scope: Scope;
  retryAfterMs: number;
}

export interface Attempt {
  /** The attempt succeeded: it does not count. */
  succeeded(): void;
}

export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();
  readonly limits: ThrottleLimits;

  constructor(
    limits: Partial<ThrottleLimits> = {},
    private readonly clock: () => number = Date.now,
  ) {
    this.limits = { ...DEFAULT_THROTTLE, ...limits };
  }

  private keys(rawAddress: string, login: string): Array<[Scope, string]> {
    const address = clientKey(rawAddress);
    return [
      ['perAddressLogin', `al|${address}|${login}`],
      ['perAddress', `a|${address}`],
      ['perLogin', `l|${login}`],
    ];
  }

  private recent(key: string, windowMs: number, now: number): number[] {
    const times = this.failures.get(key);
    if (!times) return [];
    while (times.length > 0 && times[0]! <= now - windowMs) times.shift();
    if (times.length === 0) this.failures.delete(key);
    return times;
  }

  /** Refused (with how long to wait), or an attempt counted as failed until it says it succeeded. */
  begin(address: string, login: string): Refusal | Attempt {
    const now = this.clock();
    const keys = this.keys(address, login.trim().toLowerCase());
    for (const [scope, key] of keys) {
      const { max, windowMs } = this.limits[scope];
      const times = this.recent(key, windowMs, now);
      if (times.length >= max) return { scope, retryAfterMs: Math.max(1000, times[times.length - max]! + windowMs - now) };
    }
    for (const [, key] of keys) {
      const times = this.failures.get(key);
      if (times) times.push(now);
      else this.failures.set(key, [now]);
    }
    while (this.failures.size > MAX_KEYS) this.failures.delete(this.failures.keys().next().value!);
    return {
      succeeded: () => {
        // Only the typo counter is forgiven: a success must not reset what an attacker on this address or login has spent.
        for (const [scope, key] of keys) {
          const times = this.failures.get(key);
          const i = times?.lastIndexOf(now) ?? -1;
          if (times && i >= 0) times.splice(i, 1);
          if (scope === 'perAddressLogin' && times) times.length = 0;
          if (times?.length === 0) this.failures.delete(key);
        }
      },
    };
  }
}

/**
 * The address a client is counted under: an IPv4 address as it is (an IPv4-mapped IPv6
 * one as IPv4), an IPv6 address by its /64 — one subscriber usually holds a whole /64
 * and could otherwise take a fresh address for every attempt.
 */
export function clientKey(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1]!;
  if (!address.includes(':')) return address;
  const bare = address.replace(/%.*$/, '').toLowerCase();
  const [head, tail] = bare.split('::') as [string, string | undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

export function isRefusal(r: Refusal | Attempt): r is Refusal {
  return 'retryAfterMs' in r;
}
