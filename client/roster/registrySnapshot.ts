/**
 * The registry as a roster is checked against and exported from: every org unit
 * (dissolved ones too, so a roster naming one is told so) and every serving person (not
 * retired or dead) with the current post, read from the read models in one transaction so units and people agree.
 */
import type { RegistrySnapshot } from '../../domain/roster/registry';
import type { DB } from '../../schema/db';
import type { PersonalDataCipher } from '../crypto/personalData';
import { DETAIL_SELECTION, detailsOfRow } from './personDetailsRow';

/** `personalData` opens the ID and phone numbers; without it a registry that holds any cannot be read as a roster. */
export async function readRegistrySnapshot(db: DB, personalData?: PersonalDataCipher): Promise<RegistrySnapshot> {
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (tx) => {
      const units = await tx.selectFrom('org_units').selectAll().orderBy('org_unit_id').execute();
      const people = await tx
        .selectFrom('people')
        .leftJoin('post_assignments', 'post_assignments.assignment_id', 'people.current_assignment_id')
        .leftJoin('person_departures', 'person_departures.person_id', 'people.person_id')
        // Retired and dead people are off the roster; their history stays in the registry.
        .where('person_departures.person_id', 'is', null)
        .leftJoin('person_details', 'person_details.person_id', 'people.person_id')
        .select(DETAIL_SELECTION)
        .select([
          'people.person_id',
          'people.name',
          'people.gender',
          'people.birth_year',
          'people.org_unit_id',
          'people.rank',
          'people.current_title',
          'people.current_org_unit_id',
          'post_assignments.started_on',
          'post_assignments.assignment_id',
        ])
        .orderBy('people.person_id')
        .execute();
      return {
        orgUnits: units.map((u) => ({
          orgUnitId: u.org_unit_id,
          name: u.name,
          kind: u.kind,
          parentId: u.parent_id,
          effectiveFrom: u.effective_from,
          dissolved: u.effective_to === null ? null : { effectiveTo: u.effective_to, mergedInto: u.merged_into },
        })),
        people: people.map((p) => ({
          personId: p.person_id,
          name: p.name,
          gender: p.gender,
          birthYear: p.birth_year,
          orgUnitId: p.org_unit_id,
          rank: p.rank,
          details: detailsOfRow(p, personalData),
          post:
            p.current_title !== null && p.current_org_unit_id !== null && p.started_on !== null
              ? { title: p.current_title, orgUnitId: p.current_org_unit_id, startedOn: p.started_on, assignmentId: p.assignment_id! }
              : null,
        })),
      };
    });
}
