/**
 * A round's dashboard (`cadreflow evaluation status`, GET /dashboard, GET
 * /evaluation/rounds/:id): per township the cases done, pending and overdue and the grades;
 * per unit the 优秀 quota and the committee; the cadres warned (诫勉) or flagged for removal.
 * The wire types, written once for the server (client/commands/evaluationDashboard.ts)
 * and the web UI (web/src/api.ts). Type-only.
 */
import type { EvaluationStatus } from '../evaluationDecider';
import type { EvaluationRemovalFlagged } from '../events/evaluation';
import type { Grade } from '../grades';

export type GradeCounts = Record<Grade, number>;

/** A township's counts, or the round's totals. */
export interface RoundCounts {
  cadres: number;
  /** The committee has fixed a grade (it may still change by an objection or a review). */
  done: number;
  final: number;
  pending: number;
  /** Cadres with a task past its due date. */
  overdue: number;
  grades: GradeCounts;
  warnings: number;
  removalFlags: number;
}

export interface TownshipLine extends RoundCounts {
  townshipId: string;
  name: string;
}

export interface UnitLine {
  unitId: string;
  townshipId: string;
  assessed: number;
  allowedExcellent: number;
  excellentNow: number;
  gradedAt: string | null;
  gradedBy: string | null;
  /** The committee's task is past its due date. */
  overdue: boolean;
}

/** A cadre of the round under a warning (诫勉) or flagged for removal. */
export interface FlaggedCadre {
  caseId: string;
  personId: string;
  name: string;
  townshipId: string;
  warning: EvaluationStatus['warning'];
  removalFlag: EvaluationRemovalFlagged['data']['reason'] | null;
}

export interface RoundDashboard {
  roundId: string;
  year: number;
  scope: string;
  status: string;
  cadres: number;
  started: number | null;
  skipped: number | null;
  quotaPercent: number;
  startedAt: string;
  completedAt: string | null;
  townships: TownshipLine[];
  units: UnitLine[];
  totals: RoundCounts;
  /** Who the counts `warnings` and `removalFlags` are: the cadres the department must act on. */
  flagged: FlaggedCadre[];
}
