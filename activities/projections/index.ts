/**
 * The read models, imported as `activities/projections`: the fold every procedure
 * shares (core.ts), the rows it works on (state.ts), rebuild and compare (rebuild.ts),
 * and the tables the core's fold holds, probation's included (it changes the same
 * registry rows, see probation.ts). Procedures with tables of their own register a
 * projection in activities/procedureProjections.ts.
 */
import type { Database } from '../../schema/db';
import { CORE_READ_MODEL_KEYS, CORE_READ_MODEL_TABLES } from './core';
import { PROBATION_READ_MODEL_KEYS, PROBATION_READ_MODEL_TABLES } from './probation';

export { allReadModelTables, foldReads, project, projectEvents } from './core';
export { diffReadModels, rebuildReadModels, type ReadModelDifference, type RebuildOptions, type RebuildResult } from './rebuild';
export type { ReadModelRow } from './state';

/** The tables the core's fold holds, in the order it writes them (the core's, then probation's). */
export const READ_MODEL_TABLES = [...CORE_READ_MODEL_TABLES, ...PROBATION_READ_MODEL_TABLES] as const;

export type ReadModelTable = (typeof READ_MODEL_TABLES)[number];

/** Each of those tables' primary key column, which is also the key `diffReadModels` reports. */
export const READ_MODEL_KEYS = { ...CORE_READ_MODEL_KEYS, ...PROBATION_READ_MODEL_KEYS } as const satisfies {
  [T in ReadModelTable]: keyof Database[T] & string;
};
