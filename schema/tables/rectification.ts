/**
 * Read model of rectification cases (后进党组织整顿), one row per case, folded by
 * activities/projections/rectification.ts. Calendar days are `YYYY-MM-DD` strings.
 */
import type { ColumnType } from 'kysely';
import type { SupportTeam } from '../../domain/rectification';
import type { InspectionOutcome, ScreeningReason } from '../../domain/rectification';
import type { RectificationCaseStatus, RectificationPlanStatus } from '../../domain/rectificationStatus';

type DateOnly = string;

export type { RectificationCaseStatus, RectificationPlanStatus };

export interface RectificationCasesTable {
  case_id: ColumnType<string, string, never>;
  branch_id: string;
  branch_name: string;
  township_id: string;
  year: number;
  listed_on: DateOnly;
  screening: { reasons: ScreeningReason[]; addedByCounty: boolean };
  round: number;
  round_started_on: DateOnly;
  /** The case's stage as in `cases.stage` (e.g. `round-2:reports`). */
  stage: string;
  status: RectificationCaseStatus;
  support: SupportTeam | null;
  plan_status: RectificationPlanStatus;
  /** Drafts of the current round's plan so far. */
  plan_drafts: number;
  plan_complete_by: DateOnly | null;
  /** Over every round of the case. */
  reports_due: number;
  reports_filed: number;
  reports_late: number;
  inspections: number;
  last_inspection: (InspectionOutcome & { round: number; inspection: number; inspectedOn: string }) | null;
  consolidate_until: DateOnly | null;
  signed_off_on: DateOnly | null;
  follow_up_until: DateOnly | null;
  followed_up_on: DateOnly | null;
}

export interface RectificationTables {
  rectification_cases: RectificationCasesTable;
}
