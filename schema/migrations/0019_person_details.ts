/**
 * What the registry knows about a person beyond the fields every procedure reads: the
 * roster's other columns (民族, 籍贯, 政治面貌, 入党时间, 参加工作时间, 学历/学位, 身份证号,
 * 联系电话, 备注), folded from PersonRegistered's details and PersonCorrected. A table of
 * its own, one row per person who has any: the procedures' reads of `people` stay as they
 * were. `id_number` and `phone` hold sealed text (cfenc:v1:…), never the numbers: the key
 * is outside the database (docs/registry.md, "Personal information").
 */
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('person_details')
    .addColumn('person_id', 'text', (c) => c.primaryKey())
    .addColumn('ethnicity', 'text')
    .addColumn('birth_month', 'text')
    .addColumn('native_place', 'text')
    .addColumn('political_status', 'text')
    .addColumn('joined_party', 'text')
    .addColumn('started_work', 'text')
    .addColumn('full_time_education', 'text')
    .addColumn('full_time_degree', 'text')
    .addColumn('part_time_education', 'text')
    .addColumn('part_time_degree', 'text')
    .addColumn('id_number', 'text')
    .addColumn('phone', 'text')
    .addColumn('note', 'text')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('person_details').execute();
}
