/**
 * Which database handles are the embedded PGlite (schema/connect.ts marks them), apart
 * from connect.ts so that the append can ask without importing the drivers.
 *
 * PGlite runs PostgreSQL in the same process, compiled to WebAssembly: it has no round
 * trips to save, and its plpgsql is slower than Node at the hash chain, so the append
 * takes its Node path there (activities/eventStore.ts).
 */
import type { DB } from './db';

/** A transaction shares its handle's adapter, so a handle and every transaction on it are recognised without a query. */
const embeddedAdapters = new WeakSet<object>();

export function markEmbedded(db: DB): void {
  embeddedAdapters.add(db.getExecutor().adapter);
}

/** True for a PGlite handle or a transaction on one. */
export function isEmbeddedDatabase(db: DB): boolean {
  return embeddedAdapters.has(db.getExecutor().adapter);
}
