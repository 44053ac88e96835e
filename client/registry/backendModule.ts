/**
 * The registry changes' backend (service.ts), served by a running `cadreflow up` too (it
 * owns the embedded database), so `cadreflow registry register|correct|…` works against
 * either. The outcome is plain JSON, refusals included, for the control channel.
 */
import type { Actor } from '../../domain/actors';
import type { BackendModule } from '../backend';
import { makeRegistryChange, type RegistryCallOptions, type RegistryOutcome, type RegistryRequest } from './service';

export interface RegistryChangeCalls {
  change(req: RegistryRequest, actor: Actor, opts: RegistryCallOptions): Promise<RegistryOutcome>;
}

export const registryChangesBackend: BackendModule<RegistryChangeCalls> = {
  name: 'registry-changes',
  create: ({ db, personalData }) => ({
    change: (req, actor, opts) => makeRegistryChange({ db, personalData }, req, actor, opts),
  }),
};
