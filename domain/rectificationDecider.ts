/**
 * What each step of a rectification case (docs/domain.md §4) records, as decide-style
 * functions (domain/decider.ts): the decision and the case's state in, the events out.
 * `workflows/rectification.ts` opens the tasks and appends what these return; the rules
 * they apply (the inspection's outcome, the follow-up's end) are `domain/rectification.ts`'s.
 *
 * Field order is the order the events were first written in: the hash chain hashes
 * canonical JSON, but the recorded histories and the stored rows keep this order.
 */
import type { Actor } from './actors';
import type { Decide } from './decider';
import { APPEND_DATE, APPEND_TIME, type CaseStarted } from './events';
import type {
  ProgressReportFiled,
  ProgressReportLate,
  RectificationFollowUpReported,
  RectificationInspected,
  RectificationPlanApproved,
  RectificationPlanDrafted,
  RectificationPlanRejected,
  RectificationRoundStarted,
  RectificationSignedOff,
  RectificationStarted,
  RectificationSupportAssigned,
} from './events/rectification';
import {
  followUpFromSignOff,
  inspectionOutcome,
  type Inspection,
  type Plan,
  type PlanReview,
  type SupportTeam,
  type ProgressReportDue,
  type RectificationPolicy,
  type ScreeningReason,
  type SignOff,
} from './rectification';

/** A decision and who took it, as a task's decision arrives. */
export interface ByActor<T> {
  value: T;
  actor: Actor;
}

/** The case, as every event of it names it. */
export interface CaseState {
  caseId: string;
}

/** The case in its current round: events after the start carry the round. */
export interface RoundState extends CaseState {
  round: number;
}

// ---- the start ---------------------------------------------------------------------

/** The county fixed the list with the branch on it. */
export interface Listing {
  branchId: string;
  branchName: string;
  townshipId: string;
  year: number;
  listedOn: string;
  screening: { reasons: ScreeningReason[]; addedByCounty: boolean };
  policyVersion: string;
}

/** The case opens: the core's CaseStarted, then the branch's listing. */
export const decideStart: Decide<Listing, CaseState, CaseStarted | RectificationStarted> = (listing, { caseId }) => [
  {
    type: 'CaseStarted',
    data: {
      caseId,
      kind: 'rectification',
      subjectId: listing.branchId,
      townshipId: listing.townshipId,
      policyVersion: listing.policyVersion,
      startedAt: APPEND_TIME,
      summary: `${listing.branchName} 后进党组织整顿 ${listing.year}`,
    },
  },
  {
    type: 'RectificationStarted',
    data: {
      caseId,
      branchId: listing.branchId,
      branchName: listing.branchName,
      townshipId: listing.townshipId,
      year: listing.year,
      listedOn: listing.listedOn,
      screening: listing.screening,
    },
  },
];

/** A failed inspection started round `round` (a new workflow run) on `startedOn`. */
export const decideRoundStart: Decide<{ startedOn: string }, RoundState, RectificationRoundStarted> = (
  { startedOn },
  { caseId, round },
) => [{ type: 'RectificationRoundStarted', data: { caseId, round, startedOn, at: APPEND_TIME } }];

// ---- 四个一 --------------------------------------------------------------------------

export const decideSupport: Decide<ByActor<SupportTeam>, CaseState & { branchId: string }, RectificationSupportAssigned> = (
  { value: support, actor },
  { caseId, branchId },
) => [{ type: 'RectificationSupportAssigned', data: { caseId, branchId, support, actor, at: APPEND_TIME } }];

// ---- 一村一策 ------------------------------------------------------------------------

/** The round's plan, draft `draft`. */
export interface DraftState extends RoundState {
  draft: number;
}

export const decidePlanDraft: Decide<ByActor<Plan>, DraftState, RectificationPlanDrafted> = (
  { value: plan, actor },
  { caseId, round, draft },
) => [
  {
    type: 'RectificationPlanDrafted',
    data: { caseId, round, draft, problems: plan.problems, measures: plan.measures, completeBy: plan.completeBy, actor, at: APPEND_TIME },
  },
];

/** The draft under review: its last deadline, and the reports it asks for (progressReportSchedule). */
export interface ReviewState extends DraftState {
  completeBy: string;
  reportsDue: ProgressReportDue[];
}

/** Approved, the draft is the round's plan and fixes its reports; rejected, the reason goes back to the township. */
export const decidePlanReview: Decide<ByActor<PlanReview>, ReviewState, RectificationPlanApproved | RectificationPlanRejected> = (
  { value: review, actor },
  { caseId, round, draft, completeBy, reportsDue },
) => [
  review.outcome === 'approve'
    ? {
        type: 'RectificationPlanApproved',
        data: { caseId, round, draft, completeBy, reportsDue, comment: review.comment, actor, at: APPEND_TIME },
      }
    : { type: 'RectificationPlanRejected', data: { caseId, round, draft, reason: review.comment, actor, at: APPEND_TIME } },
];

// ---- progress reports --------------------------------------------------------------

/** The report due on the plan's schedule. */
export interface ReportState extends RoundState {
  due: ProgressReportDue;
}

/** Filed on the day it is recorded. */
export const decideProgressReport: Decide<ByActor<{ summary: string }>, ReportState, ProgressReportFiled> = (
  { value: { summary }, actor },
  { caseId, round, due },
) => [
  {
    type: 'ProgressReportFiled',
    data: { caseId, round, period: due.period, dueOn: due.dueOn, filedOn: APPEND_DATE, summary, actor, at: APPEND_TIME },
  },
];

/** The report's task was escalated (督办) unfiled: the report is late. */
export const decideReportLate: Decide<{ taskId: string }, ReportState, ProgressReportLate> = ({ taskId }, { caseId, round, due }) => [
  { type: 'ProgressReportLate', data: { caseId, round, period: due.period, dueOn: due.dueOn, taskId, at: APPEND_TIME } },
];

// ---- 验收 ----------------------------------------------------------------------------

/** An inspection decided, on the day the server's clock gave once it was in. */
export interface InspectionDecision extends ByActor<Inspection> {
  inspectedOn: string;
}

/** Inspection `inspection` of the round, judged under the case's policy. */
export interface InspectionState extends RoundState {
  inspection: number;
  policy: RectificationPolicy;
}

/**
 * The inspection and its outcome (inspectionOutcome). The task's check refused an
 * inspection that is not valid before it was recorded, so one reaching here is a bug.
 */
export const decideInspection: Decide<InspectionDecision, InspectionState, RectificationInspected> = (
  { value: i, actor, inspectedOn },
  { caseId, round, inspection, policy },
) => {
  const checked = inspectionOutcome(i, inspectedOn, policy);
  if (!checked.ok) throw new Error(`inspection ${JSON.stringify(i)} was accepted but is not valid: ${checked.error}`);
  return [
    {
      type: 'RectificationInspected',
      data: {
        caseId,
        round,
        inspection,
        inspectedOn,
        votes: i.votes,
        ...(i.findings ? { findings: i.findings } : {}),
        outcome: checked.value,
        actor,
      },
    },
  ];
};

// ---- 销号 ----------------------------------------------------------------------------

/** A sign-off decided; `today` is the server's day once it was in. */
export interface SignOffDecision extends ByActor<SignOff> {
  today: string;
}

/** The follow-up runs from the sign-off's day (followUpFromSignOff). */
export const decideSignOff: Decide<SignOffDecision, RoundState & { policy: RectificationPolicy }, RectificationSignedOff> = (
  { value: signOff, actor, today },
  { caseId, round, policy },
) => [
  {
    type: 'RectificationSignedOff',
    data: { caseId, round, ...followUpFromSignOff(signOff, today, policy), comment: signOff.comment, actor },
  },
];

/**
 * The sign-off of a case whose sign-off task opened before the follow-up ran from it
 * (the `rectification-follow-up-from-sign-off` patch): signed off the day it is
 * recorded, and followed up until the end its passed inspection gave.
 */
export const decideSignOffAsInspected: Decide<ByActor<SignOff>, RoundState & { followUpUntil: string }, RectificationSignedOff> = (
  { value: signOff, actor },
  { caseId, round, followUpUntil },
) => [
  {
    type: 'RectificationSignedOff',
    data: { caseId, round, signedOffOn: APPEND_DATE, followUpUntil, comment: signOff.comment, actor },
  },
];

/** The follow-up report, on the day it is recorded; it closes the case. */
export const decideFollowUpReport: Decide<ByActor<{ summary: string }>, CaseState, RectificationFollowUpReported> = (
  { value: { summary }, actor },
  { caseId },
) => [{ type: 'RectificationFollowUpReported', data: { caseId, reportedOn: APPEND_DATE, summary, actor } }];
