/**
 * What each step of a rectification case records (domain/rectificationDecider.ts), given
 * the case's state and the decision, without Temporal: the exact events, field by field.
 */
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../domain/actors';
import { APPEND_DATE, APPEND_TIME, type DomainEvent } from '../../domain/events';
import { DEFAULT_POLICY } from '../../domain/policy';
import {
  decideFollowUpReport,
  decideInspection,
  decidePlanDraft,
  decidePlanReview,
  decideProgressReport,
  decideReportLate,
  decideRoundStart,
  decideSignOff,
  decideSignOffAsInspected,
  decideStart,
  decideSupport,
} from '../../domain/rectificationDecider';
import { decider } from '../support/decider';

const p = DEFAULT_POLICY.rectification;
const caseId = 'rectification/ts-01-v03/2026';
const county: Actor = { id: 'org-staff', role: 'county-org-dept' };
const township: Actor = { id: 'ts-01-committee', role: 'township-committee', townshipId: 'ts-01' };
const round2 = { caseId, round: 2 };

/**
 * test/support/decider.ts's given/when/then, whose `then` here also compares each payload's
 * fields in order: toEqual does not look at the order, the stored JSON and the recorded
 * histories do.
 */
function inOrder<D, S, E extends DomainEvent>(decide: (decision: D, state: S) => E[]) {
  return {
    given: (state: S) => ({
      when: (decision: D) => {
        const step = decider(decide).given(state).when(decision);
        return {
          then(expected: E[]): E[] {
            const events = step.then(expected);
            expect(JSON.stringify(events)).toBe(JSON.stringify(expected));
            return events;
          },
          thenThrows: step.thenThrows,
        };
      },
    }),
  };
}

describe('the case starts (docs/domain.md §4.1)', () => {
  it('records CaseStarted, then the listing with its screening reasons', () => {
    const screening = { reasons: [{ kind: 'secretary-vacant' as const, since: '2025-03-01', months: 3 }], addedByCounty: false };
    const listing = {
      branchId: 'ts-01-v03',
      branchName: '三村',
      townshipId: 'ts-01',
      year: 2026,
      listedOn: '2026-03-02',
      screening,
      policyVersion: '2026.1',
    };
    inOrder(decideStart)
      .given({ caseId })
      .when(listing)
      .then([
        {
          type: 'CaseStarted',
          data: {
            caseId,
            kind: 'rectification',
            subjectId: 'ts-01-v03',
            townshipId: 'ts-01',
            policyVersion: '2026.1',
            startedAt: APPEND_TIME,
            summary: '三村 后进党组织整顿 2026',
          },
        },
        {
          type: 'RectificationStarted',
          data: { caseId, branchId: 'ts-01-v03', branchName: '三村', townshipId: 'ts-01', year: 2026, listedOn: '2026-03-02', screening },
        },
      ]);
  });

  it('a new round records the day it starts, from the failed inspection', () => {
    inOrder(decideRoundStart)
      .given(round2)
      .when({ startedOn: '2026-09-30' })
      .then([{ type: 'RectificationRoundStarted', data: { caseId, round: 2, startedOn: '2026-09-30', at: APPEND_TIME } }]);
  });
});

describe('support and plan (docs/domain.md §4.2, §4.3)', () => {
  const support = {
    countyLeader: '县委常委 王强',
    townshipLeader: '副镇长 李娜',
    firstSecretary: '县财政局 张伟',
    partnerAgency: '县财政局',
  };
  const plan = {
    problems: ['组织生活不规范'],
    measures: [{ measure: '每月主题党日', responsible: '村党支部书记', deadline: '2026-08-31' }],
    completeBy: '2026-08-31',
  };
  const reportsDue = [
    { period: 1, dueOn: '2026-04-02' },
    { period: 2, dueOn: '2026-05-02' },
  ];

  it('the county assigns the four supporters to the branch', () => {
    inOrder(decideSupport)
      .given({ caseId, branchId: 'ts-01-v03' })
      .when({ value: support, actor: county })
      .then([{ type: 'RectificationSupportAssigned', data: { caseId, branchId: 'ts-01-v03', support, actor: county, at: APPEND_TIME } }]);
  });

  it('a draft records its problems, measures and last deadline under its round and number', () => {
    inOrder(decidePlanDraft)
      .given({ ...round2, draft: 3 })
      .when({ value: plan, actor: township })
      .then([
        {
          type: 'RectificationPlanDrafted',
          data: {
            caseId,
            round: 2,
            draft: 3,
            problems: plan.problems,
            measures: plan.measures,
            completeBy: '2026-08-31',
            actor: township,
            at: APPEND_TIME,
          },
        },
      ]);
  });

  it('an approved draft fixes the reports due; a rejected one records the reason', () => {
    const review = inOrder(decidePlanReview).given({ ...round2, draft: 1, completeBy: '2026-08-31', reportsDue });
    review.when({ value: { outcome: 'approve', comment: '同意' }, actor: county }).then([
      {
        type: 'RectificationPlanApproved',
        data: { caseId, round: 2, draft: 1, completeBy: '2026-08-31', reportsDue, comment: '同意', actor: county, at: APPEND_TIME },
      },
    ]);
    review
      .when({ value: { outcome: 'reject', comment: '措施不具体' }, actor: county })
      .then([
        { type: 'RectificationPlanRejected', data: { caseId, round: 2, draft: 1, reason: '措施不具体', actor: county, at: APPEND_TIME } },
      ]);
  });
});

describe('progress reports (docs/domain.md §4.4)', () => {
  const due = { period: 2, dueOn: '2026-05-02' };

  it('a report is filed on the day recorded, against its period and due day', () => {
    inOrder(decideProgressReport)
      .given({ ...round2, due })
      .when({ value: { summary: '已召开党员大会' }, actor: township })
      .then([
        {
          type: 'ProgressReportFiled',
          data: {
            caseId,
            round: 2,
            period: 2,
            dueOn: '2026-05-02',
            filedOn: APPEND_DATE,
            summary: '已召开党员大会',
            actor: township,
            at: APPEND_TIME,
          },
        },
      ]);
  });

  it('an escalated report is late, naming its task', () => {
    inOrder(decideReportLate)
      .given({ ...round2, due })
      .when({ taskId: `${caseId}:round-2:report-2` })
      .then([
        {
          type: 'ProgressReportLate',
          data: { caseId, round: 2, period: 2, dueOn: '2026-05-02', taskId: `${caseId}:round-2:report-2`, at: APPEND_TIME },
        },
      ]);
  });
});

describe('acceptance inspection (docs/domain.md §4.5)', () => {
  const votes = { satisfied: 12, basicallySatisfied: 4, dissatisfied: 2 };
  const state = { ...round2, inspection: 1, policy: p };

  it('records the votes, the findings given and the outcome the policy gives on the inspection day', () => {
    const findings = { report: '台账齐全', onSiteCheck: '阵地已整修' };
    inOrder(decideInspection)
      .given(state)
      .when({ value: { scoreHundredths: 7250, votes, findings }, actor: county, inspectedOn: '2026-09-30' })
      .then([
        {
          type: 'RectificationInspected',
          data: {
            caseId,
            round: 2,
            inspection: 1,
            inspectedOn: '2026-09-30',
            votes,
            findings,
            outcome: { scoreHundredths: 7250, raters: 18, dissatisfied: 2, result: 'pass', followUpUntil: '2027-09-30' },
            actor: county,
          },
        },
      ]);
  });

  it('a basic pass without findings records no findings field, and its consolidation end', () => {
    const [event] = inOrder(decideInspection)
      .given({ ...state, inspection: 2 })
      .when({ value: { scoreHundredths: 6500, votes }, actor: county, inspectedOn: '2026-09-30' })
      .then([
        {
          type: 'RectificationInspected',
          data: {
            caseId,
            round: 2,
            inspection: 2,
            inspectedOn: '2026-09-30',
            votes,
            outcome: { scoreHundredths: 6500, raters: 18, dissatisfied: 2, result: 'basic-pass', consolidateUntil: '2027-03-30' },
            actor: county,
          },
        },
      ]);
    expect(event!.data).not.toHaveProperty('findings');
  });

  it('refuses an inspection rated by too few representatives: the task should have refused it', () => {
    inOrder(decideInspection)
      .given(state)
      .when({
        value: { scoreHundredths: 9000, votes: { satisfied: 10, basicallySatisfied: 0, dissatisfied: 0 } },
        actor: county,
        inspectedOn: '2026-09-30',
      })
      .thenThrows(/was accepted but is not valid: the inspection needs at least 15 representatives/);
  });
});

describe('sign-off and follow-up (docs/domain.md §4.6)', () => {
  it('signs off on the recorded day and follows up 12 months from it', () => {
    inOrder(decideSignOff)
      .given({ ...round2, policy: p })
      .when({ value: { comment: '同意销号', signedOffOn: '2026-10-15' }, actor: county, today: '2026-11-02' })
      .then([
        {
          type: 'RectificationSignedOff',
          data: { caseId, round: 2, signedOffOn: '2026-10-15', followUpUntil: '2027-10-15', comment: '同意销号', actor: county },
        },
      ]);
  });

  it('signs off today when no day is recorded', () => {
    inOrder(decideSignOff)
      .given({ ...round2, policy: p })
      .when({ value: { comment: '' }, actor: county, today: '2026-11-02' })
      .then([
        {
          type: 'RectificationSignedOff',
          data: { caseId, round: 2, signedOffOn: '2026-11-02', followUpUntil: '2027-11-02', comment: '', actor: county },
        },
      ]);
  });

  it('a sign-off opened before the patch: the day recorded, and the follow-up end its inspection gave', () => {
    inOrder(decideSignOffAsInspected)
      .given({ ...round2, followUpUntil: '2027-09-30' })
      .when({ value: { comment: '同意销号' }, actor: county })
      .then([
        {
          type: 'RectificationSignedOff',
          data: { caseId, round: 2, signedOffOn: APPEND_DATE, followUpUntil: '2027-09-30', comment: '同意销号', actor: county },
        },
      ]);
  });

  it('the follow-up report is dated the day recorded', () => {
    inOrder(decideFollowUpReport)
      .given({ caseId })
      .when({ value: { summary: '整改成效巩固' }, actor: township })
      .then([
        { type: 'RectificationFollowUpReported', data: { caseId, reportedOn: APPEND_DATE, summary: '整改成效巩固', actor: township } },
      ]);
  });
});
