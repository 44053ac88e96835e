import { describe, it } from 'vitest';
import type { Actor } from '../../domain/actors';
import { APPEND_TIME } from '../../domain/events';
import type { CheckResult } from '../../domain/selection';
import { cancelAppointment, decideAppointment, decideCheck, decideCommitteeVote, decideTargets } from '../../domain/selectionDecider';
import { decider } from '../support/decider';

const actor: Actor = { id: 'org-staff', role: 'county-org-dept' };
const caseId = 'selection/ts-01/deputy-head/2026-03-02';
const pass = (check: CheckResult['check']): CheckResult => ({ check, passed: true, findings: '' });
const fail = (check: CheckResult['check'], findings: string): CheckResult => ({ check, passed: false, findings });

describe('selection decisions', () => {
  it('given a target with two checks passed, when a third passes, then only the check is recorded', () => {
    decider(decideCheck)
      .given({ caseId, round: 1, personId: 'p-1', earlier: [pass('personnel-file'), pass('petitions')] })
      .when({ value: pass('personal-matters'), actor })
      .then([
        {
          type: 'InspectionCheckReturned',
          data: { caseId, round: 1, personId: 'p-1', check: 'personal-matters', passed: true, findings: '', actor, at: APPEND_TIME },
        },
      ]);
  });

  it('given a target, when the discipline opinion fails, then the target is removed with the findings', () => {
    decider(decideCheck)
      .given({ caseId, round: 1, personId: 'p-1', earlier: [pass('personnel-file')] })
      .when({ value: fail('discipline-opinion', '正在接受审查'), actor })
      .then([
        {
          type: 'InspectionCheckReturned',
          data: {
            caseId,
            round: 1,
            personId: 'p-1',
            check: 'discipline-opinion',
            passed: false,
            findings: '正在接受审查',
            actor,
            at: APPEND_TIME,
          },
        },
        {
          type: 'InspectionTargetRemoved',
          data: {
            caseId,
            round: 1,
            personId: 'p-1',
            failedChecks: ['discipline-opinion'],
            reasons: ['discipline-opinion: 正在接受审查'],
            at: APPEND_TIME,
          },
        },
      ]);
  });

  it('given a target already removed, when another check fails, then it is recorded and removes nothing more', () => {
    decider(decideCheck)
      .given({ caseId, round: 2, personId: 'p-1', earlier: [fail('discipline-opinion', '正在接受审查')] })
      .when({ value: fail('petitions', '信访属实'), actor })
      .then([
        {
          type: 'InspectionCheckReturned',
          data: { caseId, round: 2, personId: 'p-1', check: 'petitions', passed: false, findings: '信访属实', actor, at: APPEND_TIME },
        },
      ]);
  });

  it('given a meeting without a quorum, when recorded, then it holds the counts and no results', () => {
    decider(decideCommitteeVote)
      .given({ caseId, round: 1, meeting: 1, judgement: { outcome: 'no-quorum', present: 7, membersDue: 12, quorumNeeded: 8 } })
      .when({ value: { membersDue: 12, present: 7, votes: [] }, actor })
      .then([
        {
          type: 'CommitteeVoteHeld',
          data: {
            caseId,
            round: 1,
            meeting: 1,
            membersDue: 12,
            present: 7,
            quorumNeeded: 8,
            outcome: 'no-quorum',
            votes: [],
            results: [],
            actor,
            at: APPEND_TIME,
          },
        },
      ]);
  });

  it('given a vote, when recorded, then each candidate carries the yes votes needed of the members due', () => {
    const votes = [{ personId: 'p-1', recused: 2, yes: 6, no: 0, abstain: 0 }];
    const results = [{ personId: 'p-1', approved: false, yes: 6, yesNeeded: 7 }];
    decider(decideCommitteeVote)
      .given({ caseId, round: 1, meeting: 2, judgement: { outcome: 'voted', present: 8, membersDue: 12, quorumNeeded: 8, results } })
      .when({ value: { membersDue: 12, present: 8, votes }, actor })
      .then([
        {
          type: 'CommitteeVoteHeld',
          data: {
            caseId,
            round: 1,
            meeting: 2,
            membersDue: 12,
            present: 8,
            quorumNeeded: 8,
            outcome: 'voted',
            votes,
            results,
            actor,
            at: APPEND_TIME,
          },
        },
      ]);
  });

  it('given targets, when chosen, then the list is recorded with its round', () => {
    const targets = [{ personId: 'p-1', reason: '推荐居首' }];
    decider(decideTargets)
      .given({ caseId, round: 2 })
      .when({ value: { targets }, actor })
      .then([{ type: 'InspectionTargetsChosen', data: { caseId, round: 2, targets, actor, at: APPEND_TIME } }]);
  });

  it('given a non-elected post, when the letter is recorded, then the appointment names its probation case', () => {
    decider(decideAppointment)
      .given({ caseId, personId: 'p-1', postTitle: '副乡长', probationCaseId: 'probation/p-1/deputy-head-2026-04-01' })
      .when({ value: { letterOn: '2026-04-01', talkOn: '2026-04-02' }, actor })
      .then([
        {
          type: 'SelectionAppointed',
          data: {
            caseId,
            personId: 'p-1',
            postTitle: '副乡长',
            letterOn: '2026-04-01',
            talkOn: '2026-04-02',
            probationCaseId: 'probation/p-1/deputy-head-2026-04-01',
            actor,
            at: APPEND_TIME,
          },
        },
      ]);
  });

  it('an upheld objection cancels one appointment with the findings', () => {
    decider((_: null, s: { caseId: string; personId: string; findings: string[] }) => cancelAppointment(s))
      .given({ caseId, personId: 'p-3', findings: ['档案年龄存在涂改'] })
      .when(null)
      .then([
        { type: 'SelectionAppointmentCancelled', data: { caseId, personId: 'p-3', findings: ['档案年龄存在涂改'], at: APPEND_TIME } },
      ]);
  });
});
