/**
 * What a procedure's projection is: the shapes activities/procedureProjections.ts lists
 * and each projections/<procedure>.ts implements (apart, so neither imports the other).
 */
import type { RecordedEvent } from '../../domain/events';
import type { DB } from '../../schema/db';
import type { Needs, ReadModelState } from './state';

/** A projection that folds on its own, after the core's fold: it reads its rows, then writes them. */
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
 * A projection that folds inside the core's batch, in log order, on the same in-memory
 * rows (projections/state.ts). Its reads are known from the events before the append,
 * so they go to the database with the append's call, and its writes go with the commit:
 * an append costs no round trip of its own for it. A procedure whose events change the
 * registry's rows (probation: a person's rank and post) must fold here, so that a later
 * registry event in the same batch is applied after it, as one event at a time would be.
 */
export interface FoldedProjection<E extends { type: string } = { type: string; data: unknown }> {
  name: string;
  eventTypes: readonly string[];
  /** Its own tables: name → primary key column; loaded and written with the core's. */
  tables: Readonly<Record<string, string>>;
  /** Adds the rows `event` reads or writes, so that the fold never queries. */
  collectNeeds(event: E, needs: Needs): void;
  /** Applies `event` to the loaded rows. Pure: every row it needs was loaded by `collectNeeds`. */
  apply(state: ReadModelState, event: E): void;
}
