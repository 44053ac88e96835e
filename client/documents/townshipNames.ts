/** Township ids to names, and the county's name, from the `org_units` read model. */
import type { DB } from '../../schema/db';

export async function townshipNames(db: DB): Promise<Map<string, string>> {
  const rows = await db.selectFrom('org_units').select(['org_unit_id', 'name']).where('kind', '=', 'township').execute();
  return new Map(rows.map((r) => [r.org_unit_id, r.name]));
}

export async function countyName(db: DB): Promise<string | null> {
  const row = await db.selectFrom('org_units').select('name').where('kind', '=', 'county').orderBy('org_unit_id').executeTakeFirst();
  return row?.name ?? null;
}
