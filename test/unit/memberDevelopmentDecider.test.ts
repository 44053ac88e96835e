/**
 * What each decision of a member-development case records (domain/memberDevelopmentDecider.ts),
 * given the case's state, without Temporal: exact events, field by field; and how the
 * events change the state the case carries.
 */
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../domain/actors';
import { APPEND_TIME, type DomainEvent } from '../../domain/events';
import { DEFAULT_POLICY } from '../../domain/policy';
import { newApplication } from '../../domain/memberDevelopment';
import { type ConversionDecision } from '../../domain/memberDevelopmentForms';
import {
  decideActivistDesignation,
  decideActivistReview,
  decideAdmission,
  decideConversion,
  decideConversionClose,
  decideDevelopmentTarget,
  decideMassesVoteGate,
  decideMembersVoteGate,
  decideOath,
  decidePassFailGate,
  decideResubmission,
  decideTalk,
  decideTheoryExam,
  developmentOpened,
  developmentStopped,
  evolveDevelopment,
  roundFailed,
  stepScheduled,
} from '../../domain/memberDevelopmentDecider';
import { decider } from '../support/decider';

const p = DEFAULT_POLICY.memberDevelopment;
const caseId = 'member-development/p-0612';
const personId = 'p-0612';
const who = { caseId, personId };
const actor: Actor = { id: 'ts-01-committee', role: 'township-committee', townshipId: 'ts-01' };
const at = APPEND_TIME;

describe('applicant, activist, development target', () => {
  it('given an application, when the talk is recorded, then its day, who talked and the comment are recorded', () => {
    decider(decideTalk)
      .given(who)
      .when({ value: { on: '2026-02-01', talkedBy: '王书记', comment: '' }, actor })
      .then([{ type: 'ApplicantTalkRecorded', data: { caseId, personId, on: '2026-02-01', talkedBy: '王书记', comment: '', actor, at } }]);
  });

  it('given the policy, when an activist is designated, then the observation ends activistMinMonths later; a decline records nothing', () => {
    decider(decideActivistDesignation)
      .given({ ...who, policy: p })
      .when({ value: { outcome: 'designate', on: '2026-03-15', contacts: ['李四'] }, actor })
      .then([
        {
          type: 'ActivistDesignated',
          data: { caseId, personId, on: '2026-03-15', contacts: ['李四'], observationEndsOn: '2027-03-15', actor, at },
        },
      ]);
    decider(decideActivistDesignation)
      .given({ ...who, policy: p })
      .when({ value: { outcome: 'decline', reason: '条件不成熟' }, actor })
      .then([]);
  });

  it('given the second review, when recorded, then keep says whether the activist stays', () => {
    decider(decideActivistReview)
      .given({ ...who, index: 2 })
      .when({ value: { rating: 'concern', outcome: 'remove', comment: '表现差' }, actor })
      .then([
        { type: 'ActivistReviewed', data: { caseId, personId, index: 2, rating: 'concern', keep: false, comment: '表现差', actor, at } },
      ]);
  });

  it('given an activist, when made a development target, then the sponsors are recorded', () => {
    decider(decideDevelopmentTarget)
      .given(who)
      .when({ value: { on: '2027-04-01', sponsors: ['张三', '赵六'] }, actor })
      .then([{ type: 'DevelopmentTargetDesignated', data: { caseId, personId, on: '2027-04-01', sponsors: ['张三', '赵六'], actor, at } }]);
  });
});

describe('the gates of a round', () => {
  const gate = { ...who, round: 2, policy: p };

  it('given the pass mark 60, when 59 is scored, then the exam is recorded as failed with the mark it was held to', () => {
    decider(decideTheoryExam)
      .given(gate)
      .when({ value: { score: 59, trainingDays: 3, trainingHours: 24 }, actor })
      .then([
        {
          type: 'TheoryExamRecorded',
          data: { caseId, personId, round: 2, score: 59, passMark: 60, passed: false, trainingDays: 3, trainingHours: 24, actor, at },
        },
      ]);
    const [exam] = decider(decideTheoryExam)
      .given(gate)
      .when({ value: { score: 60, trainingDays: 3, trainingHours: 24 }, actor })
      .then([
        {
          type: 'TheoryExamRecorded',
          data: { caseId, personId, round: 2, score: 60, passMark: 60, passed: true, trainingDays: 3, trainingHours: 24, actor, at },
        },
      ]);
    expect(exam!.data.passed).toBe(true);
  });

  it('given a pass/fail gate, when decided, then the branch inspection is an inspection and the two reviews carry their level', () => {
    const value = { outcome: 'fail' as const, comment: '政审未通过' };
    decider(decidePassFailGate)
      .given({ ...who, round: 1, gate: 'branch-inspection' })
      .when({ value, actor })
      .then([{ type: 'BranchInspectionRecorded', data: { caseId, personId, round: 1, passed: false, comment: '政审未通过', actor, at } }]);
    decider(decidePassFailGate)
      .given({ ...who, round: 1, gate: 'township-review' })
      .when({ value: { outcome: 'pass', comment: '' }, actor })
      .then([
        {
          type: 'DevelopmentReviewRecorded',
          data: { caseId, personId, round: 1, level: 'township', passed: true, comment: '', actor, at },
        },
      ]);
    decider(decidePassFailGate)
      .given({ ...who, round: 1, gate: 'county-review' })
      .when({ value, actor })
      .then([
        {
          type: 'DevelopmentReviewRecorded',
          data: { caseId, personId, round: 1, level: 'county', passed: false, comment: '政审未通过', actor, at },
        },
      ]);
  });

  it('given at least half of those voting must approve, when 10 of 20 approve, then satisfied; 9 is not', () => {
    decider(decideMassesVoteGate)
      .given(gate)
      .when({ value: { cast: 20, approving: 10 }, actor })
      .then([
        {
          type: 'MassesVoteRecorded',
          data: { caseId, personId, round: 2, cast: 20, approving: 10, needed: 10, satisfied: true, actor, at },
        },
      ]);
    decider(decideMassesVoteGate)
      .given(gate)
      .when({ value: { cast: 20, approving: 9 }, actor })
      .then([
        {
          type: 'MassesVoteRecorded',
          data: { caseId, personId, round: 2, cast: 20, approving: 9, needed: 10, satisfied: false, actor, at },
        },
      ]);
  });

  it('given 9 members due, when 5 of 5 present vote yes, then approved; 4 yes is rejected (the share is of those due)', () => {
    const vote = (yes: number) => ({ on: '2027-06-01', eligible: 9, present: 5, yes, writtenYes: 0 });
    decider(decideMembersVoteGate)
      .given(gate)
      .when({ value: vote(5), actor })
      .then([
        {
          type: 'MembersVoteRecorded',
          data: {
            caseId,
            personId,
            round: 2,
            on: '2027-06-01',
            eligible: 9,
            present: 5,
            yes: 5,
            writtenYes: 0,
            needed: 5,
            approved: true,
            actor,
            at,
          },
        },
      ]);
    decider(decideMembersVoteGate)
      .given(gate)
      .when({ value: vote(4), actor })
      .then([
        {
          type: 'MembersVoteRecorded',
          data: {
            caseId,
            personId,
            round: 2,
            on: '2027-06-01',
            eligible: 9,
            present: 5,
            yes: 4,
            writtenYes: 0,
            needed: 5,
            approved: false,
            actor,
            at,
          },
        },
      ]);
  });

  it('given the assembly’s day, when admission is approved, then the probation runs from the assembly; a rejection records nothing', () => {
    const given = { ...who, assemblyOn: '2027-06-01', policy: p };
    decider(decideAdmission)
      .given(given)
      .when({ value: { outcome: 'approve', on: '2027-07-01', reason: '' }, actor })
      .then([
        {
          type: 'MemberAdmitted',
          data: {
            caseId,
            personId,
            assemblyOn: '2027-06-01',
            admittedOn: '2027-07-01',
            probationEndsOn: '2028-06-01',
            reason: '',
            actor,
            at,
          },
        },
      ]);
    decider(decideAdmission)
      .given(given)
      .when({ value: { outcome: 'reject', on: '2027-07-01', reason: '材料不全' }, actor })
      .then([]);
  });

  it('given a failed round, when resubmitted, then the next round starts from the gate; dropping records nothing', () => {
    const given = { ...who, failedRound: 1, fromGate: 'members-vote' as const };
    decider(decideResubmission)
      .given(given)
      .when({ value: { outcome: 'resubmit', comment: '' }, actor })
      .then([{ type: 'DevelopmentResubmitted', data: { caseId, personId, round: 2, fromGate: 'members-vote', comment: '', actor, at } }]);
    decider(decideResubmission)
      .given(given)
      .when({ value: { outcome: 'drop', comment: '本人放弃' }, actor })
      .then([]);
    expect(roundFailed(who, { round: 1, gate: 'members-vote', reason: 'r', blockedUntil: '2027-12-01' })).toEqual([
      {
        type: 'DevelopmentRoundFailed',
        data: { caseId, personId, round: 1, gate: 'members-vote', reason: 'r', blockedUntil: '2027-12-01' },
      },
    ]);
  });
});

describe('the probation (预备期)', () => {
  const given = { ...who, probationEndsOn: '2028-06-01' };
  const conversion = (outcome: ConversionDecision['outcome'], months: number | null, reason: string): ConversionDecision => ({
    outcome,
    on: '2028-06-10',
    months,
    reason,
    vote: { eligible: 9, present: 8, yes: 7, writtenYes: 0 },
  });

  it('given a probationary member, when the oath is taken, then its day is recorded', () => {
    decider(decideOath)
      .given(who)
      .when({ value: { on: '2027-07-10' }, actor })
      .then([{ type: 'OathTaken', data: { caseId, personId, on: '2027-07-10', actor, at } }]);
  });

  it('given the end of the probation, when it is extended 6 months, then the extension counts from that end and the case goes on', () => {
    decider(decideConversion)
      .given(given)
      .when({ value: conversion('extend', 6, '需继续考察'), actor })
      .then([
        {
          type: 'ProbationaryExtended',
          data: {
            caseId,
            personId,
            months: 6,
            previousEndsOn: '2028-06-01',
            probationEndsOn: '2028-12-01',
            decidedOn: '2028-06-10',
            reason: '需继续考察',
            actor,
            at,
          },
        },
      ]);
    decider(decideConversionClose)
      .given(given)
      .when({ value: conversion('extend', 6, '需继续考察'), actor })
      .then([]);
  });

  it('given the end of the probation, when converted, then full membership dates from that end and the case closes with it', () => {
    decider(decideConversion)
      .given(given)
      .when({ value: conversion('convert', null, ''), actor })
      .then([]);
    decider(decideConversionClose)
      .given(given)
      .when({ value: conversion('convert', null, ''), actor })
      .then([{ type: 'MemberConverted', data: { caseId, personId, fullOn: '2028-06-01', decidedOn: '2028-06-10', actor, at } }]);
    decider(decideConversionClose)
      .given(given)
      .when({ value: conversion('disqualify', null, '不履行义务'), actor })
      .then([{ type: 'ProbationaryDisqualified', data: { caseId, personId, decidedOn: '2028-06-10', reason: '不履行义务', actor, at } }]);
  });

  it('records a stop at the stage reached, and a wait for a calendar day', () => {
    expect(developmentStopped(who, { stage: 'activist', outcome: 'activist-removed', reason: '表现差', actor })).toEqual([
      {
        type: 'MemberDevelopmentStopped',
        data: { caseId, personId, stage: 'activist', outcome: 'activist-removed', reason: '表现差', actor, at },
      },
    ]);
    expect(stepScheduled(who, 'activist-review-1', '2026-09-15')).toEqual([
      { type: 'DevelopmentStepScheduled', data: { caseId, personId, step: 'activist-review-1', on: '2026-09-15' } },
    ]);
  });
});

describe('the state, as the events change it', () => {
  const evolve = evolveDevelopment(p);

  it('evolves the state through activist, target, a failed vote and its block, resubmission, admission, oath and extension', () => {
    let s = newApplication('2026-01-10');
    const step = (events: readonly DomainEvent[]) => {
      for (const e of events) s = evolve(s, e);
    };
    step(decideTalk({ value: { on: '2026-02-01', talkedBy: '王书记', comment: '' }, actor }, who));
    expect(s.talkedOn).toBe('2026-02-01');
    step(
      decideActivistDesignation({ value: { outcome: 'designate', on: '2026-03-15', contacts: ['李四'] }, actor }, { ...who, policy: p }),
    );
    expect([s.stage, s.activistOn, s.contacts]).toEqual(['activist', '2026-03-15', ['李四']]);
    step(decideActivistReview({ value: { rating: 'good', outcome: 'continue', comment: '' }, actor }, { ...who, index: 1 }));
    expect(s.reviewsDone).toBe(1);
    step(decideActivistReview({ value: { rating: 'concern', outcome: 'remove', comment: 'x' }, actor }, { ...who, index: 2 }));
    expect(s.reviewsDone).toBe(1);
    step(decideDevelopmentTarget({ value: { on: '2027-04-01', sponsors: ['张三', '赵六'] }, actor }, who));
    expect([s.stage, s.targetOn, s.sponsors, s.round, s.nextGate]).toEqual(['development-target', '2027-04-01', ['张三', '赵六'], 1, 0]);
    const vote = (yes: number) => ({ on: '2027-06-01', eligible: 9, present: 5, yes, writtenYes: 0 });
    step(decideMembersVoteGate({ value: vote(4), actor }, { ...who, round: 1, policy: p }));
    expect([s.voteNotBefore, s.assemblyOn]).toEqual(['2027-12-01', null]);
    step(roundFailed(who, { round: 1, gate: 'members-vote', reason: 'r', blockedUntil: '2027-12-01' }));
    expect(s.failed).toEqual({ gate: 'members-vote', blockedUntil: '2027-12-01' });
    step(decideResubmission({ value: { outcome: 'resubmit', comment: '' }, actor }, { ...who, failedRound: 1, fromGate: 'members-vote' }));
    expect([s.round, s.nextGate, s.failed]).toEqual([2, 5, null]);
    step(decideMembersVoteGate({ value: { ...vote(5), on: '2027-12-05' }, actor }, { ...who, round: 2, policy: p }));
    expect(s.assemblyOn).toBe('2027-12-05');
    step(
      decideAdmission(
        { value: { outcome: 'approve', on: '2028-01-05', reason: '' }, actor },
        { ...who, assemblyOn: '2027-12-05', policy: p },
      ),
    );
    expect([s.admittedOn, s.probationEndsOn]).toEqual(['2028-01-05', '2028-12-05']);
    step(decideOath({ value: { on: '2028-01-10' }, actor }, who));
    expect(s.oathOn).toBe('2028-01-10');
    const extend: ConversionDecision = {
      outcome: 'extend',
      on: '2028-12-10',
      months: 6,
      reason: 'r',
      vote: { eligible: 9, present: 8, yes: 7, writtenYes: 0 },
    };
    step(decideConversion({ value: extend, actor }, { ...who, probationEndsOn: '2028-12-05' }));
    expect([s.extended, s.probationEndsOn]).toEqual([true, '2029-06-05']);
    const before = s;
    step(stepScheduled(who, 'conversion-2', '2029-06-05'));
    expect(s).toBe(before);
  });
});

describe('opening a case', () => {
  it('given a new application, when the case opens, then it starts at the applicant stage with the earliest admission day', () => {
    const opening = { ...who, name: '张三', branchId: 'b-01', villageId: 'v-01', townshipId: 'ts-01', policyVersion: 'seed-2026' };
    expect(developmentOpened(opening, newApplication('2026-01-10'), p)).toEqual([
      {
        type: 'CaseStarted',
        data: {
          caseId,
          kind: 'member-development',
          subjectId: personId,
          townshipId: 'ts-01',
          policyVersion: 'seed-2026',
          startedAt: at,
          summary: '张三 发展党员',
        },
      },
      {
        type: 'MemberDevelopmentOpened',
        data: {
          caseId,
          personId,
          name: '张三',
          branchId: 'b-01',
          villageId: 'v-01',
          townshipId: 'ts-01',
          stage: 'applicant',
          appliedOn: '2026-01-10',
          activistOn: null,
          targetOn: null,
          admittedOn: null,
          probationEndsOn: null,
          earliestAdmissionOn: '2027-01-10',
        },
      },
    ]);
  });
});
