import { sql, type Kysely } from 'kysely';

/**
 * People who left the roster (退休, 去世), folded from PersonRetired and PersonDied. A
 * table of its own rather than a column on `people`: a person's registry row and history
 * stay as they were, and the roster reads the serving ones by leaving these out.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('person_departures')
    .addColumn('person_id', 'text', (c) => c.primaryKey())
    .addColumn('reason', 'text', (c) => c.notNull().check(sql`reason in ('retired', 'died')`))
    .addColumn('departed_on', 'date', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('person_departures').execute();
}
