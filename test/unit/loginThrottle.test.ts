/**
 * The failed-login counters and the bound on password checks, as pure functions of a
 * clock: windows slide, a success is taken back, attempts in flight count, IPv6 clients
 * are counted by their /64, and the work gate turns callers away once its queue is full.
 */
import { describe, expect, it } from 'vitest';
import { clientKey, isRefusal, LoginThrottle, type Attempt } from '../../client/api/loginThrottle';
import { ApiError } from '../../client/api/problem';
import { WorkGate } from '../../client/api/workGate';

describe('LoginThrottle', () => {
  const limits = {
    perAddressLogin: { max: 3, windowMs: 60_000 },
    perAddress: { max: 5, windowMs: 600_000 },
    perLogin: { max: 4, windowMs: 600_000 },
  };

  it('refuses the attempt after the limit, says how long to wait, and lets the window slide', () => {
    let now = 1_000_000;
    const t = new LoginThrottle(limits, () => now);
    for (let i = 0; i < 3; i++) expect(isRefusal(t.begin('10.0.0.1', 'li'))).toBe(false);
    const refused = t.begin('10.0.0.1', 'li');
    expect(refused).toEqual({ scope: 'perAddressLogin', retryAfterMs: 60_000 });
    now += 30_000;
    expect(t.begin('10.0.0.1', 'li')).toEqual({ scope: 'perAddressLogin', retryAfterMs: 30_000 });
    now += 30_001;
    expect(isRefusal(t.begin('10.0.0.1', 'li'))).toBe(false);
  });

  it('a success does not count, and clears its own address-and-login typos only', () => {
    const t = new LoginThrottle(limits, () => 0);
    for (let i = 0; i < 2; i++) t.begin('10.0.0.2', 'wang');
    (t.begin('10.0.0.2', 'wang') as Attempt).succeeded();
    // Three more typos are allowed again for this pair…
    for (let i = 0; i < 2; i++) expect(isRefusal(t.begin('10.0.0.2', 'wang'))).toBe(false);
    // …but the login's own count kept the two earlier failures: 2 + 2 = 4, its limit.
    expect(t.begin('10.0.0.3', 'wang')).toMatchObject({ scope: 'perLogin' });
  });

  it('counts attempts when they start, so attempts at the same moment cannot pass a limit together', () => {
    const t = new LoginThrottle(limits, () => 0);
    const inFlight = Array.from({ length: 10 }, () => t.begin('10.0.0.4', 'zhao'));
    expect(inFlight.filter((a) => !isRefusal(a))).toHaveLength(3);
  });

  it('counts logins case-blind and trimmed, and IPv6 clients by their /64', () => {
    const t = new LoginThrottle(limits, () => 0);
    for (const login of ['Chen', ' chen', 'CHEN ']) t.begin('2001:db8:1:2::10', login);
    expect(t.begin('2001:db8:1:2:ffff::1', 'chen')).toMatchObject({ scope: 'perAddressLogin' });
    expect(isRefusal(t.begin('2001:db8:1:3::10', 'chen'))).toBe(false);
    expect(clientKey('2001:0db8:0001:0002:0000:0000:0000:0010')).toBe('2001:db8:1:2::/64');
    expect(clientKey('::1')).toBe('0:0:0:0::/64');
    expect(clientKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(clientKey('::ffff:192.0.2.7')).toBe('192.0.2.7');
    expect(clientKey('192.0.2.7')).toBe('192.0.2.7');
  });
});

describe('WorkGate', () => {
  it('runs at most `concurrency` at once, queues up to `queue`, and refuses the rest at once with 503', async () => {
    const gate = new WorkGate(2, 3);
    let running = 0;
    let most = 0;
    const releases: Array<() => void> = [];
    const job = () =>
      gate.run(
        () =>
          new Promise<void>((done) => {
            running += 1;
            most = Math.max(most, running);
            releases.push(() => {
              running -= 1;
              done();
            });
          }),
      );
    const outcomes = Array.from({ length: 8 }, () =>
      job().then(
        () => 'done',
        (e: unknown) => e,
      ),
    );
    const refused = await Promise.all(outcomes.slice(5));
    for (const r of refused) {
      expect(r).toBeInstanceOf(ApiError);
      expect((r as ApiError).status).toBe(503);
      expect((r as ApiError).headers).toEqual({ 'retry-after': '5' });
    }
    expect(gate.load).toEqual({ running: 2, waiting: 3 });
    // Release one at a time: each frees a slot for the next waiter.
    while (releases.length > 0 || gate.load.running > 0) {
      releases.shift()?.();
      await new Promise((r) => setImmediate(r));
    }
    expect(await Promise.all(outcomes.slice(0, 5))).toEqual(Array(5).fill('done'));
    expect(most).toBe(2);
    expect(gate.load).toEqual({ running: 0, waiting: 0 });
  });
});
