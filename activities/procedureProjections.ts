/**
 * A procedure's read models are its projection (activities/projections/<procedure>.ts):
 * the event types it folds, the tables it owns (with their primary keys, for rebuild
 * and diff), the rows each event needs, and how each event changes them. They fold with
 * the core's (registry, cases, tasks, notices; projections/core.ts) in one batch, in log
 * order. A procedure adds its projection to PROCEDURE_PROJECTIONS below; its tables are
 * written after the core's, in this order.
 * ("Module" names only a client's backend module, client/backend.ts.)
 */
import type { ProcedureProjection } from './projections/projection';
import { rectificationProjection } from './projections/rectification';
import { membershipProjection } from './projections/membership';
import { electionProjection } from './projections/election';
import { evaluationProjection } from './projections/evaluation';
import { probationProjection } from './projections/probation';
import { selectionProjection } from './projections/selection';

/** Each is given only the events whose types it lists in `eventTypes` (its methods narrow them). */
export const PROCEDURE_PROJECTIONS: readonly ProcedureProjection[] = [
  probationProjection,
  membershipProjection,
  rectificationProjection,
  electionProjection,
  evaluationProjection,
  selectionProjection,
];
