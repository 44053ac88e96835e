/**
 * The registry as a roster is checked against and exported from: every org unit
 * (dissolved ones too, so a roster naming one is told so) and every serving person (not
 * retired or dead) with the current post, read from the read models in one transaction so units and people agree.
 */
import type { RegistrySnapshot } from '../../domain/roster/registry';
import type { DB } from '../../schema/db';
import type { PersonalDataCipher } from '../crypto/personalData';
import { DETAIL_SELECTION, detailsOfRow } from './personDetailsRow';
import { recordAccess, type AccessBy } from '../api/accessLog';
import { PERSONAL_DATA_KEYS } from '../../domain/personalData';

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

/**
 * The snapshot a roster file is written from: the same read, and when it holds any ID or
 * phone number (which the file carries whole), a `person.personal-data-viewed` entry in
 * the access log naming who exported how many, recorded before the data leaves.
 */
export async function exportRegistrySnapshot(db: DB, by: AccessBy, personalData?: PersonalDataCipher): Promise<RegistrySnapshot> {
  const snapshot = await readRegistrySnapshot(db, personalData);
  const withPersonalData = snapshot.people.filter((p) => PERSONAL_DATA_KEYS.some((k) => p.details[k] !== undefined)).length;
  if (withPersonalData > 0) {
    await db
      .transaction()
      .execute((trx) =>
        recordAccess(trx, by, 'person.personal-data-viewed', 'roster', { people: withPersonalData, fields: [...PERSONAL_DATA_KEYS] }),
      );
  }
  return snapshot;
}
