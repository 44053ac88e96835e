/**
 * The roster's backend: the registry snapshot a roster is checked against, served by a
 * running `cadreflow up` too (it owns the embedded database), so `registry import
 * --dry-run` and `registry export` work against either. Reading only: an import's
 * writes arrive with the registry's events.
 */
import type { RegistrySnapshot } from '../../domain/roster/registry';
import type { BackendModule } from '../backend';
import { readRegistrySnapshot } from './registrySnapshot';

export interface RosterBackend {
  registrySnapshot(): Promise<RegistrySnapshot>;
}

export const rosterBackend: BackendModule<RosterBackend> = {
  name: 'roster',
  create: ({ db }) => ({ registrySnapshot: () => readRegistrySnapshot(db) }),
};
