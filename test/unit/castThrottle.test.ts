/**
 * The rate limits on casting (client/ballots/castThrottle.ts): a room behind one address
 * casts freely, a guesser on that address is stopped, a token has a few tries a minute.
 */
import { describe, expect, it } from 'vitest';
import { CastThrottle, isCastRefusal, type CastAttempt } from '../../client/ballots/castThrottle';
import { newToken } from '../../client/ballots/tokens';

function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

const attempt = (r: ReturnType<CastThrottle['begin']>): CastAttempt => {
  if (isCastRefusal(r)) throw new Error(`refused: ${r.scope}`);
  return r;
};

describe('casting is rate-limited per token and per address', () => {
  it('sixty phones behind one address cast within a minute: good ballots never count against the address', () => {
    const c = clock();
    const throttle = new CastThrottle({}, c.now);
    for (let i = 0; i < 60; i++) {
      attempt(throttle.begin('203.0.113.7', newToken()));
      c.advance(1000);
    }
  });

  it('sixty casts in flight at once from one address all pass: only a known failure counts against it', () => {
    const throttle = new CastThrottle({}, clock().now);
    const inFlight = Array.from({ length: 60 }, () => throttle.begin('203.0.113.7', newToken()));
    expect(inFlight.filter(isCastRefusal)).toEqual([]);
  });

  it('failures from one address are stopped after the limit, and the refusal says how long to wait', () => {
    const c = clock();
    const throttle = new CastThrottle({ perAddress: { max: 30, windowMs: 600_000 } }, c.now);
    for (let i = 0; i < 30; i++) attempt(throttle.begin('203.0.113.7', i % 2 === 0 ? newToken() : null)).failed();
    const refused = throttle.begin('203.0.113.7', newToken());
    expect(refused).toEqual({ scope: 'perAddress', retryAfterMs: 600_000 });
    // Another address is not affected; an IPv6 client is counted by its /64.
    attempt(throttle.begin('198.51.100.1', newToken()));
    for (let i = 0; i < 30; i++) attempt(throttle.begin(`2001:db8:1:2::${i.toString(16)}`, null)).failed();
    expect(throttle.begin('2001:db8:1:2:ffff::1', null)).toMatchObject({ scope: 'perAddress' });
    c.advance(600_001);
    attempt(throttle.begin('203.0.113.7', newToken()));
  });

  it('one token has ten tries a minute, whatever their outcome, from any address', () => {
    const c = clock();
    const throttle = new CastThrottle({}, c.now);
    const token = newToken();
    for (let i = 0; i < 10; i++) attempt(throttle.begin(`192.0.2.${i}`, token));
    expect(throttle.begin('192.0.2.200', token)).toMatchObject({ scope: 'perToken' });
    c.advance(60_001);
    attempt(throttle.begin('192.0.2.200', token));
  });
});
