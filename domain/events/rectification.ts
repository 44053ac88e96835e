/**
 * Events of the rectification of underperforming village Party branches
 * (后进/软弱涣散党组织整顿, docs/domain.md §4). One stream per case, across every round of
 * rectification the branch needs; the case's tasks and stages are the core's events.
 *
 * Dates are `YYYY-MM-DD` (Asia/Shanghai); instants are ISO-8601 UTC.
 */
import type { Actor } from '../actors';
import type { InspectionFindings, InspectionOutcome, PlanMeasure, SatisfactionVotes, ScreeningReason, SupportTeam } from '../rectification';

/** The county fixed the list with this branch on it; the first round starts on `listedOn`. */
export interface RectificationStarted {
  type: 'RectificationStarted';
  data: {
    caseId: string;
    branchId: string;
    branchName: string;
    townshipId: string;
    year: number;
    listedOn: string;
    /** Why the branch is on the list; empty reasons with `addedByCounty` = put on it by hand. */
    screening: { reasons: ScreeningReason[]; addedByCounty: boolean };
  };
}

export interface RectificationSupportAssigned {
  type: 'RectificationSupportAssigned';
  data: { caseId: string; branchId: string; support: SupportTeam; actor: Actor; at: string };
}

/** A failed inspection sends the branch back to a new plan: round 2, 3, … */
export interface RectificationRoundStarted {
  type: 'RectificationRoundStarted';
  data: { caseId: string; round: number; startedOn: string; at: string };
}

export interface RectificationPlanDrafted {
  type: 'RectificationPlanDrafted';
  data: {
    caseId: string;
    round: number;
    draft: number;
    problems: string[];
    measures: PlanMeasure[];
    /** The last measure's deadline: the inspection comes after it. */
    completeBy: string;
    actor: Actor;
    at: string;
  };
}

export interface RectificationPlanApproved {
  type: 'RectificationPlanApproved';
  data: {
    caseId: string;
    round: number;
    draft: number;
    completeBy: string;
    /** The progress reports this plan asks for, by the policy's cadence. */
    reportsDue: Array<{ period: number; dueOn: string }>;
    comment: string;
    actor: Actor;
    at: string;
  };
}

/** The county sends the draft back; the township committee drafts again. */
export interface RectificationPlanRejected {
  type: 'RectificationPlanRejected';
  data: { caseId: string; round: number; draft: number; reason: string; actor: Actor; at: string };
}

export interface ProgressReportFiled {
  type: 'ProgressReportFiled';
  data: {
    caseId: string;
    round: number;
    period: number;
    /** The day the report was due by the plan's schedule. */
    dueOn: string;
    filedOn: string;
    summary: string;
    actor: Actor;
    at: string;
  };
}

/** The report's task passed its due date unfiled and was escalated to the county (督办). */
export interface ProgressReportLate {
  type: 'ProgressReportLate';
  data: { caseId: string; round: number; period: number; dueOn: string; taskId: string; at: string };
}

/** 验收: the inspection team's score, the representatives' votes and what they mean. */
export interface RectificationInspected {
  type: 'RectificationInspected';
  data: {
    caseId: string;
    round: number;
    inspection: number;
    inspectedOn: string;
    votes: SatisfactionVotes;
    /** The report, interviews and on-site check, as far as the decision wrote them down. */
    findings?: InspectionFindings;
    outcome: InspectionOutcome;
    actor: Actor;
  };
}

/**
 * 销号: the branch is off the list; follow-up runs until `followUpUntil`, the end the case
 * waits for. That is `followUpMonths` from `signedOffOn` (the day the decision gives, or
 * the day it was recorded), in an append of its own after the decision's TaskDecided.
 * A case whose sign-off opened before the follow-up ran from it appended this with the
 * decision: `signedOffOn` the day recorded, `followUpUntil` the inspection outcome's.
 */
export interface RectificationSignedOff {
  type: 'RectificationSignedOff';
  data: { caseId: string; round: number; signedOffOn: string; followUpUntil: string; comment: string; actor: Actor };
}

export interface RectificationFollowUpReported {
  type: 'RectificationFollowUpReported';
  data: { caseId: string; reportedOn: string; summary: string; actor: Actor };
}

export type RectificationEvent =
  | RectificationStarted
  | RectificationSupportAssigned
  | RectificationRoundStarted
  | RectificationPlanDrafted
  | RectificationPlanApproved
  | RectificationPlanRejected
  | ProgressReportFiled
  | ProgressReportLate
  | RectificationInspected
  | RectificationSignedOff
  | RectificationFollowUpReported;

export const RECTIFICATION_EVENT_TYPES = [
  'RectificationStarted',
  'RectificationSupportAssigned',
  'RectificationRoundStarted',
  'RectificationPlanDrafted',
  'RectificationPlanApproved',
  'RectificationPlanRejected',
  'ProgressReportFiled',
  'ProgressReportLate',
  'RectificationInspected',
  'RectificationSignedOff',
  'RectificationFollowUpReported',
] as const satisfies ReadonlyArray<RectificationEvent['type']>;

// Fails to compile when an event type is missing from the list above.
type MissingType = Exclude<RectificationEvent['type'], (typeof RECTIFICATION_EVENT_TYPES)[number]>;
const typesComplete: [MissingType] extends [never] ? true : MissingType = true;
void typesComplete;
