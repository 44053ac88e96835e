import { Migrator, type Kysely, type MigrationProvider, type MigrationResult } from 'kysely';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './projectTools';
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

/**
 * A hash of every migration's name and code: the schema a cluster has once they all ran
 * (the key of `up`'s schema template, schema/pgliteTemplate.ts). The functions as this
 * build runs them, and the migration files as the checkout has them (a constant beside a
 * function is not in its text), so a changed migration, even edited in place, is another
 * schema.
 */
export function schemaKey(): string {
  const hash = createHash('sha256');
  for (const [name, m] of Object.entries(migrations).sort(([a], [b]) => a.localeCompare(b))) {
    hash
      .update(name)
      .update('\0')
      .update(String(m.up))
      .update('\0')
      .update(String(m.down ?? ''))
      .update('\0');
  }
  const dir = path.join(repoRoot(), 'schema', 'migrations');
  if (existsSync(dir)) {
    for (const file of readdirSync(dir).sort())
      hash
        .update(file)
        .update('\0')
        .update(readFileSync(path.join(dir, file)))
        .update('\0');
  }
  return hash.digest('hex').slice(0, 32);
}

function describe(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
