/**
 * A roster upload's answer (POST /registry/imports, docs/api.md "Roster imports"): the
 * check's problems, what would change and, after an import, what was written; and, for a
 * caller that asked for progress (Accept: application/x-ndjson), each phase as it begins.
 * The wire types, written once for the server (client/api/routes/registryImports.ts) and the
 * web UI (web/src/rosterImport.ts). Type-only.
 */
import type { ChangeSummary } from '../roster/changes';
import type { RosterProblem } from '../roster/problems';

export interface RosterImportReport {
  dryRun: boolean;
  rows: { orgUnits: number; people: number };
  /** Empty when the roster can be imported. */
  problems: RosterProblem[];
  /** The new and changed rows (unchanged ones are counted only). */
  changes: { orgUnits: ChangeSummary; people: ChangeSummary };
  /** Null for a dry run. */
  written: { events: number; duplicates: number } | null;
}

/** A phase as it begins: the workbook read, the rows checked against the registry, the events written in one batch. */
export type ImportProgress =
  { phase: 'reading' } | { phase: 'checking'; rows: { orgUnits: number; people: number } } | { phase: 'writing'; events: number };
