/**
 * What each decision of a selection records (docs/domain.md §2.1, docs/decisions.md §10):
 * pure `(decision, state) → events` functions the selection workflow calls, tested
 * given/when/then without Temporal. Instants the workflow cannot know are APPEND_TIME.
 */
import type { Decided } from './decided';
import { APPEND_TIME } from './events';
import type {
  CommitteeVoteHeld,
  InspectionCheckReturned,
  InspectionReported,
  InspectionTargetRemoved,
  InspectionTargetsChosen,
  InspectionTeamFormed,
  MeetingRecommendationRecorded,
  SelectionAppointed,
  SelectionAppointmentCancelled,
  SelectionOpened,
  SelectionPlanApproved,
  SelectionVoteFailed,
  TalkRecommendationRecorded,
} from './events/selection';
import { inspectionStanding, type CheckResult, type MeetingRecommendation, type TalkRecommendation, type TargetList } from './selection';
import type { Appointment, InspectionReport, PlanApproval, SelectionOpening, VoteFailedChoice } from './selectionForms';
import type { CommitteeJudgement, CommitteeMeeting } from './selectionVote';

/** The case, as every event of it names it. */
export interface CaseRef {
  caseId: string;
}

/** Where in the selection a step stands: targets chosen again start a new round. */
export interface RoundRef extends CaseRef {
  round: number;
}

export function decideOpening(d: Decided<SelectionOpening>, s: CaseRef & { orgUnitName: string; townshipId: string }): [SelectionOpened] {
  const o = d.value;
  return [
    {
      type: 'SelectionOpened',
      data: {
        caseId: s.caseId,
        orgUnitId: o.orgUnitId,
        orgUnitName: s.orgUnitName,
        townshipId: s.townshipId,
        post: o.post,
        method: o.method,
        qualifications: o.qualifications,
        scope: o.scope,
        openedOn: o.openedOn,
        actor: d.actor,
      },
    },
  ];
}

export function decidePlanApproval(d: Decided<PlanApproval>, s: CaseRef): [SelectionPlanApproved] {
  return [{ type: 'SelectionPlanApproved', data: { caseId: s.caseId, ...d.value, actor: d.actor, at: APPEND_TIME } }];
}

export function decideMeetingRecommendation(d: Decided<MeetingRecommendation>, s: CaseRef): [MeetingRecommendationRecorded] {
  return [{ type: 'MeetingRecommendationRecorded', data: { caseId: s.caseId, ...d.value, actor: d.actor, at: APPEND_TIME } }];
}

export function decideTalkRecommendation(d: Decided<TalkRecommendation>, s: CaseRef): [TalkRecommendationRecorded] {
  return [{ type: 'TalkRecommendationRecorded', data: { caseId: s.caseId, ...d.value, actor: d.actor, at: APPEND_TIME } }];
}

export function decideTargets(d: Decided<TargetList>, s: RoundRef): [InspectionTargetsChosen] {
  return [
    {
      type: 'InspectionTargetsChosen',
      data: { caseId: s.caseId, round: s.round, targets: d.value.targets, actor: d.actor, at: APPEND_TIME },
    },
  ];
}

export function decideInspectionTeam(d: Decided<{ members: string[] }>, s: RoundRef): [InspectionTeamFormed] {
  return [
    { type: 'InspectionTeamFormed', data: { caseId: s.caseId, round: s.round, members: d.value.members, actor: d.actor, at: APPEND_TIME } },
  ];
}

/**
 * A check came back for a target. The first failed check also takes the target out, with
 * every failed check's findings so far; later checks of a removed target are recorded
 * and remove nothing more.
 */
export function decideCheck(
  d: Decided<CheckResult>,
  s: RoundRef & { personId: string; earlier: CheckResult[] },
): [InspectionCheckReturned] | [InspectionCheckReturned, InspectionTargetRemoved] {
  const returned: InspectionCheckReturned = {
    type: 'InspectionCheckReturned',
    data: { caseId: s.caseId, round: s.round, personId: s.personId, ...d.value, actor: d.actor, at: APPEND_TIME },
  };
  const before = inspectionStanding(s.earlier);
  const after = inspectionStanding([...s.earlier, d.value]);
  if (before.standing === 'removed' || after.standing !== 'removed') return [returned];
  const failed = [...s.earlier, d.value].filter((r) => !r.passed);
  return [
    returned,
    {
      type: 'InspectionTargetRemoved',
      data: {
        caseId: s.caseId,
        round: s.round,
        personId: s.personId,
        failedChecks: failed.map((r) => r.check),
        reasons: after.reasons,
        at: APPEND_TIME,
      },
    },
  ];
}

export function decideInspectionReport(d: Decided<InspectionReport>, s: RoundRef & { personId: string }): [InspectionReported] {
  return [
    {
      type: 'InspectionReported',
      data: { caseId: s.caseId, round: s.round, personId: s.personId, ...d.value, actor: d.actor, at: APPEND_TIME },
    },
  ];
}

/** The committee's meeting as judged (domain/selectionVote.ts): the counts, and each candidate's result. */
export function decideCommitteeVote(
  d: Decided<CommitteeMeeting>,
  s: RoundRef & { meeting: number; judgement: CommitteeJudgement },
): [CommitteeVoteHeld] {
  const j = s.judgement;
  return [
    {
      type: 'CommitteeVoteHeld',
      data: {
        caseId: s.caseId,
        round: s.round,
        meeting: s.meeting,
        membersDue: j.membersDue,
        present: j.present,
        quorumNeeded: j.quorumNeeded,
        outcome: j.outcome,
        votes: d.value.votes,
        results: j.outcome === 'voted' ? j.results : [],
        ...(d.value.heldOn !== undefined ? { heldOn: d.value.heldOn } : {}),
        actor: d.actor,
        at: APPEND_TIME,
      },
    },
  ];
}

export function decideVoteFailed(d: Decided<VoteFailedChoice>, s: RoundRef): [SelectionVoteFailed] {
  return [{ type: 'SelectionVoteFailed', data: { caseId: s.caseId, round: s.round, ...d.value, actor: d.actor, at: APPEND_TIME } }];
}

export function decideAppointment(
  d: Decided<Appointment>,
  s: CaseRef & { personId: string; postTitle: string; probationCaseId: string | null },
): [SelectionAppointed] {
  return [
    {
      type: 'SelectionAppointed',
      data: {
        caseId: s.caseId,
        personId: s.personId,
        postTitle: s.postTitle,
        letterOn: d.value.letterOn,
        talkOn: d.value.talkOn,
        probationCaseId: s.probationCaseId,
        actor: d.actor,
        at: APPEND_TIME,
      },
    },
  ];
}

/** An upheld objection to the pre-appointment notice: this candidate is not appointed. */
export function cancelAppointment(s: CaseRef & { personId: string; findings: string[] }): [SelectionAppointmentCancelled] {
  return [
    { type: 'SelectionAppointmentCancelled', data: { caseId: s.caseId, personId: s.personId, findings: s.findings, at: APPEND_TIME } },
  ];
}
