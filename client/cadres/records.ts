/**
 * The registry's read models as the cadre search and the structure statistics see them
 * (domain/cadres/): people with their details (never the ID or phone numbers, which
 * neither needs, so no key is asked for), their unit's name, departure, and the 年度考核
 * grades that stand; the org-unit tree; the villages' current posts. Read in one
 * repeatable-read transaction, so people, units and posts agree.
 */
import type { CadreRecord } from '../../domain/cadres/search';
import type { VillagePosts } from '../../domain/cadres/statistics';
import type { Grade } from '../../domain/grades';
import { PERSONAL_DATA_KEYS } from '../../domain/personalData';
import type { DB } from '../../schema/db';
import { DETAIL_SELECTION, sealedDetailsOfRow } from '../roster/personDetailsRow';

export interface CadreData {
  records: CadreRecord[];
  villages: VillagePosts[];
  townships: Array<{ townshipId: string; name: string }>;
  countyName: string;
  /** Whether `unit` is `ancestor` or lies under it. */
  unitsUnder: (unit: string, ancestor: string) => boolean;
}

/** `township`: only that township's people and villages (a township member's scope). */
export async function readCadreData(db: DB, township?: string): Promise<CadreData> {
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (tx) => {
      const units = await tx.selectFrom('org_units').selectAll().orderBy('org_unit_id').execute();
      let people = tx
        .selectFrom('people')
        .innerJoin('org_units', 'org_units.org_unit_id', 'people.org_unit_id')
        .leftJoin('person_departures', 'person_departures.person_id', 'people.person_id')
        .leftJoin('person_details', 'person_details.person_id', 'people.person_id')
        .select(DETAIL_SELECTION)
        .select([
          'people.person_id',
          'people.name',
          'people.gender',
          'people.birth_year',
          'people.org_unit_id',
          'people.township_id',
          'people.rank',
          'people.current_title',
          'people.probation_status',
          'org_units.name as unit_name',
          'person_departures.reason as departed',
        ]);
      if (township) people = people.where('people.township_id', '=', township);
      const rows = await people.orderBy('people.person_id').execute();
      let gradeQuery = tx.selectFrom('evaluation_cadres').select(['person_id', 'year', 'grade']).where('grade', 'is not', null);
      if (township) gradeQuery = gradeQuery.where('township_id', '=', township);
      const grades = new Map<string, Array<{ year: number; grade: Grade }>>();
      for (const g of await gradeQuery.orderBy('year').execute()) {
        const list = grades.get(g.person_id) ?? [];
        list.push({ year: g.year, grade: g.grade! });
        grades.set(g.person_id, list);
      }
      let postQuery = tx
        .selectFrom('post_assignments')
        .innerJoin('org_units', 'org_units.org_unit_id', 'post_assignments.org_unit_id')
        .leftJoin('person_departures', 'person_departures.person_id', 'post_assignments.person_id')
        .where('post_assignments.ended_on', 'is', null)
        .where('person_departures.person_id', 'is', null)
        .where('org_units.kind', '=', 'village')
        .select(['post_assignments.org_unit_id', 'post_assignments.person_id', 'post_assignments.title']);
      if (township) postQuery = postQuery.where('org_units.township_id', '=', township);
      const posts = await postQuery.execute();

      const parent = new Map(units.map((u) => [u.org_unit_id, u.parent_id]));
      const villages = units
        .filter(
          (u) => u.kind === 'village' && u.effective_to === null && u.township_id !== null && (!township || u.township_id === township),
        )
        .map((u) => ({
          orgUnitId: u.org_unit_id,
          townshipId: u.township_id!,
          posts: posts.filter((p) => p.org_unit_id === u.org_unit_id).map((p) => ({ personId: p.person_id, title: p.title })),
        }));
      return {
        records: rows.map((r) => {
          const details = sealedDetailsOfRow(r);
          // Sealed text is of no use here and must not travel further.
          for (const k of PERSONAL_DATA_KEYS) delete details[k];
          return {
            personId: r.person_id,
            name: r.name,
            gender: r.gender,
            birthYear: r.birth_year,
            orgUnitId: r.org_unit_id,
            orgUnitName: r.unit_name,
            townshipId: r.township_id,
            rank: r.rank,
            title: r.current_title,
            probation: r.probation_status,
            details,
            grades: grades.get(r.person_id) ?? [],
            departed: r.departed !== null,
          };
        }),
        villages,
        townships: units
          .filter((u) => u.kind === 'township' && u.effective_to === null && (!township || u.org_unit_id === township))
          .map((u) => ({ townshipId: u.org_unit_id, name: u.name })),
        countyName: units.find((u) => u.kind === 'county')?.name ?? '',
        unitsUnder: (unit, ancestor) => {
          // Bounded: a cycle in a broken tree must not hang the search.
          let at: string | null | undefined = unit;
          for (let depth = 0; at && depth < 16; depth++, at = parent.get(at)) if (at === ancestor) return true;
          return false;
        },
      };
    });
}
