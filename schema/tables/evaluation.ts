/**
 * Read models of the annual evaluation (年度考核), folded by
 * `activities/projections/evaluation.ts`: the rounds, their units of assessment (with the
 * 优秀 quota), and one row per cadre per year — what `cadreflow evaluation status`
 * reads, and where the previous years' grades come from for the two-years rule.
 */
import type { ColumnType } from 'kysely';
import type { Grade, UnitKind } from '../../domain/grades';
import type { Stars } from '../../domain/starRating';

type DateOnly = string;
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null, Date | string | null>;

export type EvaluationRoundStatus = 'starting' | 'in-progress' | 'completed';

export interface EvaluationRoundsTable {
  round_id: ColumnType<string, string, never>;
  year: number;
  scope: string;
  /** null: the whole county. */
  township_ids: string[] | null;
  status: EvaluationRoundStatus;
  /** Cadres found in scope. */
  cadres: number;
  /** Cases this round started; null until every start has been answered. */
  started: number | null;
  /** Cadres already assessed this year by another round's case. */
  skipped: number | null;
  quota_percent: number;
  started_at: Timestamp;
  cases_started_at: NullableTimestamp;
  completed_at: NullableTimestamp;
  distribution: Record<Grade, number> | null;
}

export interface EvaluationUnitsTable {
  /** `${roundId}|${unitId}`. */
  round_unit_id: ColumnType<string, string, never>;
  round_id: string;
  unit_id: string;
  unit_kind: UnitKind;
  township_id: string;
  assessed: number;
  /** The policy's quota until the committee grades; then the quota it graded under (an approval's, if any). */
  allowed_excellent: number;
  /** The approval (批复) that raised the quota, when the committee graded under one. */
  quota_approval_percent: number | null;
  quota_approval_reference: string | null;
  quota_approved_on: DateOnly | null;
  /** 优秀 when the committee fixed the grades; reviews and objections move the cadres' rows, not this. */
  excellent_at_grading: number | null;
  graded_at: NullableTimestamp;
  graded_by: string | null;
}

export type EvaluationGradeStatus = 'pending' | 'fixed' | 'final';
export type EvaluationReviewStatus = 'none' | 'requested' | 'upheld' | 'changed';
export type EvaluationAppealStatus = EvaluationReviewStatus;
export type EvaluationWarningStatus = 'none' | 'issued' | 'passed' | 'removal';
export type EvaluationRemovalReason = 'two-years-not-competent' | 'failed-re-rating';

export interface EvaluationCadresTable {
  /** `evaluation/<year>/<personId>`. */
  case_id: ColumnType<string, string, never>;
  round_id: string;
  year: number;
  person_id: string;
  person_name: string;
  org_unit_id: string;
  township_id: string;
  unit_id: string;
  unit_kind: UnitKind;
  /** The township committee's steps done so far, of 5 (self-summary … recommendation). */
  steps_done: number;
  vote_fail: number | null;
  vote_cast: number | null;
  vote_proposal: 'excellent' | 'not-competent' | null;
  /** Hundredths of a point. */
  score: number | null;
  stars: Stars | null;
  supervisor_grade: Grade | null;
  recommended_grade: Grade | null;
  /** The grade that stands now (the committee's, changed by an objection, a review or an appeal). */
  grade: Grade | null;
  grade_status: EvaluationGradeStatus;
  fixed_at: NullableTimestamp;
  notified_on: DateOnly | null;
  review_request_closes_on: DateOnly | null;
  review_status: EvaluationReviewStatus;
  review_decision_due_on: DateOnly | null;
  /** The last day of the appeal (申诉) window, once a review is decided. */
  appeal_closes_on: DateOnly | null;
  appeal_status: EvaluationAppealStatus;
  appeal_decision_due_on: DateOnly | null;
  warning: EvaluationWarningStatus;
  re_rating_from: DateOnly | null;
  removal_flag: EvaluationRemovalReason | null;
  final_at: NullableTimestamp;
  updated_at: Timestamp;
}

export interface EvaluationTables {
  evaluation_rounds: EvaluationRoundsTable;
  evaluation_units: EvaluationUnitsTable;
  evaluation_cadres: EvaluationCadresTable;
}
