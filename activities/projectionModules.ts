/**
 * Read models of a procedure live in a module of their own: the event types it folds,
 * the tables it owns (with their primary keys, for rebuild and diff), and how it folds.
 * The core fold (registry, cases, tasks, notices, probation) is in projections.ts.
 * A procedure adds its module to PROJECTION_MODULES below.
 */
import type { RecordedEvent } from '../domain/events';
import type { DB } from '../schema/db';
import { rectificationProjection } from './projections/rectification';
import { membershipProjection } from './projections/membership';
import { electionProjection } from './projections/election';
import { evaluationProjection } from './projections/evaluation';

export interface ProjectionModule {
  name: string;
  eventTypes: readonly string[];
  /** Table name → primary key column. */
  tables: Readonly<Record<string, string>>;
  /**
   * Folds events (in log order) into the module's tables through `trx`, the append's
   * transaction (or a rebuild's, with `trx` bound to a scratch schema).
   */
  project(trx: DB, events: readonly RecordedEvent[]): Promise<void>;
}

export const PROJECTION_MODULES: readonly ProjectionModule[] = [membershipProjection, rectificationProjection, electionProjection, evaluationProjection];
