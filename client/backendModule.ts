/**
 * The shape of a procedure's backend module (client/backendModules.ts lists them): what
 * it is given and what it makes. Types only, so a module's calls never import the
 * backend that serves them.
 */
import type { Client } from '@temporalio/client';
import type { Policy } from '../domain/policy';
import type { DB } from '../schema/db';
import type { PersonalDataCipher } from './crypto/personalData';

/** What a backend works with when this process holds the database. */
export interface BackendDeps {
  db: DB;
  client?: Client;
  policy: Policy;
  taskQueue: string;
  /** Seals and opens the registry's ID and phone numbers; without it a change carrying one is refused. */
  personalData?: PersonalDataCipher;
}

/**
 * A procedure's own calls (e.g. starting an election), served by `up` beside the core
 * ones so that its CLI commands work with the embedded database too. Its methods take
 * and return plain JSON values. Register it in client/backendModules.ts.
 */
export interface BackendModule<M extends object> {
  name: string;
  create(deps: BackendDeps): M;
}
