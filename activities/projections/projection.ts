/**
 * What a procedure's projection is: the shape activities/procedureProjections.ts lists
 * and each projections/<procedure>.ts implements (apart, so neither imports the other).
 */
import type { Needs, ReadModelState } from './state';

/**
 * A procedure's projection: it folds inside the core's batch, in log order, on the same
 * in-memory rows (projections/state.ts). Its reads are known from the events before the
 * append, so they go to the database with the append's call, and its writes go with the
 * commit: an append costs no round trip of its own for it. A procedure whose events change
 * the registry's rows (probation: a person's rank and post) relies on the shared rows, so
 * that a later registry event in the same batch is applied after it, as one event at a
 * time would be.
 */
export interface ProcedureProjection<E extends { type: string } = { type: string; data: unknown }> {
  name: string;
  eventTypes: readonly string[];
  /** Its own tables: name → primary key column; loaded and written with the core's. */
  tables: Readonly<Record<string, string>>;
  /** Adds the rows `event` reads or writes, so that the fold never queries. */
  collectNeeds(event: E, needs: Needs): void;
  /**
   * Applies `event`, recorded at `recordedAt` (ISO 8601), to the loaded rows. Pure: every
   * row it needs was loaded by `collectNeeds`.
   */
  apply(state: ReadModelState, event: E, recordedAt: string): void;
}
