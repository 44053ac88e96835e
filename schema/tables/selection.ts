/**
 * The `selection_cases` read model: one row per selection (选拔任用) case, what a list of
 * selections and the county's dashboard show. Folded by activities/projections/selection.ts.
 * Person ids only; readers look names up in `people`.
 */
import type { ColumnType } from 'kysely';
import type { SelectionMethod } from '../../domain/selection';

type DateOnly = string;

export interface SelectionCasesTable {
  case_id: ColumnType<string, string, never>;
  org_unit_id: string;
  org_unit_name: string;
  township_id: string;
  post_id: string;
  post_title: string;
  /** The rank the post carries, e.g. 副科级. */
  post_rank: string;
  positions: number;
  /** A post not filled by election: each appointment starts a probation. */
  non_elected: boolean;
  method: SelectionMethod;
  opened_on: DateOnly;
  plan_approved_on: DateOnly | null;
  /** The case's stage as in `cases.stage` (`work-plan`, `recommendation`, `targets-1`, `inspection-1`, …, `closed`). */
  stage: string;
  /** The round of targets (确定考察对象): 0 until the first list, then 1, 2 after a failed vote sent it back. */
  round: number;
  /** The current round's inspection targets, in the order listed. */
  targets: string[];
  /** Targets of the current round a failed check took out (凡提四必). */
  removed: string[];
  /** Candidates the committee approved in the current round. */
  approved: string[];
  appointed: string[];
  /** Approved candidates whose appointment an upheld objection to the pre-appointment notice cancelled. */
  cancelled: string[];
  /** The probation cases the appointments started, in the order they were appointed. */
  probation_case_ids: string[];
  /** `appointed`, `appointments-cancelled` or `kept-open` once the case closed; null while it runs. */
  outcome: string | null;
  /** When the latest of the case's events folded here was recorded. */
  updated_at: ColumnType<Date, Date | string, Date | string>;
}

export interface SelectionTables {
  selection_cases: SelectionCasesTable;
}
