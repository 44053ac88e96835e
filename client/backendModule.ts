/**
 * The shape of a procedure's backend module (client/backendModules.ts lists them): what
 * it is given and what it makes. Types only, so a module's calls never import the
 * backend that serves them.
 */
import type { Client } from '@temporalio/client';
import type { Policy } from '../domain/policy';
import type { DB } from '../schema/db';

/** What a backend works with when this process holds the database. */
export interface BackendDeps {
  db: DB;
  client?: Client;
  policy: Policy;
  taskQueue: string;
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
