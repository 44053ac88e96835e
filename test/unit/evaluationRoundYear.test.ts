/**
 * A round for a year that has not begun is refused unless the policy allows it
 * (domain/evaluationRound.ts `checkRoundYear`), in the start every caller shares:
 * `evaluationBackend.startRound` (the CLI, the API and the embedded stack's port), with
 * the clock passed in. The yearly Schedule works its year out with `evaluationYearFor`,
 * which never names a year not begun.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DEFAULT_POLICY, parsePolicy } from '../../domain/policy';
import { addDays, shanghaiInstant } from '../../domain/calendar';
import { checkRoundYear, evaluationYearFor } from '../../domain/evaluationRound';
import { evaluationBackend } from '../../client/commands/evaluationBackend';
import type { BackendDeps } from '../../client/backend';

const p = DEFAULT_POLICY.evaluation;
const allowing = parsePolicy({ version: 'c.future', evaluation: { allowRoundsForFutureYears: true } });

describe('checkRoundYear', () => {
  it('given 2026-12-06, when a round for 2027 is asked for, then it is refused naming the year and the setting', () => {
    const r = checkRoundYear(2027, '2026-12-06', p);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toContain('2027年尚未开始');
    expect(r.error).toContain('the year 2027 has not begun (today is 2026-12-06)');
    expect(r.error).toContain('evaluation.allowRoundsForFutureYears');
  });

  it('given 2026-12-06, when a round for 2026 or an earlier year is asked for, then it may start', () => {
    expect(checkRoundYear(2026, '2026-12-06', p)).toEqual({ ok: true, value: 2026 });
    expect(checkRoundYear(2025, '2026-12-06', p)).toEqual({ ok: true, value: 2025 });
  });

  it('given New Year’s Day in Shanghai, when a round for the new year is asked for, then it may start', () => {
    expect(checkRoundYear(2027, '2027-01-01', p)).toEqual({ ok: true, value: 2027 });
  });

  it('given a policy that allows it, when a round for a later year is asked for, then it may start', () => {
    expect(allowing.evaluation.allowRoundsForFutureYears).toBe(true);
    expect(checkRoundYear(2027, '2026-12-06', allowing.evaluation)).toEqual({ ok: true, value: 2027 });
  });

  it('given a policy recorded before the setting existed, when a later year is asked for, then it is refused', () => {
    const { allowRoundsForFutureYears: _, ...older } = p;
    expect(checkRoundYear(2027, '2026-12-06', older as typeof p).ok).toBe(false);
  });

  it('given any day, when the Schedule works out its year, then that year is never refused', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 365 * 4 }), (n) => {
        const today = addDays('2024-01-01', n);
        expect(checkRoundYear(evaluationYearFor(today), today, p).ok).toBe(true);
      }),
    );
  });
});

describe('evaluationBackend.startRound with the clock passed in', () => {
  /** Nothing may be read or started before the year is checked: any use of these fails the test. */
  const untouchable = new Proxy(
    {},
    {
      get: (_t, key) => {
        throw new Error(`touched ${String(key)}`);
      },
    },
  );
  const deps = (policy = DEFAULT_POLICY): BackendDeps => ({ db: untouchable as BackendDeps['db'], policy, taskQueue: 'unused' });
  // 2026-12-06 10:00 in Shanghai.
  const dec6 = () => shanghaiInstant('2026-12-06', 10, 0);

  it('given 2026-12-06, when a round for 2027 is started, then it is refused before the registry or Temporal is touched', async () => {
    await expect(evaluationBackend.create(deps(), dec6).startRound({ year: 2027, townshipIds: null })).rejects.toThrow(
      /the year 2027 has not begun \(today is 2026-12-06\)/,
    );
  });

  it('given 00:30 on 2027-01-01 in Shanghai (still 2026 in UTC), when a round for 2027 is started, then the year has begun there', async () => {
    const newYear = () => shanghaiInstant('2027-01-01', 0, 30);
    expect(new Date(newYear()).getUTCFullYear()).toBe(2026);
    await expect(evaluationBackend.create(deps(), newYear).startRound({ year: 2027, townshipIds: null })).rejects.toThrow(
      /Temporal is not reachable/,
    );
  });

  it('given a policy that allows it, when a round for 2027 is started, then the start goes on (here to Temporal, which is absent)', async () => {
    await expect(evaluationBackend.create(deps(allowing), dec6).startRound({ year: 2027, townshipIds: null })).rejects.toThrow(
      /Temporal is not reachable/,
    );
  });
});
