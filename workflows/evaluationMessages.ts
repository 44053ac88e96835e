/**
 * What a cadre's 年度考核 case (workflows/evaluation.ts) exchanges beyond its own steps:
 * the activities it calls besides the kit's, the signals between the round
 * (workflows/evaluationRound.ts), its parts and its cadres' cases, the Updates a client sends to
 * request a review or an appeal, and the status query. Defining them issues no command.
 */
import { defineQuery, defineSignal, defineUpdate, proxyActivities } from '@temporalio/workflow';
import type { Actor } from '../domain/actors';
import type { EvaluationStatus } from '../domain/evaluationDecider';
import type { GradeRecord } from '../domain/evaluationConsequences';
import type { CadreKind } from '../domain/evaluationRound';
import type { Grade } from '../domain/grades';
import type { DecisionReceipt } from './kit';

// ---- activities the evaluation needs beyond the kit's --------------------------------

/** A cadre in the scope of a round, as the registry (people, org_units) has them now. */
export interface ScopeCadre {
  personId: string;
  name: string;
  orgUnitId: string;
  townshipId: string;
  kind: CadreKind;
}

export interface EvaluationActivities {
  /**
   * The server's day (Asia/Shanghai) when the step was scheduled. This and
   * `msUntilEndOfDay` are asked only before patch `day-from-workflow-task-time`
   * (evaluationDays.ts), and kept for such a call still in flight when a worker with it takes over.
   */
  evaluationToday(): Promise<string>;
  /** Milliseconds from the server's now to the end of a calendar day (24:00 Asia/Shanghai). */
  msUntilEndOfDay(day: string): Promise<number>;
  /** Cadres holding a post in the townships (null: the whole county) and their villages. */
  evaluationScope(input: { townshipIds: string[] | null }): Promise<ScopeCadre[]>;
  /** The person's final grades of the years before `beforeYear`, from the read model. */
  evaluationGradeHistory(input: { personId: string; beforeYear: number }): Promise<GradeRecord[]>;
}

export const evaluationActivities = proxyActivities<EvaluationActivities>({
  // The scope of a whole county is one query of about a thousand rows.
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

// ---- messages between a round and its cadres' cases ------------------------------------

export interface CadreReady {
  personId: string;
  caseId: string;
  unitId: string;
  voteProposal: 'excellent' | 'not-competent' | null;
  recommended: Grade;
}

export interface GradeFixed {
  grade: Grade;
  reason: string;
  actor: Actor;
  /** The day the grade counts from (the committee's meeting); absent from rounds graded before grades carried it. */
  fixedOn?: string;
  /** The day the unit's 优秀 notice was posted, when it was posted before it was recorded. */
  noticePostedOn?: string;
}

export interface GradeNow {
  personId: string;
  unitId: string;
  grade: Grade;
}

export interface ReviewRequested {
  personId: string;
  caseId: string;
  unitId: string;
  grounds: string;
  requestedOn: string;
  decisionDueOn: string;
}

export interface ReviewDecided {
  outcome: 'upheld' | 'changed';
  grade: Grade;
  reason: string;
  actor: Actor;
}

export interface AppealRequested {
  personId: string;
  caseId: string;
  unitId: string;
  grounds: string;
  filedOn: string;
  decisionDueOn: string;
}

/** An appeal's decision reads like a review's. */
export type AppealDecided = ReviewDecided;

/** Cadre → round (or the part of it that started the case): the township's recommendation is in; the committee may grade once the unit is complete. */
export const cadreReadySignal = defineSignal<[CadreReady]>('evaluationCadreReady');
/** Round → cadre: the committee's grade. */
export const gradeFixedSignal = defineSignal<[GradeFixed]>('evaluationGradeFixed');
/** Cadre → round: an upheld objection to the 优秀 notice lowered the grade. */
export const gradeChangedSignal = defineSignal<[GradeNow]>('evaluationGradeChanged');
/** Cadre → round: a review was requested; the round decides it, seeing the unit's quota. */
export const reviewRequestedSignal = defineSignal<[ReviewRequested]>('evaluationReviewRequested');
/** Round → cadre: the review's decision. */
export const reviewDecidedSignal = defineSignal<[ReviewDecided]>('evaluationReviewDecided');
/** Cadre → round: an appeal (申诉) against the review's decision; the round decides it as it does a review. */
export const appealRequestedSignal = defineSignal<[AppealRequested]>('evaluationAppealRequested');
/** Round → cadre: the appeal's decision. */
export const appealDecidedSignal = defineSignal<[AppealDecided]>('evaluationAppealDecided');

// ---- messages between a round and its parts (workflows/evaluationRoundPart.ts) -------------

/** Part → round: which of its cadres' cases it started, and which another round of the year holds already. */
export interface PartStarted {
  partId: string;
  started: string[];
  skipped: Array<{ personId: string; caseId: string }>;
}

/** Part → round: every case of one unit in this part is ready; the round counts them as the cadres' own signals. */
export interface UnitPartReady {
  unitId: string;
  ready: CadreReady[];
}

/** Round → part: a unit's grades for the part's cases, each passed on as the case's gradeFixedSignal. */
export interface PartGradesFixed {
  unitId: string;
  grades: Array<{ caseId: string; fixed: GradeFixed }>;
}

export const partStartedSignal = defineSignal<[PartStarted]>('evaluationPartStarted');
export const unitPartReadySignal = defineSignal<[UnitPartReady]>('evaluationUnitPartReady');
export const partGradesFixedSignal = defineSignal<[PartGradesFixed]>('evaluationPartGradesFixed');

export interface ReviewRequestMessage {
  /** Who records the cadre's written request: the county organization department or the cadre's township committee. */
  actor: Actor;
  decision: unknown;
}

export const requestReviewUpdate = defineUpdate<DecisionReceipt, [ReviewRequestMessage]>('requestEvaluationReview');

/** Recorded by the same people as a review request; `decision` is `{ grounds, filedOn? }`. */
export type AppealRequestMessage = ReviewRequestMessage;

export const requestAppealUpdate = defineUpdate<DecisionReceipt, [AppealRequestMessage]>('requestEvaluationAppeal');

export const evaluationStatusQuery = defineQuery<EvaluationStatus>('evaluationStatus');
