import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../domain/policy';
import { addDays, addMonths, compareDates } from '../../domain/calendar';
import {
  RectificationInputError,
  checkPlanDates,
  checkSignOffDay,
  describeInspectionOutcome,
  followUpFromSignOff,
  describeScreeningReason,
  hasNoDevelopmentTarget,
  inspectionOutcome,
  isBottomOfRanking,
  isReportLate,
  isSatisfactionTooLow,
  isSecretaryVacantTooLong,
  overdueReports,
  parseInspection,
  parseSignOff,
  parseSuppliedFacts,
  progressReportSchedule,
  progressReportStatus,
  screenBranch,
  type BranchFacts,
  type Inspection,
  type RectificationPolicy,
  parsePlan,
} from '../../domain/rectification';

const p: RectificationPolicy = DEFAULT_POLICY.rectification;

const inspection = (points: number, satisfied: number, basicallySatisfied: number, dissatisfied: number): Inspection => ({
  scoreHundredths: Math.round(points * 100),
  votes: { satisfied, basicallySatisfied, dissatisfied },
});

describe('acceptance inspection (验收)', () => {
  const on = '2026-06-30';

  it('70 points passes, with a year of follow-up', () => {
    expect(inspectionOutcome(inspection(70, 12, 3, 0), on, p)).toEqual({
      ok: true,
      value: { result: 'pass', followUpUntil: '2027-06-30', scoreHundredths: 7000, raters: 15, dissatisfied: 0 },
    });
  });

  it('69 (and 69.99) points is a basic pass with six months of consolidation', () => {
    for (const points of [69, 69.99, 60]) {
      expect(inspectionOutcome(inspection(points, 12, 3, 0), on, p)).toMatchObject({
        ok: true,
        value: { result: 'basic-pass', consolidateUntil: '2026-12-30' },
      });
    }
  });

  it('below the basic-pass floor fails on the score; the floor is the policy’s', () => {
    expect(inspectionOutcome(inspection(59.99, 12, 3, 0), on, p)).toMatchObject({ ok: true, value: { result: 'fail', because: 'score' } });
    expect(inspectionOutcome(inspection(59.99, 12, 3, 0), on, { ...p, basicPassFloor: 50 })).toMatchObject({
      ok: true,
      value: { result: 'basic-pass' },
    });
    expect(() => inspectionOutcome(inspection(65, 12, 3, 0), on, { ...p, basicPassFloor: 75 })).toThrow(RectificationInputError);
    // A case started before the policy carried the floor keeps the 60 built in then.
    const { basicPassFloor: _floor, ...before } = p;
    expect(inspectionOutcome(inspection(59.99, 12, 3, 0), on, before as typeof p)).toMatchObject({
      ok: true,
      value: { result: 'fail', because: 'score' },
    });
    expect(inspectionOutcome(inspection(60, 12, 3, 0), on, before as typeof p)).toMatchObject({
      ok: true,
      value: { result: 'basic-pass' },
    });
  });

  it('more than half dissatisfied fails outright, even with 95 points', () => {
    expect(inspectionOutcome(inspection(95, 5, 2, 8), on, p)).toMatchObject({
      ok: true,
      value: { result: 'fail', because: 'dissatisfied', dissatisfied: 8, raters: 15 },
    });
  });

  it('exactly half dissatisfied is not "more than half"', () => {
    expect(inspectionOutcome(inspection(95, 6, 2, 8), on, p)).toMatchObject({ ok: true, value: { result: 'pass' } });
  });

  it('refuses an inspection rated by too few representatives', () => {
    const r = inspectionOutcome(inspection(95, 14, 0, 0), on, p);
    expect(r).toEqual({
      ok: false,
      error: 'the inspection needs at least 15 representatives rating it, got 14',
      refusal: { kind: 'too-few-raters', raters: 14, minRaters: 15 },
    });
  });

  it('agrees with the rule for any inspection', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), fc.nat({ max: 40 }), fc.nat({ max: 40 }), fc.nat({ max: 40 }), (score, s, b, d) => {
        const r = inspectionOutcome({ scoreHundredths: score, votes: { satisfied: s, basicallySatisfied: b, dissatisfied: d } }, on, p);
        const raters = s + b + d;
        if (raters < 15) {
          expect(r.ok).toBe(false);
          return;
        }
        if (!r.ok) throw new Error(r.error);
        const expected = 2 * d > raters ? 'fail' : score >= 7000 ? 'pass' : score >= 6000 ? 'basic-pass' : 'fail';
        expect(r.value.result).toBe(expected);
        expect(describeInspectionOutcome(r.value)).toMatch(/合格|不合格/);
      }),
    );
  });

  it('a higher score never gives a worse result', () => {
    const rank = { fail: 0, 'basic-pass': 1, pass: 2 } as const;
    fc.assert(
      fc.property(fc.nat({ max: 10_000 }), fc.nat({ max: 10_000 }), fc.nat({ max: 30 }), (x, y, d) => {
        const votes = { satisfied: 30 - d, basicallySatisfied: 0, dissatisfied: d };
        const [lo, hi] = x <= y ? [x, y] : [y, x];
        const a = inspectionOutcome({ scoreHundredths: lo, votes }, on, p);
        const b = inspectionOutcome({ scoreHundredths: hi, votes }, on, p);
        if (!a.ok || !b.ok) throw new Error('30 raters are enough');
        expect(rank[a.value.result]).toBeLessThanOrEqual(rank[b.value.result]);
      }),
    );
  });

  it('parses what the inspection team enters', () => {
    expect(parseInspection({ score: 72.5, votes: { satisfied: 10, basicallySatisfied: 4, dissatisfied: 1 } })).toEqual({
      ok: true,
      value: { scoreHundredths: 7250, votes: { satisfied: 10, basicallySatisfied: 4, dissatisfied: 1 } },
    });
    expect(parseInspection({ score: 72.555, votes: { satisfied: 1, basicallySatisfied: 0, dissatisfied: 0 } })).toMatchObject({
      ok: false,
    });
    expect(parseInspection({ score: 72, votes: { satisfied: 0, basicallySatisfied: 0, dissatisfied: 0 } })).toEqual({
      ok: false,
      error: 'votes: no votes were cast',
    });
    expect(parseInspection({ score: 72, votes: { satisfied: 1.5, basicallySatisfied: 0, dissatisfied: 0 } })).toMatchObject({ ok: false });
    fc.assert(
      fc.property(fc.anything(), (raw) => {
        expect(typeof parseInspection(raw).ok).toBe('boolean');
      }),
    );
  });

  it('keeps what the report, the interviews and the on-site check found, each only when written down', () => {
    const votes = { satisfied: 12, basicallySatisfied: 3, dissatisfied: 1 };
    expect(
      parseInspection({ score: 81, votes, report: ' 班子配齐，制度上墙 ', interviews: '访谈党员12人，均认可', onSiteCheck: '' }),
    ).toEqual({
      ok: true,
      value: { scoreHundredths: 8100, votes, findings: { report: '班子配齐，制度上墙', interviews: '访谈党员12人，均认可' } },
    });
    // Nothing written, no findings: the event then reads as one recorded before findings existed.
    expect(parseInspection({ score: 81, votes, report: '   ' })).toEqual({ ok: true, value: { scoreHundredths: 8100, votes } });
    expect(parseInspection({ score: 81, votes, onSiteCheck: 3 })).toEqual({ ok: false, error: 'onSiteCheck must be text, got number' });
    expect(parseInspection({ score: 81, votes, report: 'x'.repeat(2001) })).toEqual({
      ok: false,
      error: 'report is longer than 2000 characters',
    });
    expect(parseInspection({ score: 81, votes, visit: '走访' })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/unknown field\(s\): visit/),
    });
  });
});

describe('screening (排查)', () => {
  const clean: BranchFacts = {
    branchId: 'branch-1',
    secretaryVacantSince: null,
    annualRanking: { position: 3, of: 12 },
    satisfaction: { satisfied: 80, surveyed: 100 },
    lastDevelopmentTargetOn: '2025-09-01',
  };

  it('a branch meeting no criterion is not listed', () => {
    expect(screenBranch(clean, '2026-06-01', p)).toEqual([]);
  });

  it('secretary vacant more than 3 months: not on the day exactly 3 months on', () => {
    expect(isSecretaryVacantTooLong('2026-01-15', '2026-04-15', p.secretaryVacantMonths)).toBe(false);
    expect(isSecretaryVacantTooLong('2026-01-15', '2026-04-16', p.secretaryVacantMonths)).toBe(true);
    expect(isSecretaryVacantTooLong(null, '2030-01-01', p.secretaryVacantMonths)).toBe(false);
  });

  it('bottom of the ranking: the last place, or the last n places', () => {
    expect(isBottomOfRanking({ position: 12, of: 12 }, 1)).toBe(true);
    expect(isBottomOfRanking({ position: 11, of: 12 }, 1)).toBe(false);
    expect(isBottomOfRanking({ position: 11, of: 12 }, 2)).toBe(true);
    expect(() => isBottomOfRanking({ position: 13, of: 12 }, 1)).toThrow(RectificationInputError);
  });

  it('satisfaction below 60%: exactly 60% is not below', () => {
    expect(isSatisfactionTooLow({ satisfied: 59, surveyed: 100 }, 60)).toBe(true);
    expect(isSatisfactionTooLow({ satisfied: 60, surveyed: 100 }, 60)).toBe(false);
    expect(isSatisfactionTooLow({ satisfied: 3, surveyed: 5 }, 60)).toBe(false);
    expect(isSatisfactionTooLow({ satisfied: 0, surveyed: 0 }, 60)).toBe(false);
  });

  it('no development target for 2 years: on the second anniversary, yes', () => {
    expect(hasNoDevelopmentTarget('2024-03-01', '2026-02-28', 2)).toBe(false);
    expect(hasNoDevelopmentTarget('2024-03-01', '2026-03-01', 2)).toBe(true);
  });

  it('gives every reason that applies, each describable', () => {
    const bad: BranchFacts = {
      branchId: 'branch-13',
      secretaryVacantSince: '2025-12-01',
      annualRanking: { position: 12, of: 12 },
      satisfaction: { satisfied: 41, surveyed: 90 },
      lastDevelopmentTargetOn: '2023-11-20',
    };
    const reasons = screenBranch(bad, '2026-06-01', p);
    expect(reasons.map((r) => r.kind)).toEqual(['secretary-vacant', 'bottom-of-ranking', 'low-satisfaction', 'no-development-target']);
    expect(reasons[0]).toEqual({ kind: 'secretary-vacant', since: '2025-12-01', months: 3 });
    expect(reasons.map(describeScreeningReason)).toEqual([
      'secretary post vacant since 2025-12-01, more than 3 months (书记空缺)',
      'ranked 12 of 12, in the last 1 (排名末位)',
      '41 of 90 surveyed satisfied, below 60% (群众满意度低)',
      'no development target since 2023-11-20, 2 years or more (未确定发展对象)',
    ]);
    expect(screenBranch(bad, '2026-06-01', { ...p, screeningDevelopmentGapYears: 3 }).map((r) => r.kind)).not.toContain(
      'no-development-target',
    );
    // The ranking's last places come from the policy too: 11th of 12 is listed with two.
    const eleventh = { ...bad, annualRanking: { position: 11, of: 12 } };
    expect(screenBranch(eleventh, '2026-06-01', p).map((r) => r.kind)).not.toContain('bottom-of-ranking');
    expect(screenBranch(eleventh, '2026-06-01', { ...p, screeningBottomPlaces: 2 })).toContainEqual({
      kind: 'bottom-of-ranking',
      position: 11,
      of: 12,
      bottomPlaces: 2,
    });
  });

  it('takes the facts a county supplies, each as screening reads it; null says a fact is known to be absent', () => {
    const facts = {
      'ts-01-v01': { annualRanking: { position: 12, of: 12 }, satisfaction: { satisfied: 41, surveyed: 90 } },
      'ts-01-v02': { lastDevelopmentTargetOn: '2023-11-20', secretaryVacantSince: null },
      'ts-01-v03': { annualRanking: null, satisfaction: null, secretaryVacantSince: '2025-12-01' },
    };
    expect(parseSuppliedFacts(facts)).toEqual({ ok: true, value: facts });
    expect(parseSuppliedFacts({})).toEqual({ ok: true, value: {} });
  });

  it('refuses supplied facts screening could not read, naming the branch and the field', () => {
    const refused = (raw: unknown) => {
      const r = parseSuppliedFacts(raw);
      return r.ok ? 'accepted' : r.error;
    };
    expect(refused([])).toBe('expected an object of branch id → facts');
    expect(refused({ v1: 'low' })).toBe('v1: expected an object of facts');
    expect(refused({ v1: { ranking: 3 } })).toMatch(/^v1: unknown field\(s\): ranking \(allowed: secretaryVacantSince, /);
    expect(refused({ v1: { secretaryVacantSince: '2025-02-30' } })).toMatch(/^v1: secretaryVacantSince: .*2025-02-30/);
    expect(refused({ v1: { lastDevelopmentTargetOn: null } })).toBe('v1: lastDevelopmentTargetOn must be a date YYYY-MM-DD, got null');
    expect(refused({ v1: { annualRanking: 12 } })).toBe('v1: annualRanking must be { position, of }, got 12');
    expect(refused({ v1: { annualRanking: { position: 13, of: 12 } } })).toBe(
      'v1: annualRanking: place 13 of 12 is not a place in the ranking',
    );
    expect(refused({ v1: { annualRanking: { position: 0, of: 12 } } })).toBe(
      'v1: annualRanking: place 0 of 12 is not a place in the ranking',
    );
    expect(refused({ v1: { annualRanking: { position: '3', of: 12 } } })).toBe(
      'v1: annualRanking.position must be a whole number ≥ 0, got "3"',
    );
    expect(refused({ v1: { satisfaction: { satisfied: 91, surveyed: 90 } } })).toBe(
      'v1: satisfaction: 91 satisfied of 90 surveyed is more than were asked',
    );
    expect(refused({ v1: { satisfaction: { satisfied: 0.5, surveyed: 90 } } })).toBe(
      'v1: satisfaction.satisfied must be a whole number ≥ 0, got 0.5',
    );
    expect(refused({ v1: { satisfaction: { satisfied: 5, surveyed: 9, percent: 55 } } })).toMatch(
      /^v1: satisfaction must be \{ satisfied, surveyed \}/,
    );
  });
});

describe('progress reports', () => {
  it('fall due monthly from the start without drifting at month ends', () => {
    expect(progressReportSchedule('2026-01-31', '2026-06-30', p)).toEqual([
      { period: 1, dueOn: '2026-02-28' },
      { period: 2, dueOn: '2026-03-31' },
      { period: 3, dueOn: '2026-04-30' },
      { period: 4, dueOn: '2026-05-31' },
      { period: 5, dueOn: '2026-06-30' },
    ]);
  });

  it('follow the policy cadence', () => {
    expect(progressReportSchedule('2026-01-10', '2026-12-31', { ...p, progressReportEveryMonths: 3 }).map((r) => r.dueOn)).toEqual([
      '2026-04-10',
      '2026-07-10',
      '2026-10-10',
    ]);
    expect(progressReportSchedule('2026-01-10', '2026-02-09', p)).toEqual([]);
  });

  it('are increasing, within the period, and one per interval', () => {
    const arbDate = fc.integer({ min: 0, max: 3000 }).map((n) => addDays('2024-01-01', n));
    fc.assert(
      fc.property(arbDate, fc.integer({ min: 0, max: 60 }), fc.integer({ min: 1, max: 12 }), (start, months, every) => {
        const until = addMonths(start, months);
        const schedule = progressReportSchedule(start, until, { ...p, progressReportEveryMonths: every });
        expect(schedule.length).toBe(Math.floor(months / every));
        schedule.forEach((r, i) => {
          expect(r.period).toBe(i + 1);
          expect(r.dueOn).toBe(addMonths(start, (i + 1) * every));
          expect(compareDates(r.dueOn, until)).toBeLessThanOrEqual(0);
          if (i > 0) expect(compareDates(schedule[i - 1]!.dueOn, r.dueOn)).toBe(-1);
        });
      }),
    );
  });

  it('are late when not filed by the due date', () => {
    expect(progressReportStatus('2026-03-31', '2026-03-31', '2026-04-10')).toBe('filed');
    expect(progressReportStatus('2026-03-31', '2026-04-01', '2026-04-10')).toBe('filed-late');
    expect(progressReportStatus('2026-03-31', null, '2026-03-31')).toBe('pending');
    expect(progressReportStatus('2026-03-31', null, '2026-04-01')).toBe('overdue');
    expect(isReportLate('2026-03-31', null, '2026-03-31')).toBe(false);
    expect(isReportLate('2026-03-31', '2026-04-01', '2026-04-10')).toBe(true);
    expect(isReportLate('2026-03-31', null, '2026-04-01')).toBe(true);
  });

  it('the overdue ones are those due before today and unfiled', () => {
    const schedule = progressReportSchedule('2026-01-31', '2026-06-30', p);
    const filed = new Map([
      [1, '2026-02-27'],
      [3, '2026-05-02'],
    ]);
    expect(overdueReports(schedule, filed, '2026-05-31').map((r) => r.period)).toEqual([2]);
    expect(overdueReports(schedule, filed, '2026-06-01').map((r) => r.period)).toEqual([2, 4]);
  });
});

describe('the plan (一村一策)', () => {
  it('names for each measure who answers for it and by when; the plan is complete by its last deadline', () => {
    const measure = { measure: '配强班子', responsible: '镇党委副书记', deadline: '2026-09-30' };
    expect(parsePlan({ problems: ['班子软弱'], measures: [measure, { ...measure, deadline: '2026-11-30' }] })).toMatchObject({
      ok: true,
      value: { completeBy: '2026-11-30' },
    });
    expect(parsePlan({ problems: ['班子软弱'], measures: [{ ...measure, responsible: '' }] })).toEqual({
      ok: false,
      error: 'measures[0].responsible is required',
    });
    expect(parsePlan({ problems: ['班子软弱'], measures: [{ ...measure, deadline: '2026-09-31' }] })).toEqual({
      ok: false,
      error: 'measures[0].deadline: no such calendar day: 2026-09-31',
    });
    expect(parsePlan({ problems: [], measures: [measure] })).toEqual({ ok: false, error: 'problems needs at least one item' });
  });

  it('refuses a deadline not after the round began, and a plan whose reports the working-day calendar cannot date', () => {
    const startedOn = '2026-03-02';
    const plan = (deadline: string) => ({
      problems: ['班子软弱'],
      measures: [{ measure: '配强班子', responsible: '镇党委副书记', deadline }],
      completeBy: deadline,
    });
    expect(checkPlanDates(plan('2026-09-30'), startedOn, DEFAULT_POLICY)).toEqual({ ok: true, value: plan('2026-09-30') });
    expect(checkPlanDates(plan(startedOn), startedOn, DEFAULT_POLICY)).toEqual({
      ok: false,
      error: 'the deadline 2026-03-02 of "配强班子" is not after the round began on 2026-03-02',
    });
    expect(checkPlanDates(plan('2031-03-02'), startedOn, DEFAULT_POLICY)).toMatchObject({
      ok: false,
      error: expect.stringContaining('the plan runs past the working-day calendar'),
    });
  });
});

describe('sign-off (销号) and follow-up', () => {
  const inspectedOn = '2026-06-30';

  it('takes a comment and, when recorded afterwards, the day of the sign-off', () => {
    expect(parseSignOff({})).toEqual({ ok: true, value: { comment: '' } });
    expect(parseSignOff({ comment: ' 予以销号 ', signedOffOn: '' })).toEqual({ ok: true, value: { comment: '予以销号' } });
    expect(parseSignOff({ signedOffOn: '2026-07-15' })).toEqual({ ok: true, value: { comment: '', signedOffOn: '2026-07-15' } });
    expect(parseSignOff({ signedOffOn: '2026-02-30' })).toEqual({ ok: false, error: 'signedOffOn: no such calendar day: 2026-02-30' });
    expect(parseSignOff({ signedOffOn: '2031-01-02' })).toMatchObject({
      ok: false,
      error: expect.stringContaining('signedOffOn 2031-01-02'),
    });
    expect(parseSignOff({ signedOn: '2026-07-15' })).toMatchObject({
      ok: false,
      error: expect.stringContaining('unknown field(s): signedOn'),
    });
  });

  it('refuses a sign-off dated before the inspection it follows; the inspection day itself is fine', () => {
    expect(checkSignOffDay({ comment: '', signedOffOn: '2026-06-29' }, inspectedOn)).toEqual({
      ok: false,
      error: 'signedOffOn 2026-06-29 is before the inspection on 2026-06-30: 销号 follows a passed inspection',
    });
    expect(checkSignOffDay({ comment: '', signedOffOn: inspectedOn }, inspectedOn).ok).toBe(true);
    expect(checkSignOffDay({ comment: '' }, inspectedOn).ok).toBe(true);
  });

  it('counts the follow-up from the sign-off: the recorded day, else today; a day after today is today', () => {
    const today = '2026-08-31';
    expect(followUpFromSignOff({ comment: '' }, today, p)).toEqual({ signedOffOn: today, followUpUntil: '2027-08-31' });
    expect(followUpFromSignOff({ comment: '', signedOffOn: '2026-07-31' }, today, p)).toEqual({
      signedOffOn: '2026-07-31',
      followUpUntil: '2027-07-31',
    });
    expect(followUpFromSignOff({ comment: '', signedOffOn: '2026-09-15' }, today, p)).toEqual({
      signedOffOn: today,
      followUpUntil: '2027-08-31',
    });
    // The policy's months, to the last day of a shorter month.
    expect(followUpFromSignOff({ comment: '' }, today, { ...p, followUpMonths: 6 }).followUpUntil).toBe('2027-02-28');
  });
});
