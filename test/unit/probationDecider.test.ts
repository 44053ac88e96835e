/**
 * What a probation case records (domain/probationDecider.ts), given/when/then without
 * Temporal. The last test pins the events' field order as the log has always recorded it.
 */
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../domain/actors';
import { APPEND_DATE, APPEND_TIME } from '../../domain/events';
import { DEFAULT_POLICY } from '../../domain/policy';
import {
  appointmentTakesEffect,
  caseOpened,
  decideAssessment,
  decideCheckIn,
  decideCountyDecision,
  decideEndEarly,
  decideRecommendation,
  type ProbationCase,
} from '../../domain/probationDecider';
import { decider } from '../support/decider';

const c: ProbationCase = {
  caseId: 'probation/p-0005/2026-01-15',
  personId: 'p-0005',
  personName: '张伟',
  orgUnitId: 'ts-03',
  townshipId: 'ts-03',
  title: '副镇长',
  trialRank: '副科级',
  previousRank: '科员',
  appointedOn: '2026-01-15',
  endsOn: '2027-01-15',
  assignmentId: 'probation/p-0005/2026-01-15/post',
  policyVersion: '2026.1',
  policy: DEFAULT_POLICY.probation,
};
const committee: Actor = { id: 'ts-03-secretary', role: 'township-committee', townshipId: 'ts-03' };
const county: Actor = { id: 'org-1', role: 'county-org-dept' };

describe('a probation case opens and its appointment takes effect', () => {
  it('given a cadre appointed on trial, when the case opens, then it records the case with who is on trial in which post', () => {
    expect(caseOpened(c)).toEqual([
      {
        type: 'CaseStarted',
        data: {
          caseId: c.caseId,
          kind: 'probation',
          subjectId: 'p-0005',
          townshipId: 'ts-03',
          policyVersion: '2026.1',
          startedAt: APPEND_TIME,
          summary: '张伟 试任 副镇长',
        },
      },
    ]);
  });

  it('given the appointment, when it takes effect, then the trial post is assigned at the trial rank and the probation starts', () => {
    expect(appointmentTakesEffect(c)).toEqual([
      {
        type: 'PostAssigned',
        data: {
          assignmentId: c.assignmentId,
          personId: 'p-0005',
          orgUnitId: 'ts-03',
          title: '副镇长',
          rank: '副科级',
          startedOn: '2026-01-15',
          onTrial: true,
        },
      },
      {
        type: 'ProbationStarted',
        data: {
          caseId: c.caseId,
          personId: 'p-0005',
          assignmentId: c.assignmentId,
          orgUnitId: 'ts-03',
          title: '副镇长',
          trialRank: '副科级',
          previousRank: '科员',
          appointedOn: '2026-01-15',
          endsOn: '2027-01-15',
        },
      },
    ]);
  });
});

describe('decisions during the probation', () => {
  it('given a probation, when the township committee checks in for the second time, then the check-in is recorded with its index', () => {
    decider(decideCheckIn)
      .given(c)
      .when({ decision: { rating: 'concern', comment: '群众反映工作作风' }, actor: committee, index: 2 })
      .then([
        {
          type: 'ProbationCheckInRecorded',
          data: {
            caseId: c.caseId,
            personId: 'p-0005',
            index: 2,
            rating: 'concern',
            comment: '群众反映工作作风',
            actor: committee,
            at: APPEND_TIME,
          },
        },
      ]);
  });

  it('given the 2/3 policy share, when 19 of 30 votes are competent or excellent, then the rating is recorded as below the threshold', () => {
    const votes = { excellent: 10, competent: 9, basicallyCompetent: 6, notCompetent: 5 };
    decider(decideAssessment)
      .given(c)
      .when({ votes })
      .then([
        {
          type: 'ProbationAssessed',
          data: {
            caseId: c.caseId,
            personId: 'p-0005',
            votes,
            approval: { favourable: 19, cast: 30 },
            meetsThreshold: false,
            at: APPEND_TIME,
          },
        },
      ]);
  });

  it('given a probation at its end, when the township committee recommends, then its recommendation and reason are recorded', () => {
    decider(decideRecommendation)
      .given(c)
      .when({ decision: { outcome: 'confirm', reason: '' }, actor: committee })
      .then([
        {
          type: 'ProbationRecommended',
          data: { caseId: c.caseId, personId: 'p-0005', recommendation: 'confirm', reason: '', actor: committee, at: APPEND_TIME },
        },
      ]);
  });
});

describe('how the probation ends', () => {
  it('given a probation, when the county confirms, then the probation and the post are confirmed on the day it is recorded', () => {
    decider(decideCountyDecision)
      .given(c)
      .when({ decision: { outcome: 'confirm', reason: '' }, actor: county })
      .then([
        {
          type: 'ProbationConfirmed',
          data: { caseId: c.caseId, personId: 'p-0005', assignmentId: c.assignmentId, confirmedOn: APPEND_DATE, actor: county },
        },
        { type: 'PostConfirmed', data: { assignmentId: c.assignmentId, personId: 'p-0005', confirmedOn: APPEND_DATE } },
      ]);
  });

  it('given a probation, when the county removes the trial post, then it fails, the post ends and the previous rank is restored', () => {
    decider(decideCountyDecision)
      .given(c)
      .when({ decision: { outcome: 'remove', reason: '试用期满考核不称职' }, actor: county })
      .then([
        {
          type: 'ProbationFailed',
          data: {
            caseId: c.caseId,
            personId: 'p-0005',
            assignmentId: c.assignmentId,
            endedOn: APPEND_DATE,
            restoredRank: '科员',
            reason: '试用期满考核不称职',
            actor: county,
          },
        },
        {
          type: 'PostEnded',
          data: { assignmentId: c.assignmentId, personId: 'p-0005', endedOn: APPEND_DATE, reason: 'removed-after-probation' },
        },
      ]);
  });

  it('given a probation, when the county ends it early, then it ends early, the post ends early and the previous rank is restored', () => {
    decider(decideEndEarly)
      .given(c)
      .when({ decision: { reason: '严重违纪' }, actor: county })
      .then([
        {
          type: 'ProbationEndedEarly',
          data: {
            caseId: c.caseId,
            personId: 'p-0005',
            assignmentId: c.assignmentId,
            endedOn: APPEND_DATE,
            restoredRank: '科员',
            reason: '严重违纪',
            actor: county,
          },
        },
        { type: 'PostEnded', data: { assignmentId: c.assignmentId, personId: 'p-0005', endedOn: APPEND_DATE, reason: 'ended-early' } },
      ]);
  });

  it('records every field in the order the log has always recorded it', () => {
    const keys = (events: Array<{ data: object }>) => events.map((e) => Object.keys(e.data));
    expect(keys(decideEndEarly({ decision: { reason: 'r' }, actor: county }, c))).toEqual([
      ['caseId', 'personId', 'assignmentId', 'endedOn', 'restoredRank', 'reason', 'actor'],
      ['assignmentId', 'personId', 'endedOn', 'reason'],
    ]);
    expect(keys(decideCountyDecision({ decision: { outcome: 'confirm', reason: '' }, actor: county }, c))).toEqual([
      ['caseId', 'personId', 'assignmentId', 'confirmedOn', 'actor'],
      ['assignmentId', 'personId', 'confirmedOn'],
    ]);
    expect(keys(decideCheckIn({ decision: { rating: 'good', comment: '' }, actor: committee, index: 1 }, c))).toEqual([
      ['caseId', 'personId', 'index', 'rating', 'comment', 'actor', 'at'],
    ]);
    expect(keys(decideAssessment({ votes: { excellent: 1, competent: 0, basicallyCompetent: 0, notCompetent: 0 } }, c))).toEqual([
      ['caseId', 'personId', 'votes', 'approval', 'meetsThreshold', 'at'],
    ]);
    expect(keys(decideRecommendation({ decision: { outcome: 'remove', reason: 'r' }, actor: committee }, c))).toEqual([
      ['caseId', 'personId', 'recommendation', 'reason', 'actor', 'at'],
    ]);
    expect(keys([...caseOpened(c), ...appointmentTakesEffect(c)])).toEqual([
      ['caseId', 'kind', 'subjectId', 'townshipId', 'policyVersion', 'startedAt', 'summary'],
      ['assignmentId', 'personId', 'orgUnitId', 'title', 'rank', 'startedOn', 'onTrial'],
      ['caseId', 'personId', 'assignmentId', 'orgUnitId', 'title', 'trialRank', 'previousRank', 'appointedOn', 'endsOn'],
    ]);
  });
});
