import { Migrator, type Kysely, type MigrationProvider, type MigrationResult } from 'kysely';
import { migrations } from './migrations';

/** A plain function, or anything with an `info` method (a pino logger). */
export type MigrationLog = ((message: string) => void) | { info(message: string): void };

export class MigrationError extends Error {
  override readonly name = 'MigrationError';
  constructor(
    readonly migrationName: string | undefined,
    cause: unknown,
  ) {
    super(migrationName ? `migration ${migrationName} failed: ${describe(cause)}` : `migrations could not run: ${describe(cause)}`, {
      cause,
    });
  }
}

const provider: MigrationProvider = { getMigrations: async () => ({ ...migrations }) };

/** Brings the schema up to the newest migration; returns the names applied now. */
export async function migrateToLatest(db: Kysely<any>, log?: MigrationLog): Promise<string[]> {
  const say = (message: string): void => {
    if (!log) return;
    if (typeof log === 'function') log(message);
    else log.info(message);
  };
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  const applied: string[] = [];
  for (const r of results ?? []) {
    if (r.status === 'Success') {
      applied.push(r.migrationName);
      say(`migration ${r.migrationName} applied`);
    }
  }
  if (error !== undefined) {
    // Kysely reports the failing one as 'Error'; with none, the failure was before any ran (lock, table).
    const failed = (results ?? []).find((r: MigrationResult) => r.status === 'Error');
    throw new MigrationError(failed?.migrationName, error);
  }
  if (applied.length === 0) say('schema is up to date');
  return applied;
}

function describe(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
