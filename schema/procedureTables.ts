/**
 * Read-model tables of procedures beyond the core, each declared in its own file and
 * joined here into the Kysely `Database` type (schema/db.ts). A procedure replaces
 * `Record<never, never>` with `ItsTables` (joined with `&` as more arrive).
 */
export type ProcedureTables = Record<never, never> &
  import('./tables/evaluation').EvaluationTables &
  import('./tables/election').ElectionTables &
  import('./tables/membership').MembershipTables &
  import('./tables/rectification').RectificationTables &
  import('./tables/selection').SelectionTables;
