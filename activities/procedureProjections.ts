/**
 * A procedure's read models are its projection (activities/projections/<procedure>.ts):
 * the event types it folds, the tables it owns (with their primary keys, for rebuild
 * and diff), and how it folds. The core fold (registry, cases, tasks, notices) is in
 * projections/core.ts. A procedure adds its projection to FOLDED_PROJECTIONS below (it
 * folds with the core, its reads sent with the append's call; required when its events
 * change the registry's rows) or to PROCEDURE_PROJECTIONS (it folds on its own, after).
 * ("Module" names only a client's backend module, client/backend.ts.)
 */
import type { FoldedProjection, ProcedureProjection } from './projections/projection';
import { rectificationProjection } from './projections/rectification';
import { membershipProjection } from './projections/membership';
import { electionProjection } from './projections/election';
import { evaluationProjection } from './projections/evaluation';
import { probationProjection } from './projections/probation';
import { selectionProjection } from './projections/selection';

export const PROCEDURE_PROJECTIONS: readonly ProcedureProjection[] = [membershipProjection, rectificationProjection, selectionProjection];

/** Each is given only the events whose types it lists in `eventTypes` (its methods narrow them). */
export const FOLDED_PROJECTIONS: readonly FoldedProjection[] = [probationProjection, electionProjection, evaluationProjection];
