/**
 * A procedure's read models are its projection (activities/projections/<procedure>.ts):
 * the event types it folds, the tables it owns (with their primary keys, for rebuild
 * and diff), and how it folds. The core fold (registry, cases, tasks, notices) is in
 * projections/core.ts. A procedure adds its projection to PROCEDURE_PROJECTIONS below,
 * or, when its events change the registry's rows, to REGISTRY_PROJECTIONS.
 * ("Module" names only a client's backend module, client/backend.ts.)
 */
import type { RecordedEvent } from '../domain/events';
import type { DB } from '../schema/db';
import type { Needs, ReadModelState } from './projections/state';
import { rectificationProjection } from './projections/rectification';
import { membershipProjection } from './projections/membership';
import { electionProjection } from './projections/election';
import { evaluationProjection } from './projections/evaluation';
import { probationProjection } from './projections/probation';

export interface ProcedureProjection {
  name: string;
  eventTypes: readonly string[];
  /** Table name → primary key column. */
  tables: Readonly<Record<string, string>>;
  /**
   * Folds events (in log order) into the projection's tables through `trx`, the append's
   * transaction (or a rebuild's, with `trx` bound to a scratch schema).
   */
  project(trx: DB, events: readonly RecordedEvent[]): Promise<void>;
}

/**
 * A procedure whose events change the registry's rows (a person's rank and post), not
 * only tables of its own: it folds inside the core's batch, in log order, on the same
 * in-memory rows (projections/state.ts), so that a later registry event in the same
 * batch is applied after it, as it would be one event at a time.
 */
export interface RegistryProjection<E extends { type: string } = { type: string; data: unknown }> {
  name: string;
  eventTypes: readonly string[];
  /** Its own tables: name → primary key column; loaded and written with the core's. */
  tables: Readonly<Record<string, string>>;
  /** Adds the rows `event` reads or writes, so that the fold never queries. */
  collectNeeds(event: E, needs: Needs): void;
  /** Applies `event` to the loaded rows. */
  apply(state: ReadModelState, event: E): void;
}

export const PROCEDURE_PROJECTIONS: readonly ProcedureProjection[] = [
  membershipProjection,
  rectificationProjection,
  electionProjection,
  evaluationProjection,
];

/** Each is given only the events whose types it lists in `eventTypes` (its methods narrow them). */
export const REGISTRY_PROJECTIONS: readonly RegistryProjection[] = [probationProjection];
