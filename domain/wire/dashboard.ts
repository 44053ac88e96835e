/**
 * The county dashboard in one call (GET /dashboard): cases by kind and stage, overdue
 * steps, the year's evaluation rounds and the rectification cases. The wire types, written
 * once for the server (client/api/routes/dashboard.ts) and the web UI (web/src/api.ts).
 * Type-only.
 */
import type { InspectionOutcome } from '../rectification';
import type { RectificationCaseStatus, RectificationPlanStatus } from '../rectificationStatus';
import type { RoundDashboard } from './roundDashboard';
import type { Task } from './task';

/** A rectification case as the dashboard lists it. */
export interface RectificationSummary {
  caseId: string;
  branchId: string;
  branchName: string;
  townshipId: string;
  year: number;
  round: number;
  stage: string;
  status: RectificationCaseStatus;
  support: boolean;
  planStatus: RectificationPlanStatus;
  planCompleteBy: string | null;
  reportsDue: number;
  reportsFiled: number;
  reportsLate: number;
  inspections: number;
  lastInspection: { result: InspectionOutcome['result']; score: number; inspectedOn: string; round: number } | null;
  signedOffOn: string | null;
  followUpUntil: string | null;
}

export interface Dashboard {
  township: string | null;
  generatedAt: string;
  cases: Array<{ kind: string; stage: string; open: number; closed: number }>;
  overdue: { total: number; items: Task[] };
  evaluation: { year: number | null; rounds: RoundDashboard[] };
  rectification: { total: number; byStatus: Record<RectificationCaseStatus, number>; items: RectificationSummary[] };
}
