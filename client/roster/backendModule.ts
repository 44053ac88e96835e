/**
 * The roster's backend: the registry snapshot a roster is checked against, served by a
 * running `cadreflow up` too (it owns the embedded database), so `registry import
 * --dry-run`, `registry import` and `registry export` work against either. An import's
 * events are appended here, in one batch (importWrite.ts).
 */
import type { Actor } from '../../domain/actors';
import type { PlannedAppend } from '../../domain/roster/importPlan';
import type { RegistrySnapshot } from '../../domain/roster/registry';
import type { BackendModule } from '../backend';
import { writeRosterImport, type RosterWriteResult } from './importWrite';
import type { AccessBy } from '../api/accessLog';
import { exportRegistrySnapshot, readRegistrySnapshot } from './registrySnapshot';

export interface RosterBackend {
  registrySnapshot(): Promise<RegistrySnapshot>;
  /** The snapshot a roster file is written from, ID and phone numbers whole: the view is recorded in the access log. */
  exportSnapshot(by: AccessBy): Promise<RegistrySnapshot>;
  writeImport(appends: PlannedAppend[], actor: Actor): Promise<RosterWriteResult>;
}

export const rosterBackend: BackendModule<RosterBackend> = {
  name: 'roster',
  create: ({ db, personalData }) => ({
    registrySnapshot: () => readRegistrySnapshot(db, personalData),
    exportSnapshot: (by) => exportRegistrySnapshot(db, by, personalData),
    writeImport: (appends, actor) => writeRosterImport(db, appends, actor, personalData),
  }),
};
