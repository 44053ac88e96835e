/**
 * 发展党员 rules and decision parsers (domain/memberDevelopment.ts), and the demo
 * membership register (demo/membership.ts).
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../domain/policy';
import { generateDemoCounty } from '../../demo/county';
import { DEMO_MEMBERSHIP_COUNTS, demoDevelopmentCases, demoMembershipEvents, generateDemoMembership } from '../../demo/membership';
import {
  activistReviewDates,
  approvalDueOn,
  approvalLatestOn,
  earliestAdmissionOn,
  GATES,
  massesVoteOutcome,
  membersVoteOutcome,
  newApplication,
  observationEndsOn,
  personOfCase,
  probationEndsOn,
  resubmissionBlockedUntil,
  resumeGate,
  stateFromRegister,
  STEP,
  talkDueOn,
  theoryExamPassed,
  workingDaysUntil,
  type DevelopmentState,
} from '../../domain/memberDevelopment';
import {
  applyConversion,
  checkActivistDesignation,
  checkAdmission,
  checkConversion,
  checkDevelopmentTarget,
  checkMembersVote,
  checkTalk,
  checkTheoryExam,
  parseActivistDesignation,
  parseActivistReview,
  parseAdmission,
  parseConversion,
  parseDevelopmentTarget,
  parseMassesVote,
  parseMembersVote,
  parsePassFail,
  parseResubmission,
  parseTalk,
  parseTheoryExam,
  type ConversionDecision,
} from '../../domain/memberDevelopmentForms';

const p = DEFAULT_POLICY.memberDevelopment;

function value<T>(parsed: { ok: true; value: T } | { ok: false; error: string }): T {
  if (!parsed.ok) throw new Error(`expected ok, got: ${parsed.error}`);
  return parsed.value;
}

function error(parsed: { ok: boolean; error?: string }): string {
  expect(parsed.ok).toBe(false);
  return parsed.error ?? '';
}

const activist: DevelopmentState = { ...newApplication('2025-01-10'), stage: 'activist', talkedOn: '2025-01-20', activistOn: '2025-03-01' };
const target: DevelopmentState = { ...activist, stage: 'development-target', reviewsDone: 2, targetOn: '2026-03-05' };
const voted: DevelopmentState = { ...target, nextGate: GATES.indexOf('county-review'), assemblyOn: '2026-05-10' };
const probationary: DevelopmentState = {
  ...voted,
  stage: 'probationary',
  nextGate: GATES.length,
  admittedOn: '2026-06-01',
  probationEndsOn: '2027-05-10',
};
const vote = { eligible: 30, present: 25, yes: 20, writtenYes: 0 };

describe('the calendar of a case', () => {
  it('talk within a month of the application; activist observed a year with half-yearly reviews', () => {
    expect(talkDueOn('2026-01-31', p)).toBe('2026-02-28');
    expect(observationEndsOn('2025-03-01', p)).toBe('2026-03-01');
    expect(activistReviewDates('2025-03-01', p)).toEqual(['2025-09-01', '2026-03-01']);
    expect(activistReviewDates('2025-03-01', { ...p, activistReviewEveryMonths: 4 })).toEqual(['2025-07-01', '2025-11-01', '2026-03-01']);
  });

  it('a failed members’ vote blocks resubmission for six months; approval within three, at most six; probation a year from the assembly', () => {
    expect(resubmissionBlockedUntil('2026-05-10', p)).toBe('2026-11-10');
    expect(approvalDueOn('2026-05-10', p)).toBe('2026-08-10');
    expect(approvalLatestOn('2026-05-10', p)).toBe('2026-11-10');
    expect(probationEndsOn('2026-05-10', p)).toBe('2027-05-10');
  });

  it('forecasts the first possible admission of each stage', () => {
    expect(earliestAdmissionOn(newApplication('2026-04-02'), p)).toBe('2027-04-02');
    expect(earliestAdmissionOn(activist, p)).toBe('2026-03-01');
    expect(earliestAdmissionOn(target, p)).toBe('2026-03-05');
    expect(earliestAdmissionOn({ ...target, failed: { gate: 'members-vote', blockedUntil: '2026-11-10' } }, p)).toBe('2026-11-10');
    expect(earliestAdmissionOn(probationary, p)).toBeNull();
  });

  it('gives a task opened after its deadline one working day, and the default outside the calendar', () => {
    expect(workingDaysUntil('2026-03-02', '2026-03-06', 10)).toBe(4);
    expect(workingDaysUntil('2026-03-10', '2026-03-06', 10)).toBe(1);
    expect(workingDaysUntil('2029-12-20', '2030-01-20', 10)).toBe(10);
  });

  it('names every step uniquely across rounds, reviews and the extension', () => {
    expect(STEP.gate('members-vote', 1)).toBe('members-vote');
    expect(STEP.gate('members-vote', 2)).toBe('members-vote-r2');
    expect(STEP.review(2)).toBe('activist-review-2');
    expect(STEP.resubmission(1)).toBe('resubmission-1');
    expect([STEP.conversion(false), STEP.conversion(true)]).toEqual(['conversion', 'conversion-2']);
    expect(personOfCase('member-development/p-1200')).toBe('p-1200');
    expect(personOfCase('probation/p-1/x')).toBeUndefined();
  });
});

describe('the gates', () => {
  it('两考: the exam against the pass mark, after training of the policy’s days and hours', () => {
    expect(theoryExamPassed(p.theoryExamPassMark, p)).toBe(true);
    expect(theoryExamPassed(p.theoryExamPassMark - 1, p)).toBe(false);
    expect(error(checkTheoryExam({ score: 90, trainingDays: 2, trainingHours: 24 }, p))).toMatch(/at least 3 days and 24 hours/);
    expect(error(checkTheoryExam({ score: 90, trainingDays: 3, trainingHours: 20 }, p))).toMatch(/got 3 days and 20 hours/);
    expect(checkTheoryExam({ score: 90, trainingDays: 3, trainingHours: 24 }, p).ok).toBe(true);
    expect(error(parseTheoryExam({ score: 101, trainingDays: 3, trainingHours: 24 }))).toMatch(/out of 100/);
  });

  it('群众满意票: fewer than half approving is not admitted; exactly half is', () => {
    expect(massesVoteOutcome({ cast: 40, approving: 20 }, p)).toMatchObject({ outcome: 'satisfied', needed: 20 });
    expect(massesVoteOutcome({ cast: 40, approving: 19 }, p)).toMatchObject({ outcome: 'not-satisfied', needed: 20 });
    expect(error(parseMassesVote({ cast: 10, approving: 11 }))).toMatch(/cannot exceed/);
  });

  it('党员赞成票: more than half of those due attend, yes more than half of those due (not of those present)', () => {
    expect(membersVoteOutcome({ eligible: 9, present: 5, yes: 5, writtenYes: 0 }, p)).toMatchObject({ outcome: 'approved', needed: 5 });
    expect(membersVoteOutcome({ eligible: 9, present: 5, yes: 4, writtenYes: 0 }, p)).toMatchObject({ outcome: 'rejected' });
    expect(membersVoteOutcome({ eligible: 10, present: 8, yes: 5, writtenYes: 0 }, p)).toMatchObject({ outcome: 'rejected', needed: 6 });
    expect(membersVoteOutcome({ eligible: 10, present: 8, yes: 5, writtenYes: 1 }, p)).toMatchObject({ outcome: 'approved' });
    expect(membersVoteOutcome({ eligible: 10, present: 5, yes: 5, writtenYes: 0 }, p)).toMatchObject({ outcome: 'no-quorum', needed: 6 });
  });

  it('refuses to record an assembly without quorum, or one held before the block ended', () => {
    const d = value(parseMembersVote({ on: '2026-05-10', eligible: 10, present: 5, yes: 5 }));
    expect(error(checkMembersVote(d, target, p))).toMatch(/no quorum: 5 of 10 present, at least 6 needed/);
    const early = value(parseMembersVote({ on: '2026-10-01', ...vote }));
    expect(error(checkMembersVote(early, { ...target, voteNotBefore: '2026-11-10' }, p))).toMatch(/before the end of the block/);
    expect(checkMembersVote({ ...early, on: '2026-11-10' }, { ...target, voteNotBefore: '2026-11-10' }, p).ok).toBe(true);
    expect(error(checkMembersVote({ ...early, on: '2026-03-01' }, target, p))).toMatch(/before the choice of the development target/);
  });

  it('两审 and the branch inspection: a failure needs a reason', () => {
    expect(value(parsePassFail({ outcome: 'pass' }))).toEqual({ outcome: 'pass', comment: '' });
    expect(error(parsePassFail({ outcome: 'fail' }))).toMatch(/comment is required/);
    expect(error(parsePassFail({ outcome: 'maybe' }))).toMatch(/pass \| fail/);
  });

  it('approval within three months of the assembly; later needs a reason; after six months refused', () => {
    const approve = (on: string, reason = '') => value(parseAdmission({ outcome: 'approve', on, reason }));
    expect(checkAdmission(approve('2026-08-10'), voted, p).ok).toBe(true);
    expect(error(checkAdmission(approve('2026-08-11'), voted, p))).toMatch(/give the reason for the delay/);
    expect(checkAdmission(approve('2026-08-11', '党委换届'), voted, p).ok).toBe(true);
    expect(error(checkAdmission(approve('2026-11-11', '党委换届'), voted, p))).toMatch(/within 6 months .* by 2026-11-10/);
    expect(error(checkAdmission(approve('2026-05-01'), voted, p))).toMatch(/before the branch assembly/);
    expect(error(parseAdmission({ outcome: 'reject', on: '2026-06-01' }))).toMatch(/reason is required/);
  });

  it('a resubmitted target starts again at the failed gate; after a rejected approval, at the branch assembly', () => {
    expect(resumeGate('members-vote')).toBe('members-vote');
    expect(resumeGate('masses-vote')).toBe('masses-vote');
    expect(resumeGate('approval')).toBe('members-vote');
  });
});

describe('activist and development target', () => {
  it('1–2 contacts; two sponsors; dates after the application', () => {
    expect(value(parseActivistDesignation({ on: '2025-03-01', contacts: '王芳、李强' }))).toEqual({
      outcome: 'designate',
      on: '2025-03-01',
      contacts: ['王芳', '李强'],
    });
    expect(error(parseActivistDesignation({ on: '2025-03-01', contacts: ['a', 'b', 'c'] }))).toMatch(/1 to 2 people, got 3/);
    expect(error(parseActivistDesignation({ on: '2025-03-01', contacts: [] }))).toMatch(/1 to 2 people, got 0/);
    expect(value(parseActivistDesignation({ outcome: 'decline', reason: '表现一般' }))).toEqual({ outcome: 'decline', reason: '表现一般' });
    const early = value(parseActivistDesignation({ on: '2025-01-05', contacts: '王芳' }));
    expect(error(checkActivistDesignation(early, newApplication('2025-01-10')))).toMatch(/before the application/);
    expect(error(parseDevelopmentTarget({ on: '2026-03-05', sponsors: '王芳' }))).toMatch(/must name 2 people, got 1/);
    expect(error(parseDevelopmentTarget({ on: '2026-03-05', sponsors: '王芳,王芳' }))).toMatch(/twice/);
  });

  it('a development target only after a year of observation', () => {
    const d = value(parseDevelopmentTarget({ on: '2026-02-28', sponsors: ['王芳', '李强'] }));
    expect(error(checkDevelopmentTarget(d, activist, p))).toMatch(/observed for 12 months \(since 2025-03-01\).*not before 2026-03-01/);
    expect(checkDevelopmentTarget({ ...d, on: '2026-03-01' }, activist, p).ok).toBe(true);
  });

  it('a review may remove the activist, with a reason', () => {
    expect(value(parseActivistReview({ rating: 'good' }))).toEqual({ rating: 'good', outcome: 'continue', comment: '' });
    expect(error(parseActivistReview({ rating: 'concern', outcome: 'remove' }))).toMatch(/comment is required to remove/);
  });

  it('refuses malformed dates, unknown fields and a talk dated before the application', () => {
    expect(error(parseTalk({ on: '2026-02-30', talkedBy: '王芳' }))).toMatch(/on: no such calendar day: 2026-02-30/);
    expect(error(parseTalk({ on: '2026-02-03', talkedBy: '王芳', mood: 'ok' }))).toMatch(/unknown field\(s\): mood/);
    expect(error(parseTalk({ on: '2026-02-03' }))).toMatch(/talkedBy is required/);
    const talk = value(parseTalk({ on: '2025-01-05', talkedBy: '王芳' }));
    expect(error(checkTalk(talk, newApplication('2025-01-10')))).toMatch(/before the application/);
    expect(error(parseResubmission({ outcome: 'drop' }))).toMatch(/comment is required/);
  });
});

describe('conversion', () => {
  const conversion = (fields: Record<string, unknown>): ConversionDecision => value(parseConversion({ on: '2027-05-20', vote, ...fields }));

  it('converts from the end of the probation', () => {
    const d = conversion({ outcome: 'convert' });
    expect(checkConversion(d, probationary, p).ok).toBe(true);
    expect(applyConversion(d, probationary)).toEqual({ outcome: 'convert', fullOn: '2027-05-10' });
    expect(error(checkConversion({ ...d, on: '2027-05-01' }, probationary, p))).toMatch(/before the end of the probation/);
  });

  it('extends once, for 6 to 12 months, from the end of the probation', () => {
    for (const months of [5, 13]) {
      expect(error(checkConversion(conversion({ outcome: 'extend', months, reason: '需继续考察' }), probationary, p))).toMatch(
        /months must be 6 to 12/,
      );
    }
    const six = conversion({ outcome: 'extend', months: 6, reason: '需继续考察' });
    expect(checkConversion(six, probationary, p).ok).toBe(true);
    expect(applyConversion(six, probationary)).toEqual({ outcome: 'extend', months: 6, probationEndsOn: '2027-11-10' });
    expect(checkConversion(conversion({ outcome: 'extend', months: 12, reason: '需继续考察' }), probationary, p).ok).toBe(true);
    expect(error(checkConversion(six, { ...probationary, extended: true }, p))).toMatch(/extended once already/);
    expect(error(parseConversion({ outcome: 'extend', on: '2027-05-20', reason: 'x', vote }))).toMatch(/months must be a whole number/);
  });

  it('disqualifies with a reason; the assembly’s resolution must have passed', () => {
    expect(error(parseConversion({ outcome: 'disqualify', on: '2027-05-20', vote }))).toMatch(/reason is required to disqualify/);
    const rejected = conversion({ outcome: 'convert', vote: { eligible: 30, present: 20, yes: 15 } });
    expect(error(checkConversion(rejected, probationary, p))).toMatch(/15 yes of 30 due to attend, at least 16 needed/);
    const noQuorum = conversion({ outcome: 'convert', vote: { eligible: 30, present: 15, yes: 15 } });
    expect(error(checkConversion(noQuorum, probationary, p))).toMatch(/no quorum/);
  });
});

describe('a person taken over from the register', () => {
  it('opens at their stage, the latest review due left open', () => {
    const entry = { appliedOn: '2025-01-10', activistOn: '2025-03-01', targetOn: null, admittedOn: null, probationEndsOn: null };
    expect(stateFromRegister({ ...entry, status: 'activist' }, '2025-10-01', p)).toMatchObject({ stage: 'activist', reviewsDone: 0 });
    expect(stateFromRegister({ ...entry, status: 'activist' }, '2026-04-01', p)).toMatchObject({ stage: 'activist', reviewsDone: 1 });
    expect(stateFromRegister({ ...entry, status: 'activist' }, '2025-08-01', p)).toMatchObject({ reviewsDone: 0 });
    expect(stateFromRegister({ ...entry, status: 'development-target', targetOn: '2026-03-05' }, '2026-04-01', p)).toMatchObject({
      stage: 'development-target',
      nextGate: 0,
      round: 1,
    });
    expect(
      stateFromRegister({ ...entry, status: 'probationary', admittedOn: '2026-06-01', probationEndsOn: '2027-05-10' }, '2026-07-01', p),
    ).toMatchObject({ stage: 'probationary', assemblyOn: '2026-05-10', oathOn: null });
    expect(stateFromRegister({ ...entry, status: 'full' }, '2026-07-01', p)).toBeUndefined();
  });
});

describe('the demo membership register', () => {
  const county = generateDemoCounty();
  const asOf = '2026-11-28';
  const m = generateDemoMembership({ asOf, policy: p, county });
  const orgs = new Map(m.organizations.map((o) => [o.orgUnitId, o]));
  const count = (category: string) => m.organizations.filter((o) => o.category === category).length;

  it('has a branch in every village and the county’s 5 + 6 special organizations', () => {
    const villageBranches = m.organizations.filter((o) => o.category === 'village-branch');
    expect(new Set(villageBranches.map((o) => o.villageId))).toEqual(new Set(county.villages.map((v) => v.orgUnitId)));
    expect(villageBranches).toHaveLength(184);
    expect(count('mobile')).toBe(DEMO_MEMBERSHIP_COUNTS.mobileOrganizations);
    expect([count('economic-association'), count('demonstration-base'), count('industrial-park')]).toEqual([2, 3, 1]);
    const townships = new Set(county.townships.map((t) => t.orgUnitId));
    expect(m.organizations.every((o) => townships.has(o.townshipId))).toBe(true);
  });

  it('lists 500 activists over the villages, 620 mobile members, and people at every stage', () => {
    const activists = m.people.filter((e) => e.status === 'activist');
    expect(activists).toHaveLength(500);
    const villagesWithActivists = new Set(activists.map((e) => orgs.get(e.branchId)!.villageId));
    expect(villagesWithActivists.size).toBe(184);
    expect(activists.every((e) => orgs.get(e.branchId)!.category === 'village-branch')).toBe(true);
    const mobile = m.people.filter((e) => e.mobile);
    expect(mobile).toHaveLength(620);
    expect(mobile.every((e) => orgs.get(e.branchId)!.category === 'mobile' && e.status === 'full')).toBe(true);
    const statuses = new Set(m.people.map((e) => e.status));
    expect(statuses).toEqual(new Set(['applicant', 'activist', 'development-target', 'probationary', 'full', 'disqualified']));
    for (const o of m.organizations) expect(m.people.some((e) => e.branchId === o.orgUnitId && e.status === 'full')).toBe(true);
  });

  it('is deterministic, with person ids after the county’s cadres, and dates no later than asOf', () => {
    const again = generateDemoMembership({ asOf, policy: p, county });
    expect(again).toEqual(m);
    const ids = m.people.map((e) => e.personId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids[0]).toBe(`p-${county.people.length + 1}`);
    const dates = m.people.flatMap((e) => [e.appliedOn, e.activistOn, e.targetOn, e.admittedOn]).filter((d): d is string => d !== null);
    expect(dates.every((d) => d <= asOf)).toBe(true);
    expect(
      m.people.filter((e) => e.status === 'activist').every((e) => e.earliestAdmissionOn === observationEndsOn(e.activistOn!, p)),
    ).toBe(true);
  });

  it('as events: each organization’s unit and entry, then its people in one stream', () => {
    const events = demoMembershipEvents(m);
    expect(events.filter((e) => e.event.type === 'OrgUnitEstablished')).toHaveLength(m.organizations.length);
    expect(events.filter((e) => e.event.type === 'PartyOrganizationRegistered')).toHaveLength(m.organizations.length);
    expect(events.filter((e) => e.event.type === 'MembershipRecorded')).toHaveLength(m.people.length);
    expect(new Set(events.filter((e) => e.event.type === 'MembershipRecorded').map((e) => e.streamId)).size).toBe(m.organizations.length);
  });

  it('starts demo cases in every township, at every stage', () => {
    const cases = demoDevelopmentCases(m, p);
    expect(new Set(cases.map((c) => c.townshipId)).size).toBe(12);
    expect(new Set(cases.map((c) => c.state.stage))).toEqual(new Set(['applicant', 'activist', 'development-target', 'probationary']));
    expect(new Set(cases.map((c) => c.personId)).size).toBe(cases.length);
    for (const c of cases) {
      const entry = m.people.find((e) => e.personId === c.personId)!;
      expect(entry.status).toBe(c.state.stage);
      expect(orgs.get(c.branchId)!.townshipId).toBe(c.townshipId);
    }
  });
});
