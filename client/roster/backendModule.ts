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
import { readRegistrySnapshot } from './registrySnapshot';

export interface RosterBackend {
  registrySnapshot(): Promise<RegistrySnapshot>;
  writeImport(appends: PlannedAppend[], actor: Actor): Promise<RosterWriteResult>;
}

export const rosterBackend: BackendModule<RosterBackend> = {
  name: 'roster',
  create: ({ db, personalData }) => ({
    registrySnapshot: () => readRegistrySnapshot(db, personalData),
    writeImport: (appends, actor) => writeRosterImport(db, appends, actor, personalData),
  }),
};
